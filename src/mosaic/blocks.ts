import { kSampler, type KSampler } from '../rng/k-distributions.js';
import { rngFor } from '../rng/random.js';
import type { ResolvedAugmentOptions } from '../options.js';
import type { Mosaic } from '../types.js';
import type { LanguagePack } from '../language/pack.js';
import { DecorationBound } from './decoration-bound.js';
import { EpochOrder, spokenPacks } from './epoch-order.js';
import { fitterFor } from './fitters.js';
import { BlockSamples, mosaicOf } from './group-samples.js';
import { collisionsOfGroup, joinsWithin, PairCollisions } from './joins.js';
import { planBlock, type PlanInput } from './plan.js';
import type { PreparedPairs } from './prepared-pairs.js';
import type { SampleCounter } from './sample-count.js';
import type { AugmentSummary } from './run-summary.js';
import { tallyMosaic } from './tally.js';

// Samples counted per batch in batched mode: enough to keep the engine's threads busy.
export const WINDOW = 256;

/**
 * Positions per block. An epoch's order is cut into blocks of this many pairs and no
 * group crosses a block's end, so any block can be built knowing only the epoch's order:
 * it is the unit of --shard, and the unit in which spilled texts are read back. Only the
 * group at a block's end can be cut short by it: one group in about 790 on the bench data
 * (5.2 pairs a mosaic at the defaults).
 */
export const BLOCK_PAIRS = 4096;

/** Run `index` (0-based) of `count` runs that split the blocks between them. */
export interface Shard {
  readonly index: number;
  readonly count: number;
}

/** The blocks [first, end) of `total` that a shard builds: contiguous, sizes differ by at most one. */
export function shardBlocks(shard: Shard | undefined, total: number): { first: number; end: number } {
  if (!shard) return { first: 0, end: total };
  return { first: Math.floor((shard.index * total) / shard.count), end: Math.floor(((shard.index + 1) * total) / shard.count) };
}

/**
 * How a run's pairs fall into blocks, known from the per-pair counts before any block is
 * built: what the Augmentation, the parallel build and the CLI's choice between them ask.
 */
export class RunLayout {
  /** Pairs that fit the budget alone. */
  readonly usable: number;
  readonly blocksPerEpoch: number;
  /** The blocks this run builds: [first, end) of blocksPerEpoch times epochs. */
  readonly first: number;
  readonly end: number;
  /** Pairs in those blocks: what the build's progress counts to. */
  readonly pairs: number;

  constructor(alone: Uint32Array, options: ResolvedAugmentOptions, shard?: Shard) {
    let usable = 0;
    for (const tokens of alone) if (tokens <= options.maxTokens) usable++;
    this.usable = usable;
    this.blocksPerEpoch = Math.ceil(usable / BLOCK_PAIRS);
    ({ first: this.first, end: this.end } = shardBlocks(shard, this.blocksPerEpoch * options.epochs));
    let pairs = 0;
    for (let b = this.first; b < this.end; b++) pairs += Math.min(BLOCK_PAIRS, usable - (b % this.blocksPerEpoch) * BLOCK_PAIRS);
    this.pairs = pairs;
  }

  get blocks(): number {
    return this.end - this.first;
  }
}

/**
 * Builds the mosaics of one block at a time, for one run: the Augmentation in this
 * thread, or a worker thread building the blocks it is given. A block depends only on
 * the prepared pairs, the options and its index, so any builder gives the same mosaics
 * for it. It wires the pieces: the epoch's order (epoch-order.ts), the planner (plan.ts)
 * with the counting mode's fitter (fitters.ts), the samples (group-samples.ts), and the
 * summary's counts (tally.ts).
 */
export class BlockBuilder {
  private readonly epochs: EpochOrder;
  private readonly blocksPerEpoch: number;
  private readonly bound: DecorationBound;
  private readonly sampleK: KSampler;
  private readonly collisions: PairCollisions;

  constructor(
    private readonly prepared: PreparedPairs,
    private readonly options: ResolvedAugmentOptions,
    private readonly counter: SampleCounter,
    private readonly summary: AugmentSummary,
    private readonly countWindow: number = WINDOW,
  ) {
    const { packs } = options.languages;
    // The bound covers only the packs some pair speaks, so a run in one language plans as
    // tightly as if no other pack existed.
    const spoken = spokenPacks(prepared.languageOf.subarray(0, prepared.length), packs);
    this.bound = new DecorationBound(options.tokenizer, spoken.length > 0 ? spoken : packs);
    this.epochs = new EpochOrder(prepared, options.maxTokens, options.seed, packs.length, spoken.length);
    this.blocksPerEpoch = Math.ceil(this.epochs.usable.length / BLOCK_PAIRS);
    this.sampleK = kSampler(options.kDist, options.maxK);
    this.collisions = new PairCollisions(prepared.length);
  }

  /** The mosaics of block b (0 <= b < blocksPerEpoch times epochs), in output order. */
  async *build(b: number): AsyncGenerator<Mosaic> {
    const epoch = Math.floor(b / this.blocksPerEpoch);
    const block = b - epoch * this.blocksPerEpoch;
    const epochOrder = this.epochs.of(epoch);
    // Positions from here on are positions in this block; groups are cut inside it.
    const order = epochOrder.subarray(block * BLOCK_PAIRS, Math.min((block + 1) * BLOCK_PAIRS, epochOrder.length));
    const { texts } = this.prepared;
    texts.load(order);
    const { plan, samples } = this.blockPlan(epoch, block, order);
    const fitter = fitterFor(this.counter, samples, this.options.maxTokens, this.countWindow);
    for await (const { start, end, sample } of planBlock(plan, fitter)) {
      const sources = Array.from(order.subarray(start, end), (i) => texts.get(i).source);
      tallyMosaic(this.summary, sample.composition, sources.length);
      yield mosaicOf(sample, epoch, sources);
    }
  }

  /** What the planner and the fitter read for one block: numbers, tests and the group samples. */
  private blockPlan(epoch: number, block: number, order: Uint32Array): { plan: PlanInput; samples: BlockSamples } {
    const { prepared, options, counter, bound, sampleK } = this;
    const { texts, languageOf, systemOf, systemTokens } = prepared;
    const { seed, languages } = options;
    const packOf = (i: number): LanguagePack => languages.packs[languageOf[i] as number] as LanguagePack;
    const collisionsOfPair = (i: number) => this.collisions.of(i, texts, packOf(i));
    const kRng = rngFor(seed, 'k', epoch, block);
    const plan: PlanInput = {
      order,
      content: prepared.content,
      budget: options.maxTokens,
      fixed: (first) => counter.overhead + (systemTokens[systemOf[first] as number] as number),
      bound: (k) => bound.cached(k) ?? bound.of(k),
      drawK: () => sampleK(kRng),
      joinsFrom: joinsWithin(order, this.epochs.bucketOf, collisionsOfPair, packOf),
    };
    const samples = new BlockSamples({
      order,
      counts: prepared,
      texts,
      counter,
      choices: options.choices,
      streamOf: (group) => rngFor(seed, 'compose', epoch, block, group),
      packOf,
      collisionsOf: (pairs) => collisionsOfGroup(pairs, collisionsOfPair),
    });
    return { plan, samples };
  }
}
