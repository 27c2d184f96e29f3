import type { LanguagePack } from '../language/pack.js';
import { rngFor, shuffleInPlace } from '../rng/random.js';
import { partitionBySystem, type PairCounts } from './pair-tokens.js';

/** The packs some pair speaks, in pack order. */
export function spokenPacks(languageOf: Uint32Array, packs: readonly LanguagePack[]): LanguagePack[] {
  const spoken = new Uint8Array(packs.length);
  for (const language of languageOf) spoken[language] = 1;
  return packs.filter((_, i) => spoken[i] === 1);
}

/**
 * Each epoch's order of the usable pairs (those that fit the budget alone): shuffled by
 * the epoch's stream, then partitioned stably by bucket. The last epoch's order is kept,
 * since a builder is asked for the blocks of one epoch in turn.
 */
export class EpochOrder {
  /** Indices of the pairs that fit the budget alone, in input order. */
  readonly usable: Uint32Array;
  /**
   * Per pair, the bucket no group leaves: its system prompt and its language, so every
   * mosaic carries one system prompt and speaks its instructions' language. Null when all
   * pairs share one bucket.
   */
  readonly bucketOf: Uint32Array | null;
  private readonly buckets: number;
  /** Allocated on the first block: a builder asked only for sizes never needs it. */
  private order: Uint32Array | null = null;
  private shuffled = -1;

  /** `languages`: the packs a pair may speak; `spoken`: how many of them some pair does. */
  constructor(
    counts: PairCounts,
    budget: number,
    private readonly seed: number,
    languages: number,
    spoken: number,
  ) {
    const { alone, systemOf, systemTokens, languageOf } = counts;
    let usable = 0;
    for (const tokens of alone) if (tokens <= budget) usable++;
    this.usable = new Uint32Array(usable);
    for (let i = 0, at = 0; i < alone.length; i++) if ((alone[i] as number) <= budget) this.usable[at++] = i;
    this.buckets = systemTokens.length * languages;
    // With one language spoken, its buckets are the system prompts' (the same partition).
    if (spoken <= 1) this.bucketOf = systemTokens.length > 1 ? systemOf : null;
    else {
      const bucketOf = new Uint32Array(alone.length);
      for (let i = 0; i < alone.length; i++) bucketOf[i] = (systemOf[i] as number) * languages + (languageOf[i] as number);
      this.bucketOf = bucketOf;
    }
  }

  of(epoch: number): Uint32Array {
    this.order ??= new Uint32Array(this.usable.length);
    if (epoch !== this.shuffled) {
      this.order.set(this.usable);
      shuffleInPlace(this.order, rngFor(this.seed, 'shuffle', epoch));
      if (this.bucketOf !== null) partitionBySystem(this.order, this.bucketOf, this.buckets);
      this.shuffled = epoch;
    }
    return this.order;
  }
}
