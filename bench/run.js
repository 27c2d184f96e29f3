// npm run bench: first the short runs a user waits on (set "startup"), each repeated and
// given as its median:
//   --version, --help
//   a 20-pair run, --tokenizer approx and llama2
//   the authors' job: 10,000 pairs, --epochs 4 --max-k 10 --max-tokens 2000, llama2 (the
//   shape of run the Mosaic-IT authors made, scaled to a minute's patience)
// Then `mosaic-it augment` against what any tool must spend, side by side, on generated
// alpaca datasets (bench/dataset.js):
//   100k   100,000 records, JSON Lines
//   1m     1,000,000 records, JSON Lines
//   array  1,300,000 records in one JSON array file over 1 GB (too big for one V8 string)
// For each dataset:
//   (b) augment --tokenizer approx -q                (otherwise default options)
//   (c) augment -q, the default tokenizer (llama2)
//   (a) the I/O floor of each of those runs (bench/io-floor.js): parse the input, then
//       stringify, write and fsync the very records that run wrote
//   (d) one llama2 tokenization pass over every pair's prompt and output with the native
//       engine (bench/tokenize-pass.js), and the same as the tool counts (pre-token memo)
// and prints b/a and c/(a+d): how far the tool is from the unavoidable work. Every process
// is spawned with bench/rss-probe.js (node --import) for its peak RSS and CPU time.
//
// Set "threads": the crossover of worker threads. augment -q with --threads 1 and with
// --threads 2 given explicitly, for the counters that can use workers (approx at 10k, 100k
// and 1M pairs; o200k_base at 10k and 100k), one run each: where, if anywhere, workers
// beat one thread on this machine. The default (--threads unset) follows from it
// (parallel/thread-choice.ts).
//
// Environment: BENCH_SETS=startup,100k,1m,array,threads (default all), BENCH_SKIP=llama2 (no (c) or
// (d), no llama2 startup runs).
// A JSON blob with every figure is printed at the end (for the README); `--json` prints
// only that blob on stdout. Progress goes to stderr. The 10M-pair run is bench/huge.js;
// shards counting for themselves against one shared counts file (mosaic-it count, augment
// --counts) is bench/shards.js.
// Speed is measured here and reported in the README; no test asserts a time.
import { spawnSync } from 'node:child_process';
import { createReadStream, existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { basename, join } from 'node:path';
import { benchDir, dataset, root } from './dataset.js';

const bin = join(root, 'bin', 'mosaic-it.js');
const probe = join(root, 'bench', 'rss-probe.js');

const SETS = {
  '100k': { count: 100_000 },
  '1m': { count: 1_000_000 },
  // About 1.3M records of ~840 bytes: just over 1 GB, checked below.
  array: { count: 1_300_000, array: true, minBytes: 1e9 },
};
const STARTUP = 'startup';
const THREADS = 'threads';
const selected = (process.env.BENCH_SETS ?? `${STARTUP},100k,1m,array,${THREADS}`).split(',').map((s) => s.trim()).filter(Boolean);
for (const name of selected) {
  if (!SETS[name] && name !== STARTUP && name !== THREADS) throw new Error(`BENCH_SETS: unknown set "${name}" (known: ${[STARTUP, ...Object.keys(SETS), THREADS].join(', ')})`);
}
const skip = new Set((process.env.BENCH_SKIP ?? '').split(',').map((s) => s.trim()));
const llama2 = !skip.has('llama2');
const jsonOnly = process.argv.includes('--json');
const print = jsonOnly ? () => {} : (line = '') => console.log(line);

// Scratch files of this run, removed after each measurement and on any exit: the tool's
// outputs are several times the input, and only the generated inputs are worth keeping.
const toolOut = join(benchDir, `run-${process.pid}-out.jsonl`);
const floorOut = join(benchDir, `run-${process.pid}-floor.jsonl`);
// The tool writes to a hidden temporary file beside its output and renames it when done,
// so an interrupted run can leave that behind too.
const cleanUp = () => {
  for (const path of [toolOut, floorOut]) rmSync(path, { force: true });
  const partial = `.${basename(toolOut)}.`;
  for (const name of readdirSync(benchDir)) if (name.startsWith(partial)) rmSync(join(benchDir, name), { force: true });
};
process.on('exit', cleanUp);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => process.exit(130));

const progress = (message) => process.stderr.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);

/** Spawns `node --import rss-probe.js ...args`; wall time from spawn to exit, peak RSS, CPU time. */
function spawnNode(label, args) {
  const started = process.hrtime.bigint();
  const child = spawnSync(process.execPath, ['--import', probe, ...args], {
    cwd: root,
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'pipe'],
    maxBuffer: 1 << 26,
  });
  const wallSeconds = Number(process.hrtime.bigint() - started) / 1e9;
  if (child.status !== 0) {
    process.stderr.write(child.stderr ?? '');
    throw new Error(`${label}: exit ${child.status ?? child.signal}`);
  }
  const rssKB = Number(/@@bench maxRSS_KB=(\d+)/.exec(child.stderr)?.[1] ?? Number.NaN);
  const cpuMicros = Number(/@@bench maxRSS_KB=\d+ cpu_us=(\d+)/.exec(child.stderr)?.[1] ?? Number.NaN);
  return { wallSeconds, rssMB: rssKB / 1024, cpuSeconds: cpuMicros / 1e6, stdout: child.stdout };
}

/** Newlines in a file: the tool's record count under -q (one JSON Lines record per line). */
async function countLines(path) {
  let lines = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    for (let i = chunk.indexOf(10); i >= 0; i = chunk.indexOf(10, i + 1)) lines++;
  }
  return lines;
}

/** One augment run and the I/O floor of its output; the outputs are deleted afterwards. */
async function augmentAndFloor(set, label, input, flags) {
  progress(`${set}: ${label}: augment ${flags.join(' ')}`);
  const run = spawnNode(label, [bin, 'augment', input, '-o', toolOut, ...flags]);
  const outputBytes = statSync(toolOut).size;
  const mosaics = await countLines(toolOut);
  progress(`${set}: ${label}: I/O floor of that output`);
  const floorRun = spawnNode(`floor of ${label}`, [join(root, 'bench', 'io-floor.js'), input, toolOut, floorOut]);
  const floor = JSON.parse(floorRun.stdout.trim().split('\n').pop());
  if (floor.written !== mosaics) throw new Error(`floor of ${label}: wrote ${floor.written} records, the tool ${mosaics}`);
  cleanUp();
  return {
    tool: { seconds: run.wallSeconds, wallSeconds: run.wallSeconds, rssMB: run.rssMB, outputBytes, mosaics },
    floor: {
      seconds: floor.seconds,
      parseSeconds: floor.parseSeconds,
      writeSeconds: floor.writeSeconds,
      wallSeconds: floorRun.wallSeconds,
      rssMB: floorRun.rssMB,
      records: floor.records,
    },
  };
}

/** (d): the tokenization pass, in its own process. */
function tokenizationPass(set, input) {
  progress(`${set}: (d) llama2 tokenization pass`);
  const run = spawnNode('tokenization pass', [join(root, 'bench', 'tokenize-pass.js'), input]);
  return { ...JSON.parse(run.stdout.trim().split('\n').pop()), wallSeconds: run.wallSeconds, rssMB: run.rssMB };
}

async function measure(name) {
  const spec = SETS[name];
  const input = dataset(spec.count, { array: spec.array, log: progress });
  const inputBytes = statSync(input).size;
  if (spec.minBytes && inputBytes <= spec.minBytes) throw new Error(`${input}: ${inputBytes} bytes, expected over ${spec.minBytes}`);
  const result = { input: basename(input), records: spec.count, inputBytes };
  result.approx = await augmentAndFloor(name, '(b) approx', input, ['--tokenizer', 'approx', '-q']);
  if (llama2) {
    result.llama2 = await augmentAndFloor(name, '(c) llama2', input, ['-q']);
    result.tokenize = tokenizationPass(name, input);
  }
  const { approx, llama2: l2, tokenize } = result;
  result.ratios = {
    approxOverFloor: approx.tool.seconds / approx.floor.seconds,
    approxRssOverInput: (approx.tool.rssMB * 2 ** 20) / inputBytes,
    ...(l2
      ? {
          llama2OverFloorPlusTokenize: l2.tool.seconds / (l2.floor.seconds + tokenize.engineSeconds),
          llama2RssOverInput: (l2.tool.rssMB * 2 ** 20) / inputBytes,
        }
      : {}),
  };
  return result;
}

// ---- startup and the authors' job ----

// Runs per measurement: enough for a stable median of the short ones, while the job
// (seconds each) is repeated less.
const STARTUP_RUNS = { short: 11, small: 7, job: 3 };
const JOB = { pairs: 10_000, flags: ['--epochs', '4', '--max-k', '10', '--max-tokens', '2000'] };
const SMALL_PAIRS = 20;

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/** One command spawned `runs` times: medians of wall and CPU time, the fastest wall, peak RSS. */
async function repeated(label, args, runs, { output = false } = {}) {
  progress(`${STARTUP}: ${label} (${runs} runs)`);
  const samples = [];
  let outputBytes = null;
  let mosaics = null;
  for (let i = 0; i < runs; i++) {
    samples.push(spawnNode(label, args));
    if (output) {
      outputBytes = statSync(toolOut).size;
      mosaics = await countLines(toolOut);
      cleanUp();
    }
  }
  return {
    runs,
    wallSeconds: median(samples.map((r) => r.wallSeconds)),
    minWallSeconds: Math.min(...samples.map((r) => r.wallSeconds)),
    cpuSeconds: median(samples.map((r) => r.cpuSeconds)),
    rssMB: Math.max(...samples.map((r) => r.rssMB)),
    ...(output ? { outputBytes, mosaics } : {}),
  };
}

async function measureStartup() {
  const small = dataset(SMALL_PAIRS, { log: progress });
  const job = dataset(JOB.pairs, { log: progress });
  const augment = (input, flags) => [bin, 'augment', input, '-o', toolOut, '-q', ...flags];
  const result = {
    version: await repeated('--version', [bin, '--version'], STARTUP_RUNS.short),
    help: await repeated('--help', [bin, '--help'], STARTUP_RUNS.short),
    approx20: await repeated(`${SMALL_PAIRS} pairs, approx`, augment(small, ['--tokenizer', 'approx']), STARTUP_RUNS.small, { output: true }),
  };
  if (llama2) {
    result.llama2_20 = await repeated(`${SMALL_PAIRS} pairs, llama2`, augment(small, []), STARTUP_RUNS.small, { output: true });
    result.authorsJob = {
      pairs: JOB.pairs,
      flags: JOB.flags.join(' '),
      ...(await repeated(`authors' job: ${JOB.pairs} pairs, llama2, ${JOB.flags.join(' ')}`, augment(job, JOB.flags), STARTUP_RUNS.job, { output: true })),
    };
  }
  return result;
}

function startupTable(result) {
  const rows = [
    ['--version', result.version],
    ['--help', result.help],
    [`augment, ${SMALL_PAIRS} pairs, --tokenizer approx`, result.approx20],
    ...(result.llama2_20 ? [[`augment, ${SMALL_PAIRS} pairs, llama2`, result.llama2_20]] : []),
    ...(result.authorsJob ? [[`authors' job: ${JOB.pairs} pairs, llama2, ${JOB.flags.join(' ')}`, result.authorsJob]] : []),
  ].map(([label, m]) => [label, m.runs, fixed(m.wallSeconds, 3), fixed(m.minWallSeconds, 3), fixed(m.cpuSeconds, 3), fixed(m.rssMB, 0), m.mosaics ?? '']);
  const head = ['measurement', 'runs', 'wall s', 'fastest s', 'cpu s', 'peak RSS MB', 'mosaics'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const format = (cells) => cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
  print(`\nstartup and the authors' job: medians of wall and CPU time (CPU: every thread of the process)`);
  print(format(head));
  for (const r of rows) print(format(r));
}

// ---- threads: where workers pay off ----

const THREAD_RUNS = [
  { tokenizer: 'approx', pairs: [10_000, 100_000, 1_000_000] },
  { tokenizer: 'o200k_base', pairs: [10_000, 100_000] },
];

async function measureThreads() {
  const rows = [];
  for (const { tokenizer, pairs } of THREAD_RUNS) {
    for (const count of pairs) {
      const input = dataset(count, { log: progress });
      const row = { tokenizer, pairs: count };
      for (const threads of [1, 2]) {
        progress(`${THREADS}: ${tokenizer}, ${count} pairs, --threads ${threads}`);
        const run = spawnNode(`threads ${threads}`, [bin, 'augment', input, '-o', toolOut, '-q', '--tokenizer', tokenizer, '--threads', String(threads)]);
        cleanUp();
        row[`threads${threads}`] = { wallSeconds: run.wallSeconds, cpuSeconds: run.cpuSeconds, rssMB: run.rssMB };
      }
      row.twoOverOne = row.threads2.wallSeconds / row.threads1.wallSeconds;
      rows.push(row);
    }
  }
  return rows;
}

function threadsTable(rows) {
  print(`\nthreads: augment -q, wall time with --threads 1 and --threads 2 (${machine.cpus} CPUs)`);
  const head = ['tokenizer', 'pairs', '1 thread s', '2 workers s', '2/1', 'RSS 1 MB', 'RSS 2 MB'];
  const cells = rows.map((r) => [r.tokenizer, r.pairs, fixed(r.threads1.wallSeconds, 2), fixed(r.threads2.wallSeconds, 2), fixed(r.twoOverOne, 2), fixed(r.threads1.rssMB, 0), fixed(r.threads2.rssMB, 0)]);
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((r) => String(r[i]).length)));
  const format = (line) => line.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
  print(format(head));
  for (const r of cells) print(format(r));
}

// ---- report ----

const mb = (bytes) => bytes / 1e6;
const fixed = (x, digits) => (Number.isFinite(x) ? x.toFixed(digits) : '-');

function table(result) {
  const inputMB = mb(result.inputBytes);
  const rows = [];
  const row = (label, seconds, wall, rssMB, outputBytes, mosaics) =>
    rows.push([label, fixed(seconds, 2), fixed(wall, 2), fixed(inputMB / seconds, 1), fixed(rssMB, 0), outputBytes === null ? '' : fixed(mb(outputBytes), 1), mosaics ?? '']);
  const pair = (tag, m) => {
    row(`(a) I/O floor for (${tag})`, m.floor.seconds, m.floor.wallSeconds, m.floor.rssMB, null, null);
    row(`(${tag}) augment${tag === 'b' ? ' --tokenizer approx' : ' (llama2)'}`, m.tool.seconds, m.tool.wallSeconds, m.tool.rssMB, m.tool.outputBytes, m.tool.mosaics);
  };
  pair('b', result.approx);
  if (result.llama2) {
    pair('c', result.llama2);
    const t = result.tokenize;
    row('(d) llama2 tokenize, engine alone', t.engineSeconds, t.wallSeconds, t.rssMB, null, null);
    row('    llama2 as the tool counts (memo)', t.memoSeconds, null, null, null, null);
  }
  const head = ['measurement', 'time s', 'wall s', 'input MB/s', 'peak RSS MB', 'output MB', 'mosaics'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const format = (cells) => cells.map((c, i) => (i === 0 ? String(c).padEnd(widths[i]) : String(c).padStart(widths[i]))).join('  ');
  print(`\n${result.input}: ${result.records} records, ${fixed(inputMB, 1)} MB`);
  print(format(head));
  for (const r of rows) print(format(r));
  const { approx, llama2: l2, tokenize: t, ratios } = result;
  print(`floor (b): parse ${fixed(approx.floor.parseSeconds, 2)} s + stringify/write/fsync ${fixed(approx.floor.writeSeconds, 2)} s`);
  if (l2) print(`floor (c): parse ${fixed(l2.floor.parseSeconds, 2)} s + stringify/write/fsync ${fixed(l2.floor.writeSeconds, 2)} s`);
  if (t) {
    print(
      `(d): ${t.texts} texts, ${fixed(mb(t.textBytes), 1)} MB of text, ${t.tokens} tokens; ` +
        `the memo sent ${t.memoMisses} of ${t.memoLookups} pre-tokens to the engine`,
    );
  }
  print(`b/a = ${fixed(ratios.approxOverFloor, 2)}   peak RSS (b) = ${fixed(ratios.approxRssOverInput, 2)} x input size`);
  if (l2) print(`c/(a+d) = ${fixed(ratios.llama2OverFloorPlusTokenize, 2)}   peak RSS (c) = ${fixed(ratios.llama2RssOverInput, 2)} x input size`);
}

const machine = {
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model ?? 'unknown',
  totalMemGiB: Number((totalmem() / 2 ** 30).toFixed(1)),
  node: process.version,
};
print(`machine: ${machine.cpus} x ${machine.cpuModel}, ${machine.totalMemGiB} GiB RAM, node ${machine.node}`);
print(`sets: ${selected.join(', ')}${llama2 ? '' : ' (llama2 skipped)'}; time s is the wall time of augment, the timed work of the floor, the tokenization alone for (d)`);
if (!existsSync(bin)) throw new Error(`${bin} missing`);

const startup = selected.includes(STARTUP) ? await measureStartup() : undefined;
if (startup) startupTable(startup);
const results = {};
for (const name of selected) {
  if (name === STARTUP || name === THREADS) continue;
  results[name] = await measure(name);
  table(results[name]);
}
const threads = selected.includes(THREADS) ? await measureThreads() : undefined;
if (threads) threadsTable(threads);
const blob = JSON.stringify({ machine, date: new Date().toISOString(), ...(startup ? { startup } : {}), sets: results, ...(threads ? { threads } : {}) }, null, 2);
if (jsonOnly) console.log(blob);
else print(`\nJSON:\n${blob}`);
