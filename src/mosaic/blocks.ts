import { kSampler, type KSampler } from '../rng/k-distributions.js';
import { rngFor, shuffleInPlace } from '../rng/random.js';
import type { PairTexts } from '../io/pair-store.js';
import type { ResolvedAugmentOptions } from '../options.js';
import type { Mosaic, Pair } from '../types.js';
import type { LanguagePack } from '../language/pack.js';
import { boundariesVisible, collisionsOf, joinCollisions, NO_COLLISIONS, type Collisions } from './collisions.js';
import { decide, plainPair, type Composition } from './compose.js';
import { DecorationBound } from './decoration-bound.js';
import { partitionBySystem } from './pair-tokens.js';
import type { PreparedPairs } from './prepared-pairs.js';
import { renderMosaic, type RenderedText } from './render.js';
import type { SampleCounter } from './sample-count.js';
import type { AugmentSummary } from './run-summary.js';

interface Built {
  readonly composition: Composition;
  /** The group's source texts, in instruction order. */
  readonly prompts: readonly string[];
  readonly responses: readonly string[];
  readonly text: RenderedText;
  /** Exact count, or in batched mode the planning estimate until the batch is counted. */
  readonly tokens: number;
  readonly system: string | undefined;
}

/** A group cut from the epoch's order: positions [start, end) and its index. */
interface Planned {
  readonly start: number;
  readonly end: number;
  readonly group: number;
  readonly built: Built;
}

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
 * for it. Counts go to `summary`.
 */
export class BlockBuilder {
  /** Indices of the pairs that fit the budget alone, in input order. */
  private readonly usable: Uint32Array;
  private readonly blocksPerEpoch: number;
  private readonly bound: DecorationBound;
  private readonly sampleK: KSampler;
  /** Allocated on the first block: a builder asked only for sizes never needs it. */
  private epochOrder: Uint32Array | null = null;
  private shuffled = -1;
  /**
   * Per pair, the bucket no group leaves: its system prompt and its language, so every
   * mosaic carries one system prompt and speaks its instructions' language. Null when all
   * pairs share one bucket.
   */
  private readonly bucketOf: Uint32Array | null;
  private readonly buckets: number;

  constructor(
    private readonly prepared: PreparedPairs,
    private readonly options: ResolvedAugmentOptions,
    private readonly counter: SampleCounter,
    private readonly summary: AugmentSummary,
    private readonly countWindow: number = WINDOW,
  ) {
    const budget = options.maxTokens;
    const { alone } = prepared;
    let usableCount = 0;
    for (let i = 0; i < prepared.length; i++) if ((alone[i] as number) <= budget) usableCount++;
    this.usable = new Uint32Array(usableCount);
    for (let i = 0, at = 0; i < prepared.length; i++) if ((alone[i] as number) <= budget) this.usable[at++] = i;
    this.blocksPerEpoch = Math.ceil(this.usable.length / BLOCK_PAIRS);
    this.sampleK = kSampler(options.kDist, options.maxK);
    const { systemOf, systemTokens, languageOf } = prepared;
    const languages = options.languages.packs.length;
    // The bound covers only the packs some pair speaks, so a run in one language plans as
    // tightly as if no other pack existed.
    const spoken = new Uint8Array(languages);
    for (let i = 0; i < prepared.length; i++) spoken[languageOf[i] as number] = 1;
    const used = options.languages.packs.filter((_, i) => spoken[i] === 1);
    this.bound = new DecorationBound(options.tokenizer, used.length > 0 ? used : options.languages.packs);
    this.buckets = systemTokens.length * languages;
    // With one language spoken, its buckets are the system prompts' (the same partition).
    if (used.length <= 1) this.bucketOf = systemTokens.length > 1 ? systemOf : null;
    else {
      const bucketOf = new Uint32Array(prepared.length);
      for (let i = 0; i < prepared.length; i++) bucketOf[i] = (systemOf[i] as number) * languages + (languageOf[i] as number);
      this.bucketOf = bucketOf;
    }
  }

  /**
   * A pair's collisions never change: they are found the first time the pair is tried and
   * kept as three numbers per pair for the run, however often epochs and the planner's
   * trials come back to it. Allocated on first use.
   */
  private collisionBits: Uint32Array | null = null;
  private collisionKnown: Uint8Array | null = null;

  private collisionsOfPair(i: number, texts: PairTexts, pack: LanguagePack): Collisions {
    const bits = (this.collisionBits ??= new Uint32Array(3 * this.prepared.length));
    const known = (this.collisionKnown ??= new Uint8Array(this.prepared.length));
    if (known[i] === 1) return { numbering: bits[3 * i] as number, separators: bits[3 * i + 1] as number, markers: bits[3 * i + 2] as number };
    const pair = texts.get(i);
    const c = joinCollisions(collisionsOf(pair.prompt, pack), collisionsOf(pair.response, pack));
    bits[3 * i] = c.numbering;
    bits[3 * i + 1] = c.separators;
    bits[3 * i + 2] = c.markers;
    known[i] = 1;
    return c;
  }

  /** The epoch's order of usable pairs: shuffled, then partitioned by bucket. Kept for the next block. */
  private orderOf(epoch: number): Uint32Array {
    this.epochOrder ??= new Uint32Array(this.usable.length);
    if (epoch !== this.shuffled) {
      this.epochOrder.set(this.usable);
      shuffleInPlace(this.epochOrder, rngFor(this.options.seed, 'shuffle', epoch));
      if (this.bucketOf !== null) partitionBySystem(this.epochOrder, this.bucketOf, this.buckets);
      this.shuffled = epoch;
    }
    return this.epochOrder;
  }

  /** The mosaics of block b (0 <= b < blocksPerEpoch times epochs), in output order. */
  async *build(b: number): AsyncGenerator<Mosaic> {
    const { options, counter, summary, bound, sampleK } = this;
    const budget = options.maxTokens;
    const { content, alone, systemOf, systemTokens, texts, languageOf } = this.prepared;
    const { bucketOf } = this;
    const { packs } = options.languages;
    const packOf = (i: number): LanguagePack => packs[languageOf[i] as number] as LanguagePack;
    const epoch = Math.floor(b / this.blocksPerEpoch);
    const block = b - epoch * this.blocksPerEpoch;
    const epochOrder = this.orderOf(epoch);
    // Positions below are positions in this block; groups are cut inside it.
    const order = epochOrder.subarray(block * BLOCK_PAIRS, Math.min((block + 1) * BLOCK_PAIRS, epochOrder.length));
    texts.load(order);
    const kRng = rngFor(options.seed, 'k', epoch, block);
    const targets: number[] = [];
    const targetOf = (group: number): number => {
      while (targets.length <= group) targets.push(sampleK(kRng));
      return targets[group] as number;
    };
    const streamOf = (group: number) => rngFor(options.seed, 'compose', epoch, block, group);
    const contentOf = (indices: Uint32Array): number => {
      let sum = 0;
      for (const i of indices) sum += content[i] as number;
      return sum;
    };
    const systemOfGroup = (indices: Uint32Array): number => systemTokens[systemOf[indices[0] as number] as number] as number;
    const collisionsOfPair = (i: number): Collisions => this.collisionsOfPair(i, texts, packOf(i));
    const collisionsOfGroup = (indices: Uint32Array): Collisions => {
      let c = NO_COLLISIONS;
      for (const i of indices) c = joinCollisions(c, collisionsOfPair(i));
      return c;
    };
    const build = async (start: number, end: number, group: number): Promise<Built> => {
      const indices = order.subarray(start, end);
      const built = composeGroup(texts, indices, options, streamOf(group), packOf(indices[0] as number), collisionsOfGroup(indices));
      if (!counter.batched) return { ...built, tokens: await counter.exact(built) };
      const decoration = renderDecoration(built.composition, indices.length);
      return { ...built, tokens: counter.estimate(contentOf(indices), systemOfGroup(indices), decoration, indices.length) };
    };
    // For counters whose estimate is an upper bound: the decision alone, no full render.
    const estimated = (start: number, end: number, group: number): number => {
      const indices = order.subarray(start, end);
      const { prompts, responses } = textsOf(texts, indices);
      const composition = decide(prompts, responses, options.choices, streamOf(group), packOf(indices[0] as number), collisionsOfGroup(indices));
      return counter.estimate(contentOf(indices), systemOfGroup(indices), renderDecoration(composition, indices.length), indices.length);
    };

    // Cuts the next group at `start`. The decoration bound accepts a pair without
    // rendering; near the budget the candidate sample is estimated (when the estimate
    // is an upper bound) or rendered and counted (or, in batched mode, estimated), so
    // groups are as full as the budget allows.
    const plan = async (start: number, group: number): Promise<Planned> => {
      const target = targetOf(group);
      const first = order[start] as number;
      const system = systemOf[first] as number;
      const bucket = bucketOf?.[first];
      const pack = packOf(first);
      let pos = start + 1;
      let sum = counter.overhead + (systemTokens[system] as number) + (content[order[start] as number] as number);
      let exact: Built | null = null;
      // What the group's texts rule out of the layout. A pair whose texts would leave no
      // numbering style and no separator free starts the next group instead, so every
      // group can show where each instruction and answer begins.
      let seen = collisionsOfPair(order[start] as number);
      while (pos - start < target && pos < order.length && bucketOf?.[order[pos] as number] === bucket) {
        const joined = joinCollisions(seen, collisionsOfPair(order[pos] as number));
        if (!boundariesVisible(joined, pack)) break;
        seen = joined;
        const next = content[order[pos] as number] as number;
        if (sum + next + (bound.cached(pos - start + 1) ?? (await bound.of(pos - start + 1))) <= budget) {
          sum += next;
          pos++;
          exact = null;
          continue;
        }
        if (sum + next > budget) break;
        // Batched engines plan on the estimate alone, which needs no full render. For a
        // bounded counter an estimate within budget settles it; only a closer call
        // renders and counts the sample.
        if (counter.batched || counter.bounded) {
          if (estimated(start, pos + 1, group) <= budget) {
            sum += next;
            pos++;
            exact = null;
            continue;
          }
          if (counter.batched) break;
        }
        const trial = await build(start, pos + 1, group);
        if (trial.tokens > budget) break;
        sum += next;
        pos++;
        exact = trial;
      }
      return shrinkToFit({ start, end: pos, group, built: exact ?? (await build(start, pos, group)) }, budget, build, texts, order, alone);
    };

    let pos = 0;
    let group = 0;
    if (!counter.batched) {
      while (pos < order.length) {
        const planned = await plan(pos, group++);
        pos = planned.end;
        yield toMosaic(planned.built, epoch, sourcesOf(texts, order, planned), summary);
      }
      return;
    }
    // Batched mode: plan a window on estimates, count it exactly in one batch. A sample
    // the estimate let through over budget is shrunk with exact counts, and planning
    // resumes right after it with the same group index, so the window size never
    // changes the output.
    while (pos < order.length) {
      const window: Planned[] = [];
      while (pos < order.length && window.length < this.countWindow) {
        const planned = await plan(pos, group++);
        pos = planned.end;
        window.push(planned);
      }
      const exactTokens = await counter.exactMany(window.map((w) => w.built));
      for (let i = 0; i < window.length; i++) {
        const w = window[i] as Planned;
        const tokens = exactTokens[i] as number;
        if (tokens <= budget) {
          yield toMosaic({ ...w.built, tokens }, epoch, sourcesOf(texts, order, w), summary);
          continue;
        }
        // Rare: the estimate was low. Shrink, counting every candidate exactly.
        const exactBuild: Build = async (start, end, g) => {
          const candidate = await build(start, end, g);
          return { ...candidate, tokens: await counter.exact(candidate) };
        };
        const fixed = await shrinkToFit({ ...w, built: { ...w.built, tokens } }, budget, exactBuild, texts, order, alone);
        yield toMosaic(fixed.built, epoch, sourcesOf(texts, order, fixed), summary);
        pos = fixed.end;
        group = w.group + 1;
        break;
      }
    }
  }
}

type Build = (start: number, end: number, group: number) => Promise<Built>;

/** Drops trailing pairs while the sample (as counted) is over budget; one pair goes plain. */
async function shrinkToFit(
  planned: Planned,
  budget: number,
  build: Build,
  texts: PairTexts,
  order: Uint32Array,
  alone: Uint32Array,
): Promise<Planned> {
  let { end, built } = planned;
  while (built.tokens > budget) {
    if (end - planned.start === 1) {
      const only = order[planned.start] as number;
      // The pair as it came, in the language its group was decided in (meta.lang).
      built = plainMosaic(texts.get(only), alone[only] as number, built.composition.pack);
      break;
    }
    end--;
    built = await build(planned.start, end, planned.group);
  }
  return { ...planned, end, built };
}

function sourcesOf(texts: PairTexts, order: Uint32Array, planned: Planned): number[] {
  return Array.from(order.subarray(planned.start, planned.end), (i) => texts.get(i).source);
}

function textsOf(texts: PairTexts, indices: Uint32Array): { prompts: string[]; responses: string[] } {
  const prompts = new Array<string>(indices.length);
  const responses = new Array<string>(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const pair = texts.get(indices[i] as number);
    prompts[i] = pair.prompt;
    responses[i] = pair.response;
  }
  return { prompts, responses };
}

/** Decides and renders a group. */
function composeGroup(
  texts: PairTexts,
  indices: Uint32Array,
  options: ResolvedAugmentOptions,
  rng: ReturnType<typeof rngFor>,
  pack: LanguagePack,
  collisions: Collisions,
): Omit<Built, 'tokens'> {
  const { prompts, responses } = textsOf(texts, indices);
  const composition = decide(prompts, responses, options.choices, rng, pack, collisions);
  const text = renderMosaic(prompts, responses, composition);
  const system = texts.get(indices[0] as number).system;
  return { composition, prompts, responses, text, system };
}

/** The sample with every pair's text left out: what the composition adds, for estimates. */
function renderDecoration(composition: Composition, k: number): RenderedText {
  const empty = new Array<string>(k).fill('');
  return renderMosaic(empty, empty, composition);
}

function plainMosaic(pair: Pair, tokens: number, pack: LanguagePack): Built {
  return {
    composition: plainPair('\n\n', true, pack),
    prompts: [pair.prompt],
    responses: [pair.response],
    text: { prompt: pair.prompt, response: pair.response },
    tokens,
    system: pair.system,
  };
}

function toMosaic(built: Built, epoch: number, sources: number[], summary: AugmentSummary): Mosaic {
  const c = built.composition;
  summary.mosaics++;
  if (sources.length > 1) summary.grouped++;
  summary.byStrategy[c.strategy]++;
  if (c.rule !== null) {
    const key = `${c.strategy}:${c.rule}`;
    summary.byRule[key] = (summary.byRule[key] ?? 0) + 1;
  }
  for (const { kind, reason } of c.unoffered) {
    const reasons = (summary.unavailable[kind] ??= {});
    reasons[reason] = (reasons[reason] ?? 0) + 1;
  }
  return {
    prompt: built.text.prompt,
    response: built.text.response,
    ...(built.system ? { system: built.system } : {}),
    meta: {
      epoch,
      sources,
      strategy: c.strategy,
      rule: c.rule,
      order: [...c.order],
      masked: [...c.masked],
      numbered: c.numbering !== null,
      lang: c.pack.name,
      tokens: built.tokens,
    },
    parts: { composition: c, prompts: built.prompts, responses: built.responses },
  };
}
