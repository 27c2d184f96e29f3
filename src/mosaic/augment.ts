import { kSampler } from '../rng/k-distributions.js';
import { rngFor, shuffleInPlace } from '../rng/random.js';
import { countSum } from '../tokens/counter.js';
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
  readonly text: RenderedText;
  readonly tokens: number;
  readonly system: string | undefined;
}

/**
 * Turns pairs into mosaics, pass after pass. Iterate it once; `summary` is complete when
 * iteration ends. Determinism: every random choice comes from a stream named by
 * (seed, purpose, epoch[, group]), so the output depends on nothing but the pairs, the
 * options and the seed.
 */
export class Augmentation implements AsyncIterable<Mosaic> {
  readonly summary: AugmentSummary;
  private started = false;

  constructor(
    private readonly pairs: readonly Pair[],
    private readonly options: ResolvedAugmentOptions,
  ) {
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
    const counter = options.tokenizer;
    const tokens = await pairTokens(pairs, counter);
    const { content, systemOf, systemTokens } = tokens;
    const usable: number[] = [];
    for (let i = 0; i < pairs.length; i++) {
      if ((content[i] as number) + (systemTokens[systemOf[i] as number] as number) <= options.maxTokens) usable.push(i);
    }
    summary.droppedOverBudget = pairs.length - usable.length;

    const bound = new DecorationBound(counter);
    const sampleK = kSampler(options.kDist, options.maxK);
    const order = new Uint32Array(usable.length);

    for (let epoch = 0; epoch < options.epochs; epoch++) {
      order.set(usable);
      shuffleInPlace(order, rngFor(options.seed, 'shuffle', epoch));
      if (systemTokens.length > 1) partitionBySystem(order, systemOf, systemTokens.length);
      const kRng = rngFor(options.seed, 'k', epoch);
      const build = (start: number, end: number, group: number) =>
        buildMosaic(pairs, order.subarray(start, end), options, rngFor(options.seed, 'compose', epoch, group));

      let pos = 0;
      for (let group = 0; pos < order.length; group++) {
        const target = sampleK(kRng);
        const start = pos;
        const system = systemOf[order[start] as number] as number;
        // The system prompt is counted once per sample, however many pairs share it.
        let sum = (systemTokens[system] as number) + (content[order[pos++] as number] as number);
        let exact: Built | null = null;
        // Grow while the sample still fits. The bound accepts a pair without rendering;
        // near the budget, where the bound is too coarse, the real sample is rendered and
        // counted instead, so groups are as full as the budget truly allows.
        while (pos - start < target && pos < order.length && systemOf[order[pos] as number] === system) {
          const next = content[order[pos] as number] as number;
          if (sum + next + (bound.cached(pos - start + 1) ?? (await bound.of(pos - start + 1))) <= options.maxTokens) {
            sum += next;
            pos++;
            exact = null;
            continue;
          }
          if (sum + next > options.maxTokens) break;
          const trial = await build(start, pos + 1, group);
          if (trial.tokens > options.maxTokens) break;
          sum += next;
          pos++;
          exact = trial;
        }
        let built = exact ?? (await build(start, pos, group));
        // Only a counter that is not subadditive can land here; shrink until it fits.
        while (built.tokens > options.maxTokens) {
          if (pos - start === 1) {
            const only = order[start] as number;
            built = plainMosaic(pairs[only] as Pair, (content[only] as number) + (systemTokens[system] as number));
            break;
          }
          pos--;
          built = await build(start, pos, group);
        }
        const sources = Array.from(order.subarray(start, pos), (i) => (pairs[i] as Pair).source);
        yield toMosaic(built, epoch, sources, summary);
      }
    }
  }
}

/** Validates options, loads the tokenizer, and returns the run to iterate. */
export async function augment(pairs: readonly Pair[], options: AugmentOptions = {}): Promise<Augmentation> {
  return new Augmentation(pairs, await resolveAugmentOptions(options));
}

async function buildMosaic(
  pairs: readonly Pair[],
  indices: Uint32Array,
  options: ResolvedAugmentOptions,
  rng: ReturnType<typeof rngFor>,
): Promise<Built> {
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
  const tokens = system
    ? await countSum(options.tokenizer, system, text.prompt, text.response)
    : await countSum(options.tokenizer, text.prompt, text.response);
  return { composition, text, tokens, system };
}

function plainMosaic(pair: Pair, tokens: number): Built {
  return { composition: plainPair(), text: { prompt: pair.prompt, response: pair.response }, tokens, system: pair.system };
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
  };
}
