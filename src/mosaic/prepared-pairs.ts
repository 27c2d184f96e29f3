import type { CountColumns } from '../counts/counts-reader.js';
import { PairKeeper, SpillPairs, type PairTexts } from '../io/pair-store.js';
import type { ResolvedAugmentOptions } from '../options.js';
import type { Pair } from '../types.js';
import { COUNT_SLICE, PairCounter, type PairCounts } from './pair-tokens.js';
import { SampleCounter } from './sample-count.js';

/** Pairs ready to plan: their counts in typed arrays, their texts wherever they are kept. */
export interface PreparedPairs extends PairCounts {
  readonly length: number;
  readonly texts: PairTexts;
  /** Whether any pair carries a system prompt (an empty one included). */
  readonly hasSystem: boolean;
  /** Whether the texts are in a spill file (they outgrew the memory budget, or were sent there). */
  readonly spilled: boolean;
  /** Estimated bytes the texts would take held in memory, what the budget is compared with; NaN when not collected. */
  readonly textBytes: number;
}

export interface CollectOptions {
  /**
   * Estimated bytes of pair text to hold in memory; past it, every pair goes to a spill
   * file in `spillDirectory` and is read back by offset. Default: no limit.
   */
  readonly memoryBytes?: number;
  /** Where the spill file goes: the output's folder, so it lands on a disk sized for the output. */
  readonly spillDirectory?: string;
}

/**
 * Takes pairs one at a time as they are read, counts them a slice at a time, and keeps
 * their texts in memory until the memory budget is reached, then on disk. The result is
 * the same whichever way the texts were kept.
 */
export class PairCollector {
  private pending: Pair[] = [];
  private hasSystem = false;
  private inFlight: Promise<void> = Promise.resolve();
  private readonly keeper: PairKeeper;

  private constructor(
    private readonly counting: PairCounter,
    options: CollectOptions,
  ) {
    this.keeper = new PairKeeper(options.memoryBytes, options.spillDirectory);
  }

  /** `given`: a counts file's numbers (checked by the caller), used instead of counting. */
  static async create(options: ResolvedAugmentOptions, collect: CollectOptions = {}, given?: CountColumns): Promise<PairCollector> {
    const sample = await SampleCounter.create(options.tokenizer, options.chatTemplate);
    return new PairCollector(new PairCounter(options.tokenizer, sample, options.languages, given), collect);
  }

  get length(): number {
    return this.counting.length + this.pending.length;
  }

  /**
   * Adds a pair; returns a promise only when a slice is due for counting. Awaiting it
   * before reading on keeps memory bounded; slices are counted and kept in order even
   * when it is not awaited.
   */
  add(pair: Pair): Promise<void> | undefined {
    if (pair.system !== undefined) this.hasSystem = true;
    this.pending.push(pair);
    return this.pending.length >= COUNT_SLICE ? this.countPending() : undefined;
  }

  private countPending(): Promise<void> {
    const slice = this.pending;
    this.pending = [];
    this.inFlight = this.inFlight.then(async () => {
      await this.counting.add(slice);
      for (const pair of slice) this.keeper.add(pair);
    });
    return this.inFlight;
  }

  /** Counts what is left; the collector is spent after this. */
  async finish(): Promise<PreparedPairs> {
    if (this.pending.length > 0) this.countPending();
    await this.inFlight;
    const counts = this.counting.done();
    const { spilled, textBytes } = this.keeper;
    return { ...counts, length: counts.content.length, texts: this.keeper.texts(), hasSystem: this.hasSystem, spilled, textBytes };
  }

  /** Removes the spill file after a failure before finish(). */
  abandon(): void {
    this.keeper.abandon();
  }
}

/** Whether the texts are in a spill file, where worker threads can read them too. */
export function isSpilled(prepared: PreparedPairs): prepared is PreparedPairs & { readonly texts: SpillPairs } {
  return prepared.texts instanceof SpillPairs;
}
