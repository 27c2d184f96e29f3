// node bench/huge.js [extra augment flags...]
//
// The large-input check, kept out of `npm run bench` because it needs ~8 GB of disk and a
// long while: generates (once, streamed; kept for reuse) a JSONL of 10M alpaca pairs the way
// bench/dataset.js builds every bench dataset, then runs
//   augment <input> --epochs 1 -q --memory 1G -o <output> [extra flags]
// with the default tokenizer (llama2: every pair tokenized, every sample counted exactly);
// `node bench/huge.js --tokenizer approx` gives the estimate's figure.
// and prints the wall time, input MB/s and the peak RSS (bench/rss-probe.js), which --memory
// is meant to bound whatever the input size. Extra command-line arguments are passed on to
// augment after the defaults (a repeated flag's last value wins). The output is deleted at
// the end. BENCH_HUGE_PAIRS overrides the number of pairs (for a quick try of the script).
// Run `npm run build` first.
import { spawn } from 'node:child_process';
import { readdirSync, rmSync, statSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { basename, join } from 'node:path';
import { benchDir, dataset, root } from './dataset.js';

const pairs = Number(process.env.BENCH_HUGE_PAIRS ?? 10_000_000);
if (!Number.isInteger(pairs) || pairs < 1) throw new Error(`BENCH_HUGE_PAIRS: not a positive whole number`);
const extra = process.argv.slice(2);
const progress = (message) => process.stderr.write(`[huge ${new Date().toISOString().slice(11, 19)}] ${message}\n`);

const input = dataset(pairs, { log: progress });
const output = join(benchDir, `huge-${process.pid}-out.jsonl`);
// The output is about as big as the input: never leave it behind, even on Ctrl-C.
// The tool writes to a hidden temporary file beside it first, which an interrupt can leave.
process.on('exit', () => {
  rmSync(output, { force: true });
  const partial = `.${basename(output)}.`;
  for (const name of readdirSync(benchDir)) if (name.startsWith(partial)) rmSync(join(benchDir, name), { force: true });
});
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

const flags = ['--epochs', '1', '-q', '--memory', '1G', ...extra];
const args = ['--import', join(root, 'bench', 'rss-probe.js'), join(root, 'bin', 'mosaic-it.js'), 'augment', input, '-o', output, ...flags];
progress(`node ${args.slice(2).join(' ')}`);
const started = process.hrtime.bigint();
// stderr is passed through live (a long run should show its errors as they come) and kept
// to find the probe's peak RSS line.
const child = spawn(process.execPath, args, { cwd: root, stdio: ['ignore', 'inherit', 'pipe'] });
let stderr = '';
child.stderr.setEncoding('utf8');
child.stderr.on('data', (text) => {
  stderr += text;
  if (stderr.length > 1 << 20) stderr = stderr.slice(-(1 << 16));
  process.stderr.write(text);
});
const code = await new Promise((resolve) => child.on('close', (status, signal) => resolve(status ?? signal)));
const seconds = Number(process.hrtime.bigint() - started) / 1e9;

const inputBytes = statSync(input).size;
const rssKB = Number(/@@bench maxRSS_KB=(\d+)/.exec(stderr)?.[1] ?? Number.NaN);
let outputBytes = Number.NaN;
try {
  outputBytes = statSync(output).size;
} catch {
  // no output (the run failed before writing): reported as NaN
}
const result = {
  machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? 'unknown', totalMemGiB: Number((totalmem() / 2 ** 30).toFixed(1)), node: process.version },
  input: basename(input),
  pairs,
  inputBytes,
  flags,
  exit: code,
  wallSeconds: seconds,
  inputMBps: inputBytes / 1e6 / seconds,
  peakRssMB: rssKB / 1024,
  outputBytes,
};
console.log(
  `huge: ${pairs} pairs, ${(inputBytes / 1e9).toFixed(2)} GB in, exit ${code}: ${seconds.toFixed(1)} s wall, ` +
    `${result.inputMBps.toFixed(1)} MB/s, peak RSS ${result.peakRssMB.toFixed(0)} MB, ` +
    (Number.isFinite(outputBytes) ? `${(outputBytes / 1e9).toFixed(2)} GB out` : 'no output'),
);
console.log(JSON.stringify(result));
process.exitCode = code === 0 ? 0 : 1;
