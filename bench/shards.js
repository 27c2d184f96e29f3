// node bench/shards.js [--json]
//
// Counting once for many shards, against every shard counting for itself. On the 1M-pair
// dataset (bench/dataset.js), default options (llama2), the n shards of
// `augment --shard i/n` are run one after another (a 2-core machine cannot run 8 at once;
// n machines would), twice:
//   self    each shard reads and counts every pair, as augment does without a counts file;
//   shared  `mosaic-it count --shard i/n` makes n parts (each tokenizes 1/n of the pairs,
//           the n parts one after another too), concatenated into one counts file, then
//           each shard runs with --counts.
// Reported per mode: each shard's wall and CPU time (mean and max), the total CPU time,
// and for shared the count step's (per part, mean and max, and in all); then what n
// machines would wait, wall-clock: self = the slowest shard, shared = the slowest count
// part + the slowest shard. The shards' outputs, concatenated, must be the same bytes in
// both modes (their sha256 is compared; a difference stops the bench).
//
// Environment: BENCH_SHARDS_PAIRS (default 1000000; e.g. 20000 for a quick try),
// BENCH_SHARDS (default 8), BENCH_SHARDS_FLAGS (more augment and count flags, space
// separated, e.g. "--tokenizer approx"). A JSON blob with every figure is printed at the
// end; `--json` prints only that blob on stdout. Progress goes to stderr. Every process is
// spawned with bench/rss-probe.js (node --import) for its CPU time and peak RSS. Outputs
// and counts files are deleted as soon as they are measured. Run `npm run build` first.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { basename, join } from 'node:path';
import { benchDir, dataset, root } from './dataset.js';

const pairs = Number(process.env.BENCH_SHARDS_PAIRS ?? 1_000_000);
const shards = Number(process.env.BENCH_SHARDS ?? 8);
if (!Number.isInteger(pairs) || pairs < 1) throw new Error('BENCH_SHARDS_PAIRS: not a positive whole number');
if (!Number.isInteger(shards) || shards < 1) throw new Error('BENCH_SHARDS: not a positive whole number');
const extra = (process.env.BENCH_SHARDS_FLAGS ?? '').split(' ').filter(Boolean);
const jsonOnly = process.argv.includes('--json');
const print = jsonOnly ? () => {} : (line = '') => console.log(line);
const progress = (message) => process.stderr.write(`[shards ${new Date().toISOString().slice(11, 19)}] ${message}\n`);

const bin = join(root, 'bin', 'mosaic-it.js');
const probe = join(root, 'bench', 'rss-probe.js');
const scratch = (name) => join(benchDir, `shards-${process.pid}-${name}`);

// Everything this run writes is scratch, removed on any exit; the tool's hidden temporary
// files (written beside a target, renamed when done) too.
const cleanUp = () => {
  const mine = `shards-${process.pid}-`;
  for (const name of readdirSync(benchDir)) if (name.startsWith(mine) || name.startsWith(`.${mine}`)) rmSync(join(benchDir, name), { force: true });
};
process.on('exit', cleanUp);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

/** Spawns `node --import rss-probe.js bin ...args`: wall time from spawn to exit, CPU time (every thread), peak RSS. */
function run(label, args) {
  progress(`${label}: mosaic-it ${args.map((a) => (a.startsWith(benchDir) ? basename(a) : a)).join(' ')}`);
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, ['--import', probe, bin, ...args], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'ignore', 'pipe'] });
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (child.status !== 0) {
    process.stderr.write(child.stderr ?? '');
    throw new Error(`${label}: exit ${child.status ?? child.signal}`);
  }
  const probed = /@@bench maxRSS_KB=(\d+) cpu_us=(\d+)/.exec(child.stderr);
  return { wallSeconds, cpuSeconds: Number(probed?.[2] ?? Number.NaN) / 1e6, rssMB: Number(probed?.[1] ?? Number.NaN) / 1024 };
}

const mean = (values) => values.reduce((a, b) => a + b, 0) / values.length;
const sum = (values) => values.reduce((a, b) => a + b, 0);

/** Wall and CPU of several runs: each one's, their mean and max, and the total CPU. */
function summary(runs) {
  const wall = runs.map((r) => r.wallSeconds);
  const cpu = runs.map((r) => r.cpuSeconds);
  return {
    runs,
    wallMeanSeconds: mean(wall),
    wallMaxSeconds: Math.max(...wall),
    cpuMeanSeconds: mean(cpu),
    cpuMaxSeconds: Math.max(...cpu),
    cpuTotalSeconds: sum(cpu),
    rssMaxMB: Math.max(...runs.map((r) => r.rssMB)),
  };
}

/** The n shards of augment, one after another; their outputs hashed in order, then deleted. */
function augmentShards(mode, input, flags) {
  const hash = createHash('sha256');
  let bytes = 0;
  const runs = [];
  for (let i = 0; i < shards; i++) {
    const output = scratch(`${mode}-${i}.jsonl`);
    runs.push(run(`${mode} shard ${i}/${shards}`, ['augment', input, '-o', output, '-q', '--shard', `${i}/${shards}`, ...flags]));
    const written = readFileSync(output);
    hash.update(written);
    bytes += written.length;
    rmSync(output);
  }
  return { ...summary(runs), outputBytes: bytes, outputSha256: hash.digest('hex') };
}

const input = dataset(pairs, { log: progress });
const result = {
  input: basename(input),
  pairs,
  inputBytes: statSync(input).size,
  shards,
  flags: extra,
  machine: { cpus: cpus().length, cpuModel: cpus()[0]?.model ?? null, memoryGB: totalmem() / 2 ** 30, node: process.version },
};

result.self = augmentShards('self', input, extra);

// The count step: n parts, each counting its share, concatenated as `cat part-*` would.
const counts = scratch('all.counts');
const countRuns = [];
writeFileSync(counts, '');
for (let i = 0; i < shards; i++) {
  const part = scratch(`part-${i}.counts`);
  countRuns.push(run(`count part ${i}/${shards}`, ['count', input, '-o', part, '-q', '--shard', `${i}/${shards}`, ...extra]));
  appendFileSync(counts, readFileSync(part));
  rmSync(part);
}
result.count = { ...summary(countRuns), countsBytes: statSync(counts).size };
result.shared = augmentShards('shared', input, [...extra, '--counts', counts]);
if (result.shared.outputSha256 !== result.self.outputSha256) {
  throw new Error(`the shards' outputs differ with the counts file: sha256 ${result.shared.outputSha256}, counting in place ${result.self.outputSha256}`);
}

// What n machines, one shard each, would wait for (the count parts run at once as well).
result.machinesWallSeconds = {
  self: result.self.wallMaxSeconds,
  shared: result.count.wallMaxSeconds + result.shared.wallMaxSeconds,
};
// CPU time spent in all, over every machine.
result.cpuTotalSeconds = {
  self: result.self.cpuTotalSeconds,
  shared: result.count.cpuTotalSeconds + result.shared.cpuTotalSeconds,
};

const s = (x) => `${x.toFixed(2)} s`;
print(`${pairs} pairs (${(result.inputBytes / 1e6).toFixed(0)} MB), ${shards} shards, one after another${extra.length ? `, flags ${extra.join(' ')}` : ''}`);
print(`  self:   shard wall mean ${s(result.self.wallMeanSeconds)}, max ${s(result.self.wallMaxSeconds)}; CPU in all ${s(result.self.cpuTotalSeconds)}`);
print(`  count:  part wall mean ${s(result.count.wallMeanSeconds)}, max ${s(result.count.wallMaxSeconds)}; CPU in all ${s(result.count.cpuTotalSeconds)}; file ${(result.count.countsBytes / 1e6).toFixed(1)} MB`);
print(`  shared: shard wall mean ${s(result.shared.wallMeanSeconds)}, max ${s(result.shared.wallMaxSeconds)}; CPU in all ${s(result.shared.cpuTotalSeconds)}`);
print(`  ${shards} machines would wait: self ${s(result.machinesWallSeconds.self)}, shared ${s(result.machinesWallSeconds.shared)} (count + shard)`);
print(`  CPU over all machines: self ${s(result.cpuTotalSeconds.self)}, shared ${s(result.cpuTotalSeconds.shared)} (count + shards)`);
print('  outputs: the same bytes either way');
print();
console.log(JSON.stringify(result, (key, value) => (key === 'runs' ? value.map((r) => ({ wall: +r.wallSeconds.toFixed(3), cpu: +r.cpuSeconds.toFixed(3), rssMB: +r.rssMB.toFixed(1) })) : value), 2));
