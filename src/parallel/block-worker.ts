/**
 * A worker thread's side of parallel building: it rebuilds the run's BlockBuilder from
 * what the main thread sends (the resolved options as plain data, per-pair counts, the
 * spill file's layout) and answers each block index with the block's records, already
 * serialized. Blocks are answered in the order asked.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { mosaicToRecord } from '../formats/output.js';
import { SpillPairs } from '../io/pair-store.js';
import { emptySummary } from '../mosaic/run-summary.js';
import { BlockBuilder } from '../mosaic/blocks.js';
import { SampleCounter } from '../mosaic/sample-count.js';
import { resolvePortable } from './portable-options.js';
import type { BlockDone, WorkerSetup } from './protocol.js';

const setup = workerData as WorkerSetup;
const port = parentPort;
if (!port) throw new Error('block-worker runs only as a worker thread');

const options = await resolvePortable(setup.options);
const counter = await SampleCounter.create(options.tokenizer, options.chatTemplate);
const texts = new SpillPairs(setup.spill);
const summary = emptySummary(setup.pairs.length, options);
const builder = new BlockBuilder({ ...setup.pairs, texts, spilled: true, textBytes: Number.NaN }, options, counter, summary, setup.countWindow);

async function answer(block: number): Promise<BlockDone> {
  summary.mosaics = 0;
  summary.grouped = 0;
  summary.byStrategy = { primary: 0, format: 0, permute: 0, maskout: 0 };
  summary.byRule = {};
  summary.unavailable = {};
  const lines: string[] = [];
  let placed = 0;
  let unpaired = 0;
  for await (const mosaic of builder.build(block)) {
    placed += mosaic.meta.sources.length;
    const record = mosaicToRecord(setup.output.format, mosaic, setup.output);
    if (record === null) unpaired++;
    else lines.push(JSON.stringify(record));
  }
  const { mosaics, byStrategy, grouped, byRule, unavailable } = summary;
  return { block, lines, placed, mosaics, unpaired, byStrategy, grouped, byRule, unavailable };
}

// One block at a time, in the order asked: messages that arrive meanwhile wait their turn.
let queue = Promise.resolve();
port.on('message', (block: number) => {
  queue = queue.then(async () => {
    try {
      port.postMessage(await answer(block));
    } catch (error) {
      port.postMessage({ block, error: error instanceof Error ? (error.stack ?? error.message) : String(error) });
    }
  });
});
port.postMessage({ ready: true });
