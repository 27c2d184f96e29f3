/**
 * Helpers for CLI tests: run the CLI in this process (runCommandLine over in-memory
 * streams, as main() runs it over the process's), make throw-away folders, read what it
 * wrote, and restate the alpaca prompt rule (instruction, plus "\n" + input when
 * non-empty) independently of src/ so provenance checks can fail. Tests that need a real
 * process (signals, a closed pipe, the bin entry, worker threads) use spawn-cli.ts.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Writable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, expect } from 'vitest';
import { runCommandLine } from '../../src/cli/main.js';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const DATA_DIR = fileURLToPath(new URL('../../../shared/data/', import.meta.url));
export const ALPACA = join(DATA_DIR, 'alpaca_en_demo.json');
export const ALPACA_COUNT = 999;

/** Call from beforeAll: the shared data the tests read must be there. */
export function assertData(): void {
  if (!existsSync(ALPACA)) {
    throw new Error(`test data not found at ${ALPACA}; the shared data folder must sit beside the repository`);
  }
}

export interface CliResult {
  readonly status: number;
  readonly stdout: Buffer;
  readonly stderr: string;
}

export interface RunOptions {
  readonly input?: string | Buffer;
  /** The folder relative paths are taken from; the repository by default, as for a spawned run. */
  readonly cwd?: string;
  /** Added to (or, undefined, removed from) this process's environment. */
  readonly env?: Readonly<Record<string, string | undefined>>;
  /** Makes stdout and stderr one terminal (isTTY, this many columns), as a shell shows them. */
  readonly terminal?: { readonly columns?: number };
  /** A stream to give the run as its stdout instead of one that collects (stdout is then empty). */
  readonly stdout?: Writable;
  readonly signal?: AbortSignal;
}

/** A stream that keeps everything written to it. */
class Collected extends Writable {
  readonly chunks: Buffer[] = [];

  constructor(terminal?: { readonly columns?: number }) {
    super({
      write: (chunk: Buffer, _encoding, done) => {
        this.chunks.push(chunk);
        done();
      },
    });
    if (terminal) Object.assign(this, { isTTY: true, columns: terminal.columns });
  }

  bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

/**
 * `augment` in-process builds on the main thread unless the test asks for --threads:
 * with a counter that answers at once (approx, the OpenAI encodings) and two blocks or
 * more (any input over several epochs), its default is a worker thread per CPU, and the
 * workers are the built dist/ files, which tests of the sources must not need. The bytes
 * are the same for any thread count; worker threads are tested in test/smoke.
 */
function onMainThread(args: readonly string[]): readonly string[] {
  const asked = args.some((a) => a === '--threads' || a.startsWith('--threads='));
  return args[0] === 'augment' && !asked ? [...args, '--threads', '1'] : args;
}

/**
 * Runs `mosaic-it <args>` to completion in this process, with stdin holding `input` (empty
 * by default, as a spawned run's closed pipe). With `terminal`, stdout and stderr go to one
 * screen, returned as stdout (stderr is then empty). augment runs on one thread unless
 * --threads is given (see onMainThread).
 */
export async function runCli(args: readonly string[], options: RunOptions = {}): Promise<CliResult> {
  const stdin = new PassThrough();
  stdin.end(options.input === undefined ? Buffer.alloc(0) : Buffer.from(options.input));
  const collected = new Collected(options.terminal);
  const stdout = options.stdout ?? collected;
  const stderr = options.terminal ? collected : new Collected();
  const env: Record<string, string | undefined> = { ...process.env };
  for (const [key, value] of Object.entries(options.env ?? {})) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  const status = await runCommandLine(
    { stdin, stdout, stderr, env, cwd: options.cwd ?? REPO_ROOT, signal: options.signal ?? new AbortController().signal },
    onMainThread(args),
  );
  return { status, stdout: collected.bytes(), stderr: stderr === collected ? '' : stderr.bytes().toString('utf8') };
}

/** `augment` with the given inputs and extra flags. */
export function augment(inputs: readonly string[], output: string, flags: readonly string[] = [], options: RunOptions = {}): Promise<CliResult> {
  return runCli(['augment', ...inputs, '-o', output, ...flags], options);
}

/** A fresh folder for one test; call the returned cleanup in afterEach/finally. */
export function tempDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'mosaic-it-e2e-'));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * For a test file: checks the data once, and returns a function that makes a fresh temp
 * folder, removed after each test.
 */
export function useTempDirs(): () => string {
  let cleanups: Array<() => void> = [];
  beforeAll(assertData);
  afterEach(() => {
    for (const c of cleanups) c();
    cleanups = [];
  });
  return () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    return t.dir;
  };
}

export function writeFixture(dir: string, name: string, content: string): string {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
}

/** JSON Lines text for records, one per line. */
export function jsonl(records: readonly unknown[]): string {
  return records.map((r) => JSON.stringify(r)).join('\n') + '\n';
}

export interface AlpacaIn {
  instruction: string;
  input?: string;
  output: string;
}

export interface Meta {
  epoch: number;
  sources: number[];
  strategy: string;
  rule: string | null;
  order: number[];
  masked: number[];
  numbered: boolean;
  lang: string;
  tokens: number;
}

export interface OutRecord {
  instruction: string;
  input: string;
  output: string;
  meta?: Meta;
}

export type MetaRecord = OutRecord & { meta: Meta };

export function parseJsonl(text: string | Buffer): OutRecord[] {
  const s = text.toString();
  expect(s.endsWith('\n'), 'JSON Lines output ends with a newline').toBe(true);
  return s
    .slice(0, -1)
    .split('\n')
    .map((line, i) => {
      try {
        return JSON.parse(line) as OutRecord;
      } catch (error) {
        throw new Error(`output line ${i + 1} is not JSON: ${(error as Error).message}`);
      }
    });
}

export function readJsonlFile(path: string): OutRecord[] {
  return parseJsonl(readFileSync(path));
}

export function loadAlpaca(): AlpacaIn[] {
  return JSON.parse(readFileSync(ALPACA, 'utf8')) as AlpacaIn[];
}

/** The prompt an alpaca record stands for, restated from the format's definition. */
export function promptOf(r: AlpacaIn): string {
  return r.input !== undefined && r.input !== '' ? `${r.instruction}\n${r.input}` : r.instruction;
}

/** Index of each needle in order, each found after the previous one; -1 where one is missing. */
export function findInOrder(haystack: string, needles: readonly string[]): number {
  let from = 0;
  for (let i = 0; i < needles.length; i++) {
    const at = haystack.indexOf(needles[i] as string, from);
    if (at === -1) return i;
    from = at + (needles[i] as string).length;
  }
  return -1;
}

export function range1(k: number): number[] {
  return Array.from({ length: k }, (_, i) => i + 1);
}

/**
 * Checks one --meta record against the inputs it claims to come from: valid sources, the
 * source prompts verbatim in sources order, the answers for meta.order in that order, the
 * budget, and the consistency of order and masked.
 */
export function checkProvenance(record: OutRecord, inputs: readonly AlpacaIn[], maxTokens: number, where: string): void {
  const meta = record.meta;
  expect(meta, `${where}: has meta`).toBeDefined();
  if (!meta) return;
  expect(Object.keys(meta).sort(), `${where}: meta keys`).toEqual(
    ['epoch', 'lang', 'masked', 'numbered', 'order', 'rule', 'sources', 'strategy', 'tokens'],
  );
  expect(record.input, `${where}: input`).toBe('');
  const k = meta.sources.length;
  expect(k, `${where}: at least one source`).toBeGreaterThan(0);
  for (const s of meta.sources) {
    expect(Number.isInteger(s) && s >= 0 && s < inputs.length, `${where}: source ${s} is an index into ${inputs.length} records`).toBe(true);
  }
  const sources = meta.sources.map((s) => inputs[s] as AlpacaIn);
  const prompts = sources.map(promptOf);
  expect(findInOrder(record.instruction, prompts), `${where}: first source prompt missing from the instruction (in order)`).toBe(-1);
  for (const n of meta.order) {
    expect(Number.isInteger(n) && n >= 1 && n <= k, `${where}: order entry ${n} within 1..${k}`).toBe(true);
  }
  expect(new Set(meta.order).size, `${where}: order has no repeats`).toBe(meta.order.length);
  const answers = meta.order.map((n) => (sources[n - 1] as AlpacaIn).output);
  expect(findInOrder(record.output, answers), `${where}: first answer (by meta.order) missing from the output (in order)`).toBe(-1);
  expect(meta.tokens, `${where}: tokens within the budget`).toBeLessThanOrEqual(maxTokens);
  expect(meta.tokens, `${where}: tokens positive`).toBeGreaterThan(0);
  if (meta.strategy === 'maskout') {
    expect(meta.masked.length, `${where}: maskout masks something`).toBeGreaterThan(0);
    expect([...meta.masked, ...meta.order].sort((a, b) => a - b), `${where}: masked and order partition 1..k`).toEqual(range1(k));
  } else {
    expect(meta.masked, `${where}: nothing masked outside maskout`).toEqual([]);
    expect([...meta.order].sort((a, b) => a - b), `${where}: order is a permutation of 1..k`).toEqual(range1(k));
  }
  if (k === 1 && meta.strategy === 'primary') {
    expect(record.instruction, `${where}: a lone primary pair is its own prompt`).toBe(prompts[0]);
    expect(record.output, `${where}: a lone primary pair is its own answer`).toBe(sources[0]?.output);
  }
}

/** Numbers parsed from the stderr summary. */
export function summaryCounts(stderr: string): { pairs: number; mosaics: number; dropped: number | null } {
  const pairs = /(\d+)\s+pairs\b/.exec(stderr);
  const mosaics = /(\d+)\s+mosaics\b/.exec(stderr);
  const dropped = /dropped\D*?(\d+)/i.exec(stderr);
  expect(pairs, `summary mentions pairs: ${stderr}`).not.toBeNull();
  expect(mosaics, `summary mentions mosaics: ${stderr}`).not.toBeNull();
  return { pairs: Number(pairs?.[1]), mosaics: Number(mosaics?.[1]), dropped: dropped ? Number(dropped[1]) : null };
}

/** The "skipped: ..." parts of the summary (on its third line, after the drops). */
export function skippedParts(stderr: string): string[] {
  return stderr.match(/skipped: [^;\n]*/g) ?? [];
}

/** Lines of stderr, without the trailing empty one. */
export function stderrLines(stderr: string): string[] {
  return stderr.split('\n').filter((l, i, all) => !(l === '' && i === all.length - 1));
}

/** A Node stack frame line, as printed for uncaught errors. */
export const STACK_FRAME = /^\s+at\s/m;

/** Groups meta records by epoch, in output order. */
export function byEpoch(records: readonly MetaRecord[]): Map<number, MetaRecord[]> {
  const out = new Map<number, MetaRecord[]>();
  for (const r of records) {
    const list = out.get(r.meta.epoch) ?? [];
    list.push(r);
    out.set(r.meta.epoch, list);
  }
  return out;
}

export function withMeta(records: readonly OutRecord[]): MetaRecord[] {
  for (const [i, r] of records.entries()) expect(r.meta, `record ${i} has meta`).toBeDefined();
  return records as MetaRecord[];
}
