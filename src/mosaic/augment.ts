import { kSampler } from '../rng/k-distributions.js';
import { rngFor, shuffleInPlace } from '../rng/random.js';
import { SampleCounter } from './sample-count.js';
import { pairTokens, partitionBySystem } from './pair-tokens.js';
import type { Mosaic, Pair, StrategyName } from '../types.js';
import { decide, plainPair, type Composition } from './compose.js';
import { DecorationBound } from './decoration-bound.js';
import { renderMosaic, type RenderedText } from './render.js';
import { resolveAugmentOptions, type AugmentOptions, type ResolvedAugmentOptions } from '../options.js';

/** Counts reported after a run; filled while mosaics are produced. */
export interface AugmentSummary {
  pairs: number;
  /** Pairs that exceed the budget on their own: never used, counted once. */
  droppedOverBudget: number;
  mosaics: number;
  byStrategy: Record<StrategyName, number>;
  /** "permute:reverse", "maskout:odd", ... */
  byRule: Record<string, number>;
  tokenizer: string;
  maxTokens: number;
}

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
const WINDOW = 256;

/**
 * How far a run has got. `count`: pairs whose tokens are counted, before the first
 * mosaic. `build`: pairs placed in mosaics over all passes, of `total` = usable pairs
 * times epochs, and mosaics yielded so far.
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
}

/**
 * Turns pairs into mosaics, pass after pass. Iterate it once; `summary` is complete when
 * iteration ends. Determinism: every random choice comes from a stream named by
 * (seed, purpose, epoch[, group]), and group sizes are drawn per group index, so the
 * output depends on nothing but the pairs, the options and the seed, whichever
 * counting mode is used.
 */
export class Augmentation implements AsyncIterable<Mosaic> {
  readonly summary: AugmentSummary;
  private started = false;

  private readonly countWindow: number;
  private readonly onProgress: ((progress: AugmentProgress) => void) | undefined;
  private readonly signal: AbortSignal | undefined;

  constructor(
    private readonly pairs: readonly Pair[],
    private readonly options: ResolvedAugmentOptions,
    settings: AugmentationSettings = {},
  ) {
    this.countWindow = settings.countWindow ?? WINDOW;
    this.onProgress = settings.onProgress;
    this.signal = settings.signal;
    this.summary = {
      pairs: pairs.length,
      droppedOverBudget: 0,
      mosaics: 0,
      byStrategy: { primary: 0, format: 0, permute: 0, maskout: 0 },
      byRule: {},
      tokenizer: options.tokenizer.name,
      maxTokens: options.maxTokens,
    };
  }

  async *[Symbol.asyncIterator](): AsyncIterator<Mosaic> {
    if (this.started) throw new Error('an Augmentation can be iterated only once');
    this.started = true;
    const { pairs, options, summary } = this;
    const budget = options.maxTokens;
    const { onProgress, signal } = this;
    const { content, systemOf, systemTokens } = await pairTokens(pairs, options.tokenizer, (done, total) => {
      signal?.throwIfAborted();
      onProgress?.({ phase: 'count', done, total });
    });
    const counter = await SampleCounter.create(options.tokenizer, options.chatTemplate);
    // A pair alone is the plain sample: its own texts, or its rendered conversation.
    const alone = options.chatTemplate
      ? Float64Array.from(await counter.exactMany(pairs.map((p) => ({ system: p.system, text: p }))))
      : content.map((c, i) => c + (systemTokens[systemOf[i] as number] as number));
    const usable: number[] = [];
    for (let i = 0; i < pairs.length; i++) if ((alone[i] as number) <= budget) usable.push(i);
    summary.droppedOverBudget = pairs.length - usable.length;
    const total = usable.length * options.epochs;
    let placed = 0;
    const told = (mosaic: Mosaic): Mosaic => {
      signal?.throwIfAborted();
      placed += mosaic.meta.sources.length;
      onProgress?.({ phase: 'build', done: placed, total, mosaics: summary.mosaics });
      return mosaic;
    };

    const bound = new DecorationBound(options.tokenizer);
    const sampleK = kSampler(options.kDist, options.maxK);
    const order = new Uint32Array(usable.length);

    for (let epoch = 0; epoch < options.epochs; epoch++) {
      order.set(usable);
      shuffleInPlace(order, rngFor(options.seed, 'shuffle', epoch));
      if (systemTokens.length > 1) partitionBySystem(order, systemOf, systemTokens.length);
      const kRng = rngFor(options.seed, 'k', epoch);
      const targets: number[] = [];
      const targetOf = (group: number): number => {
        while (targets.length <= group) targets.push(sampleK(kRng));
        return targets[group] as number;
      };
      const build = async (start: number, end: number, group: number): Promise<Built> => {
        const indices = order.subarray(start, end);
        const built = composeGroup(pairs, indices, options, rngFor(options.seed, 'compose', epoch, group));
        if (!counter.batched) return { ...built, tokens: await counter.exact(built) };
        const decoration = renderDecoration(built.composition, indices.length);
        let sum = 0;
        for (const i of indices) sum += content[i] as number;
        const system = systemTokens[systemOf[indices[0] as number] as number] as number;
        return { ...built, tokens: counter.estimate(sum, system, decoration, indices.length) };
      };

      // Cuts the next group at `start`. The decoration bound accepts a pair without
      // rendering; near the budget the candidate sample is rendered and counted (or, in
      // batched mode, estimated), so groups are as full as the budget allows.
      const plan = async (start: number, group: number): Promise<Planned> => {
        const target = targetOf(group);
        const system = systemOf[order[start] as number] as number;
        let pos = start + 1;
        let sum = counter.overhead + (systemTokens[system] as number) + (content[order[start] as number] as number);
        let exact: Built | null = null;
        while (pos - start < target && pos < order.length && systemOf[order[pos] as number] === system) {
          const next = content[order[pos] as number] as number;
          if (sum + next + (bound.cached(pos - start + 1) ?? (await bound.of(pos - start + 1))) <= budget) {
            sum += next;
            pos++;
            exact = null;
            continue;
          }
          if (sum + next > budget) break;
          const trial = await build(start, pos + 1, group);
          if (trial.tokens > budget) break;
          sum += next;
          pos++;
          exact = trial;
        }
        return shrinkToFit({ start, end: pos, group, built: exact ?? (await build(start, pos, group)) }, budget, build, pairs, order, alone);
      };

      let pos = 0;
      let group = 0;
      if (!counter.batched) {
        while (pos < order.length) {
          const planned = await plan(pos, group++);
          pos = planned.end;
          yield told(toMosaic(planned.built, epoch, sourcesOf(pairs, order, planned), summary));
        }
        continue;
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
            yield told(toMosaic({ ...w.built, tokens }, epoch, sourcesOf(pairs, order, w), summary));
            continue;
          }
          // Rare: the estimate was low. Shrink, counting every candidate exactly.
          const exactBuild: Build = async (start, end, g) => {
            const candidate = await build(start, end, g);
            return { ...candidate, tokens: await counter.exact(candidate) };
          };
          const fixed = await shrinkToFit({ ...w, built: { ...w.built, tokens } }, budget, exactBuild, pairs, order, alone);
          yield told(toMosaic(fixed.built, epoch, sourcesOf(pairs, order, fixed), summary));
          pos = fixed.end;
          group = w.group + 1;
          break;
        }
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
  pairs: readonly Pair[],
  order: Uint32Array,
  alone: Float64Array,
): Promise<Planned> {
  let { end, built } = planned;
  while (built.tokens > budget) {
    if (end - planned.start === 1) {
      const only = order[planned.start] as number;
      built = plainMosaic(pairs[only] as Pair, alone[only] as number);
      break;
    }
    end--;
    built = await build(planned.start, end, planned.group);
  }
  return { ...planned, end, built };
}

function sourcesOf(pairs: readonly Pair[], order: Uint32Array, planned: Planned): number[] {
  return Array.from(order.subarray(planned.start, planned.end), (i) => (pairs[i] as Pair).source);
}

/** Validates options, loads the tokenizer, and returns the run to iterate. */
export async function augment(pairs: readonly Pair[], options: AugmentOptions = {}): Promise<Augmentation> {
  return new Augmentation(pairs, await resolveAugmentOptions(options));
}

/** Decides and renders a group. */
function composeGroup(
  pairs: readonly Pair[],
  indices: Uint32Array,
  options: ResolvedAugmentOptions,
  rng: ReturnType<typeof rngFor>,
): Omit<Built, 'tokens'> {
  const prompts = new Array<string>(indices.length);
  const responses = new Array<string>(indices.length);
  for (let i = 0; i < indices.length; i++) {
    const pair = pairs[indices[i] as number] as Pair;
    prompts[i] = pair.prompt;
    responses[i] = pair.response;
  }
  const composition = decide(prompts, options.choices, rng);
  const text = renderMosaic(prompts, responses, composition);
  const system = (pairs[indices[0] as number] as Pair).system;
  return { composition, prompts, responses, text, system };
}

/** The sample with every pair's text left out: what the composition adds, for estimates. */
function renderDecoration(composition: Composition, k: number): RenderedText {
  const empty = new Array<string>(k).fill('');
  return renderMosaic(empty, empty, composition);
}

function plainMosaic(pair: Pair, tokens: number): Built {
  return {
    composition: plainPair(),
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
  summary.byStrategy[c.strategy]++;
  if (c.rule !== null) {
    const key = `${c.strategy}:${c.rule}`;
    summary.byRule[key] = (summary.byRule[key] ?? 0) + 1;
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
      tokens: built.tokens,
    },
    parts: { composition: c, prompts: built.prompts, responses: built.responses },
  };
}
