/**
 * runAugmentation as a library user calls it: whichever way a run is built (this thread,
 * worker threads, shards, texts past a tiny memory budget, pairs given in memory), it
 * gives the same records, byte for byte. Worker threads run the built worker
 * (dist/parallel/block-worker.js): build first.
 */
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countPairs } from '../src/counts/count-pairs.js';
import { DataError } from '../src/errors.js';
import { readPairs } from '../src/io/read-pairs.js';
import type { AugmentSummary } from '../src/mosaic/augment.js';
import { resolveAugmentOptions, type ResolvedAugmentOptions } from '../src/options.js';
import { runAugmentation, type AugmentationRun, type RunInputs, type RunSettings } from '../src/run.js';
import { approxCounter } from '../src/tokens/approx.js';
import { HANG } from './helpers/timeouts.js';

const ALPACA = fileURLToPath(new URL('../../shared/data/alpaca_en_demo.json', import.meta.url));
const BUILT_WORKER = fileURLToPath(new URL('../dist/parallel/block-worker.js', import.meta.url));

let options: ResolvedAugmentOptions;
let spillDirectory: string;

beforeAll(async () => {
  if (!existsSync(BUILT_WORKER)) throw new Error(`${BUILT_WORKER} not found: run "npm run build" first (worker threads run the built worker)`);
  if (!existsSync(ALPACA)) throw new Error(`test data not found at ${ALPACA}; the shared data folder must sit beside the repository`);
  // 999 pairs, 4 epochs: one block of pairs per epoch, four blocks to build or share out.
  options = await resolveAugmentOptions({ tokenizer: 'approx', epochs: 4, seed: 11 });
  spillDirectory = mkdtempSync(join(tmpdir(), 'mosaic-it-run-'));
});
afterAll(() => rmSync(spillDirectory, { recursive: true, force: true }));

/** What a library user keeps of a run: every record as JSON text, and the counts. */
async function runLines(settings: RunSettings = {}, inputs: RunInputs = [ALPACA], given = options): Promise<{ lines: string[]; run: AugmentationRun }> {
  const run = await runAugmentation(inputs, given, { meta: true, spillDirectory, ...settings });
  const lines: string[] = [];
  for await (const line of run.json()) lines.push(line);
  return { lines, run };
}

/** The counts a run adds up from its blocks, which must not depend on who built them. */
function built(summary: AugmentSummary) {
  const { mosaics, grouped, byStrategy, byRule, unavailable, droppedOverBudget } = summary;
  return { mosaics, grouped, byStrategy, byRule, unavailable, droppedOverBudget };
}

describe('runAugmentation', () => {
  let serial: { lines: string[]; run: AugmentationRun };
  beforeAll(async () => {
    serial = await runLines();
  }, HANG);

  it('builds in this thread by default, every block of every epoch', () => {
    expect(serial.run.threads).toBe(1);
    expect(serial.run.format).toBe('alpaca');
    expect(serial.run.dataset.records).toBe(999);
    expect(serial.lines.length).toBe(serial.run.summary.mosaics);
    const epochs = new Set(serial.lines.map((line) => (JSON.parse(line) as { meta: { epoch: number } }).meta.epoch));
    expect([...epochs]).toEqual([0, 1, 2, 3]);
  });

  it('gives the same records and counts on two worker threads', async () => {
    const threaded = await runLines({ threads: 2 });
    expect(threaded.run.threads).toBe(2);
    expect(threaded.lines).toEqual(serial.lines);
    expect(built(threaded.run.summary)).toEqual(built(serial.run.summary));
  }, HANG);

  it('gives the whole run as the concatenation of its shards, in one thread or two', async () => {
    const inThread: string[] = [];
    for (let index = 0; index < 3; index++) inThread.push(...(await runLines({ shard: { index, count: 3 } })).lines);
    expect(inThread).toEqual(serial.lines);
    // Two blocks per shard: each shard is shared out between two worker threads.
    const onThreads: string[] = [];
    for (let index = 0; index < 2; index++) {
      const shard = await runLines({ shard: { index, count: 2 }, threads: 2 });
      expect(shard.run.threads).toBe(2);
      onThreads.push(...shard.lines);
    }
    expect(onThreads).toEqual(serial.lines);
  }, HANG);

  it('gives the same records with texts past a tiny memory budget, in one thread or two', async () => {
    const spilled = await runLines({ memoryBytes: 1 });
    expect(spilled.run.spilled).toBe(true);
    expect(serial.run.spilled).toBe(false);
    expect(spilled.lines).toEqual(serial.lines);
    const both = await runLines({ memoryBytes: 1, threads: 2 });
    expect(both.lines).toEqual(serial.lines);
  }, HANG);

  it('gives the same records with a counts file (countPairs, in three parts), on worker threads and in shards', async () => {
    const path = join(spillDirectory, 'alpaca.counts');
    writeFileSync(path, '');
    for (const index of [1, 2, 0]) await (await countPairs([ALPACA], options, { shard: { index, count: 3 } })).write(async (block) => appendFileSync(path, block));
    const threaded = await runLines({ threads: 2, counts: path });
    expect(threaded.run.threads).toBe(2);
    expect(threaded.lines).toEqual(serial.lines);
    const shards: string[] = [];
    for (let index = 0; index < 2; index++) shards.push(...(await runLines({ shard: { index, count: 2 }, threads: 2, counts: path })).lines);
    expect(shards).toEqual(serial.lines);
  }, HANG);

  it('takes pairs in memory as it reads them from files', async () => {
    const pairs = await readPairs([ALPACA]);
    const fromPairs = await runLines({ threads: 2 }, pairs);
    expect(fromPairs.run.threads).toBe(2);
    expect(fromPairs.lines).toEqual(serial.lines);
  }, HANG);

  it('gives records as objects that are the JSON texts, from worker threads too', async () => {
    for (const threads of [1, 2]) {
      const run = await runAugmentation([ALPACA], options, { meta: true, threads, spillDirectory });
      const records: unknown[] = [];
      for await (const record of run) records.push(record);
      expect(records.map((r) => JSON.stringify(r))).toEqual(serial.lines);
    }
  }, HANG);

  it('writes JSON Lines that are the records, from worker threads too', async () => {
    const path = join(spillDirectory, 'out.jsonl');
    const run = await runAugmentation([ALPACA], options, { meta: true, threads: 2, spillDirectory });
    expect(await run.write({ path, container: 'jsonl' })).toBe(serial.lines.length);
    expect(readFileSync(path, 'utf8')).toBe(serial.lines.map((line) => `${line}\n`).join(''));
  }, HANG);

  it('builds in this thread when records are taken as objects, or the counter cannot be loaded elsewhere', async () => {
    const asObjects = await runLines({ threads: 2, recordsAs: 'objects' });
    expect(asObjects.run.threads).toBe(1);
    expect(asObjects.lines).toEqual(serial.lines);
    // The same counter, given as an object: a worker thread would have nothing to load it from.
    const counterObject = await resolveAugmentOptions({ tokenizer: approxCounter, epochs: 4, seed: 11 });
    const own = await runLines({ threads: 2 }, [ALPACA], counterObject);
    expect(own.run.threads).toBe(1);
    expect(own.lines).toEqual(serial.lines);
  }, HANG);

  it('builds mosaics in this thread whatever threads says, the records being theirs', async () => {
    const run = await runAugmentation([ALPACA], options, { threads: 2, spillDirectory });
    const prompts: string[] = [];
    for await (const mosaic of run.mosaics()) prompts.push(mosaic.prompt);
    expect(run.threads).toBe(1);
    expect(prompts).toEqual(serial.lines.map((line) => (JSON.parse(line) as { instruction: string }).instruction));
  }, HANG);

  it('shows every pair count before building, and refuses a second iteration', async () => {
    let counted: Uint32Array | undefined;
    const run = await runAugmentation([ALPACA], options, { spillDirectory, onPairsCounted: (tokens) => void (counted = tokens.slice()) });
    expect(counted?.length).toBe(run.summary.pairs);
    for await (const _ of run.json()) break;
    await expect(run.json().next()).rejects.toThrow('only once');
  }, HANG);

  it('refuses inputs that give no mosaic before building anything', async () => {
    await expect(runAugmentation([], options)).rejects.toThrow(DataError);
    const tiny = await resolveAugmentOptions({ tokenizer: 'approx', maxTokens: 1 });
    await expect(runAugmentation([ALPACA], tiny, { spillDirectory })).rejects.toThrow(/no mosaic can be made/);
    await expect(runAugmentation([ALPACA, { source: 0, prompt: 'p', response: 'r' }] as unknown as RunInputs, options)).rejects.toThrow(TypeError);
  }, HANG);
});
