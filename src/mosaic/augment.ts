import { SampleCounter } from './sample-count.js';
import { pairTokens } from './pair-tokens.js';
import { MemoryPairs } from '../io/pair-store.js';
import type { PreparedPairs } from './prepared-pairs.js';
import type { Mosaic, Pair } from '../types.js';
import { emptySummary, type AugmentSummary } from './run-summary.js';
import { BlockBuilder, RunLayout, WINDOW, type Shard } from './blocks.js';
import { resolveAugmentOptions, type AugmentOptions, type ResolvedAugmentOptions } from '../options.js';

export { BLOCK_PAIRS, shardBlocks, type Shard } from './blocks.js';
export { addRuleCounts, emptySummary, type AugmentSummary } from './run-summary.js';

/**
 * How far a run has got. `count`: pairs whose tokens are counted, before the first
 * mosaic (only when the Augmentation was given an array of pairs). `build`: pairs
 * placed in mosaics, of `total` = the pairs of every block this run builds (usable
 * pairs times epochs without a shard), and mosaics yielded so far.
 */
export type AugmentProgress =
  | { readonly phase: 'count'; readonly done: number; readonly total: number }
  | { readonly phase: 'build'; readonly done: number; readonly total: number; readonly mosaics: number };

export interface AugmentationSettings {
  /**
   * How many samples a batched engine counts at once. It changes when counting happens,
   * never the output (tested); it is exposed for that test and for tuning.
   */
  readonly countWindow?: number;
  /** Called after each counted slice of pairs and after each mosaic; keep it cheap. */
  readonly onProgress?: (progress: AugmentProgress) => void;
  /** Ends the run (with the signal's reason) when aborted: checked between slices of counting and between mosaics. */
  readonly signal?: AbortSignal;
  /**
   * Build only this run's share of the blocks: the shards' outputs, concatenated in
   * index order, are the unsharded output.
   */
  readonly shard?: Shard;
}

function isPrepared(input: readonly Pair[] | PreparedPairs): input is PreparedPairs {
  return !Array.isArray(input);
}

/**
 * Turns pairs into mosaics, pass after pass. Iterate it once; `summary` is complete when
 * iteration ends. Determinism: every random choice comes from a stream named by
 * (seed, purpose, epoch, block[, group]), and group sizes are drawn per group, so the
 * output depends on nothing but the pairs, the options and the seed, whichever
 * counting mode is used and wherever the texts are kept.
 */
export class Augmentation implements AsyncIterable<Mosaic> {
  readonly summary: AugmentSummary;
  private started = false;

  private readonly countWindow: number;
  private readonly onProgress: ((progress: AugmentProgress) => void) | undefined;
  private readonly signal: AbortSignal | undefined;
  private readonly shard: Shard | undefined;

  /**
   * `input`: pairs in memory, or pairs a PairCollector prepared while reading (counted,
   * texts in memory or spilled). Prepared texts are closed when iteration ends.
   */
  constructor(
    private readonly input: readonly Pair[] | PreparedPairs,
    private readonly options: ResolvedAugmentOptions,
    settings: AugmentationSettings = {},
  ) {
    this.countWindow = settings.countWindow ?? WINDOW;
    this.onProgress = settings.onProgress;
    this.signal = settings.signal;
    this.shard = settings.shard;
    if (this.shard && !(Number.isInteger(this.shard.index) && this.shard.count >= 1 && this.shard.index >= 0 && this.shard.index < this.shard.count)) {
      throw new RangeError(`shard ${this.shard.index}/${this.shard.count}: expected 0 <= index < count`);
    }
    this.summary = emptySummary(input.length, options);
  }

  private async prepare(sample: SampleCounter): Promise<PreparedPairs> {
    const { input, onProgress, signal } = this;
    if (isPrepared(input)) return input;
    const counts = await pairTokens(
      input,
      this.options.tokenizer,
      (done, total) => {
        signal?.throwIfAborted();
        onProgress?.({ phase: 'count', done, total });
      },
      sample,
      this.options.languages,
    );
    return {
      ...counts,
      length: input.length,
      texts: new MemoryPairs(input),
      hasSystem: input.some((p) => p.system !== undefined),
      spilled: false,
      textBytes: Number.NaN,
    };
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Mosaic> {
    if (this.started) throw new Error('an Augmentation can be iterated only once');
    this.started = true;
    const counter = await SampleCounter.create(this.options.tokenizer, this.options.chatTemplate);
    const prepared = await this.prepare(counter);
    try {
      yield* this.mosaics(prepared, counter);
    } finally {
      prepared.texts.close();
    }
  }

  private async *mosaics(prepared: PreparedPairs, counter: SampleCounter): AsyncGenerator<Mosaic> {
    const { options, summary, onProgress, signal } = this;
    const builder = new BlockBuilder(prepared, options, counter, summary, this.countWindow);
    const layout = new RunLayout(prepared.alone, options, this.shard);
    summary.droppedOverBudget = prepared.length - layout.usable;
    const { first, end, pairs: total } = layout;
    let placed = 0;
    const told = (mosaic: Mosaic): Mosaic => {
      signal?.throwIfAborted();
      placed += mosaic.meta.sources.length;
      onProgress?.({ phase: 'build', done: placed, total, mosaics: summary.mosaics });
      return mosaic;
    };

    for (let b = first; b < end; b++) {
      for await (const mosaic of builder.build(b)) yield told(mosaic);
    }
  }
}

/** Validates options, loads the tokenizer, and returns the run to iterate. */
export async function augment(pairs: readonly Pair[], options: AugmentOptions = {}): Promise<Augmentation> {
  return new Augmentation(pairs, await resolveAugmentOptions(options));
}
