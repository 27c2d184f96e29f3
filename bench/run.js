// npm run bench: measures `mosaic-it augment` on a generated dataset.
// Prints wall time, input pairs per second, MB/s and peak RSS for a few configurations.
// Speed is measured here and reported in the README; no test asserts a time.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync, rmSync } from 'node:fs';
import { cpus, totalmem, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import seedrandom from 'seedrandom';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const shared = join(root, '..', 'shared', 'data', 'alpaca_en_demo.json');
const bin = join(root, 'bin', 'mosaic-it.js');
const probe = join(root, 'bench', 'rss-probe.js');
const work = join(tmpdir(), 'mosaic-it-bench');
mkdirSync(work, { recursive: true });

const PAIRS = Number(process.env.BENCH_PAIRS ?? 100_000);

/** Resamples the real alpaca demo into PAIRS records, deterministically. */
function generate(pairs) {
  const path = join(work, `alpaca-${pairs}.jsonl`);
  if (existsSync(path)) return path;
  const source = JSON.parse(readFileSync(shared, 'utf8'));
  const rng = seedrandom.alea('bench');
  const lines = [];
  for (let i = 0; i < pairs; i++) {
    const r = source[Math.floor(rng() * source.length)];
    lines.push(JSON.stringify({ instruction: r.instruction, input: r.input, output: r.output }));
  }
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

function run(label, input, args) {
  const out = join(work, 'out.jsonl');
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, ['--import', probe, bin, 'augment', input, '-o', out, ...args], {
    encoding: 'utf8',
    maxBuffer: 1 << 26,
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (child.status !== 0) {
    process.stderr.write(child.stderr);
    throw new Error(`${label}: exit ${child.status}`);
  }
  const rss = Number(/@@bench maxRSS_KB=(\d+)/.exec(child.stderr)?.[1] ?? NaN) / 1024;
  const mosaics = Number(/-> (\d+) mosaics/.exec(child.stderr)?.[1] ?? NaN);
  const inputMB = statSync(input).size / 1e6;
  const outputMB = statSync(out).size / 1e6;
  rmSync(out);
  return { label, seconds, pairsPerSecond: PAIRS / seconds, inputMBps: inputMB / seconds, outputMB, mosaics, rssMB: rss };
}

const input = generate(PAIRS);
const inputMB = statSync(input).size / 1e6;
console.log(`mosaic-it bench: ${PAIRS} pairs, ${inputMB.toFixed(1)} MB JSONL (resampled from alpaca_en_demo.json)`);
console.log(`machine: ${cpus().length} x ${cpus()[0]?.model ?? 'cpu'}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, node ${process.version}`);
const rows = [
  run('default (llama2, 4 epochs)', input, []),
  run('llama2, 1 epoch', input, ['--epochs', '1']),
  run('approx, 4 epochs', input, ['--tokenizer', 'approx']),
  run('approx, 1 epoch', input, ['--tokenizer', 'approx', '--epochs', '1']),
  run('approx, k-dist all', input, ['--tokenizer', 'approx', '--k-dist', 'all']),
];
const tokenizing = await tokenizationPass(input);
console.log('');
console.log('configuration                 wall s   pairs/s   input MB/s   mosaics   output MB   peak RSS MB');
for (const r of rows) {
  console.log(
    `${r.label.padEnd(28)} ${r.seconds.toFixed(2).padStart(7)} ${Math.round(r.pairsPerSecond).toString().padStart(9)} ${r.inputMBps.toFixed(1).padStart(12)} ${String(r.mosaics).padStart(9)} ${r.outputMB.toFixed(1).padStart(11)} ${r.rssMB.toFixed(0).padStart(13)}`,
  );
}
console.log('\npairs/s counts input pairs per second of wall time, all epochs included.');
const share = (row) => `${((100 * tokenizing.memo.seconds) / row.seconds).toFixed(0)}%`;
console.log(
  `\ntokenization pass over every pair's prompt and response (llama2):\n` +
    `  engine alone (native encodeBatch, whole texts): ${tokenizing.engine.seconds.toFixed(2)} s, ${tokenizing.engine.mbps.toFixed(1)} MB/s\n` +
    `  as the tool counts (pre-token memo, cold): ${tokenizing.memo.seconds.toFixed(2)} s, ${tokenizing.memo.mbps.toFixed(1)} MB/s, ` +
    `${tokenizing.memo.misses} of ${tokenizing.memo.lookups} pre-tokens sent to the engine; ` +
    `${share(rows[1])} of the 1-epoch llama2 run, ${share(rows[0])} of the 4-epoch run\n` +
    `  the bench input repeats 999 distinct pairs; on those 999 alone, ${tokenizing.distinct.misses} of ${tokenizing.distinct.lookups} ` +
    `pre-tokens (${((100 * tokenizing.distinct.misses) / tokenizing.distinct.lookups).toFixed(1)}%) reach the engine`,
);

/** Prompt and response texts of a JSONL or JSON array of alpaca records, and their UTF-8 size. */
function pairTexts(records) {
  const texts = [];
  let bytes = 0;
  for (const r of records) {
    const prompt = r.input ? `${r.instruction}\n${r.input}` : r.instruction;
    texts.push(prompt, r.output);
    bytes += Buffer.byteLength(prompt) + Buffer.byteLength(r.output);
  }
  return { texts, bytes };
}

/** One llama2 tokenization pass over the input's texts: the engine alone, and as the tool's pre-pass does it. */
async function tokenizationPass(path) {
  const { llama2TokenizerJson } = await import('../dist/tokens/llama2-json.js');
  const { loadHfCounter } = await import('../dist/tokens/hf-engine.js');
  const { Tokenizer } = await import('tokenizers');
  const json = llama2TokenizerJson();
  const lines = readFileSync(path, 'utf8').split('\n').filter((line) => line !== '');
  const { texts, bytes } = pairTexts(lines.map((line) => JSON.parse(line)));
  const timed = async (work) => {
    const started = process.hrtime.bigint();
    await work();
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    return { seconds, mbps: bytes / 1e6 / seconds };
  };
  const engine = Tokenizer.fromString(json);
  const engineRun = await timed(async () => {
    for (let i = 0; i < texts.length; i += 512) await engine.encodeBatch(texts.slice(i, i + 512), { addSpecialTokens: false });
  });
  const counter = await loadHfCounter('llama2', json);
  const memoRun = await timed(() => counter.countMany(texts));
  const fresh = await loadHfCounter('llama2', json);
  await fresh.countMany(pairTexts(JSON.parse(readFileSync(shared, 'utf8'))).texts);
  return {
    engine: engineRun,
    memo: { ...memoRun, lookups: counter.memo.lookups, misses: counter.memo.misses },
    distinct: { lookups: fresh.memo.lookups, misses: fresh.memo.misses },
  };
}
