import { countsInBatches } from '../mosaic/sample-count.js';
import type { TokenCounter } from '../tokens/counter.js';

/** What the default number of threads is chosen from, known before anything is read. */
export interface ThreadWork {
  readonly cpus: number;
  readonly counter: TokenCounter;
  /** Bytes of all inputs as stored; undefined when unknown (stdin). */
  readonly inputBytes: number | undefined;
  readonly epochs: number;
  /** Shards the building is split into (1 for a whole run). */
  readonly shards: number;
}

/**
 * Input bytes (at 4 epochs, one shard) from which worker threads beat one thread, by
 * counter. Measured with `BENCH_SETS=threads npm run bench` and by hand on 2 CPUs, on the
 * bench's alpaca data (about 840 bytes a pair), --threads 2 over --threads 1, wall time:
 * - approx: 10k pairs 1.54x, 100k 1.15x, 300k 0.93x, 1M 0.74x: about 250k pairs;
 * - o200k_base: 10k 1.11x, 30k 0.92x, 100k 0.77x: about 25k pairs.
 * Each worker starts a fresh isolate and loads the counter, and on two CPUs it shares
 * them with the main thread's reading and writing; only a counter's per-pair work pays
 * that back. Below the crossover one thread is the faster, above it the workers.
 */
export const CROSSOVER_BYTES = {
  /** The built-in estimate: cheap per pair, so workers need much more of it. */
  estimate: 200e6,
  /** OpenAI's encodings (gpt-tokenizer), counted in JavaScript. */
  encoding: 20e6,
} as const;

const EPOCHS_MEASURED = 4;

/**
 * The threads a run builds with when the caller does not say: one, unless the work is
 * past the crossover for its counter, then one per CPU. Batched engines (llama2, a
 * tokenizer.json) always build in one thread (run.ts: their memo is warm there), and an
 * input of unknown size (stdin) is not guessed at.
 */
export function threadsFor(work: ThreadWork): number {
  if (work.cpus < 2 || work.inputBytes === undefined || countsInBatches(work.counter)) return 1;
  const crossover = work.counter.exact ? CROSSOVER_BYTES.encoding : CROSSOVER_BYTES.estimate;
  const building = (work.inputBytes * work.epochs) / EPOCHS_MEASURED / Math.max(1, work.shards);
  return building >= crossover ? work.cpus : 1;
}
