import type { PairTexts } from '../io/pair-store.js';
import type { LanguagePack } from '../language/pack.js';
import type { Rng } from '../rng/random.js';
import type { StrategyChoice } from './strategy-choices.js';
import type { Mosaic, Pair } from '../types.js';
import type { Collisions } from './collisions.js';
import { decide, plainPair, type Composition } from './compose.js';
import type { PairCounts } from './pair-tokens.js';
import { renderMosaic, type RenderedText } from './render.js';
import { renderSegments, type Segment } from './render-segments.js';
import type { SampleCounter } from './sample-count.js';

/** A group decided, rendered and counted: what a mosaic is made from. */
export interface Sample {
  readonly composition: Composition;
  /** The group's source texts, in instruction order. */
  readonly prompts: readonly string[];
  readonly responses: readonly string[];
  readonly text: RenderedText;
  /** Exact count, or the planning estimate until a batched engine has counted it. */
  readonly tokens: number;
  readonly system: string | undefined;
  /** The group's pairs, in instruction order (their counts make the sample's, see jointTokens). */
  readonly pairs: Uint32Array;
}

/** Everything a block's samples are made from besides the positions of a group. */
export interface BlockContext {
  /** The block's part of the epoch's order: pair indices. */
  readonly order: Uint32Array;
  readonly counts: PairCounts;
  /** Loaded for the block's pairs. */
  readonly texts: PairTexts;
  readonly counter: SampleCounter;
  readonly choices: readonly StrategyChoice[];
  /** The group's own stream (seed, "compose", epoch, block, group): a group re-made decides the same. */
  readonly streamOf: (group: number) => Rng;
  readonly packOf: (pair: number) => LanguagePack;
  /** What the texts of these pairs rule out of the layout. */
  readonly collisionsOf: (pairs: Uint32Array) => Collisions;
}

/**
 * The samples of one block's groups, named by positions [start, end) and group index:
 * decided from the group's stream, rendered, and counted exactly or estimated. This is
 * what the fitters count with; it holds no state between calls.
 */
export class BlockSamples {
  constructor(private readonly block: BlockContext) {}

  /** The group's sample counted exactly (with a chat template, as its rendered conversation). */
  async counted(start: number, end: number, group: number): Promise<Sample> {
    const made = this.compose(start, end, group);
    return { ...made, tokens: this.jointTokens(made) ?? (await this.block.counter.exact(made)) };
  }

  /** The group's sample with the planning estimate as its count, for batched engines. */
  estimated(start: number, end: number, group: number): Sample {
    const made = this.compose(start, end, group);
    return { ...made, tokens: this.estimateOf(this.pairs(start, end), made.composition) };
  }

  /** The planning estimate alone: the decision is made, the texts are not rendered. */
  estimate(start: number, end: number, group: number): number {
    const pairs = this.pairs(start, end);
    const { prompts, responses } = this.textsOf(pairs);
    return this.estimateOf(pairs, this.decide(pairs, prompts, responses, group));
  }

  /** Exact counts of many samples in one batch (a batched engine's bulk path). */
  async countMany(samples: readonly Sample[]): Promise<Sample[]> {
    const joined = samples.map((s) => this.jointTokens(s));
    const rest = samples.filter((_, i) => joined[i] === null);
    const counted = rest.length > 0 ? await this.block.counter.exactMany(rest) : [];
    let next = 0;
    return samples.map((s, i) => ({ ...s, tokens: joined[i] ?? (counted[next++] as number) }));
  }

  /**
   * The sample's exact count from its pairs' own counts (taken before any pass) and its
   * decoration, where the counter can join counts exactly (tokens/joint-count.ts): only
   * the pieces at each joint are looked at again, not the pairs' whole texts. Null when
   * it cannot (another tokenizer, a chat template, an added token in a text).
   */
  private jointTokens(sample: Omit<Sample, 'tokens'>): number | null {
    const joints = this.block.counter.joints;
    if (!joints) return null;
    const { content, promptTokens, systemOf, systemTokens } = this.block.counts;
    const pairs = sample.pairs;
    // A source segment's n is its instruction's, in prompt and response alike.
    const joined = (segments: readonly Segment[], own: (pair: number) => number): number | null => {
      joints.start();
      for (const s of segments) {
        if (s.kind === 'source') joints.known(s.text, own(pairs[(s.n as number) - 1] as number));
        else joints.text(s.text);
      }
      return joints.end();
    };
    const segments = renderSegments(sample.prompts, sample.responses, sample.composition);
    const prompt = joined(segments.prompt, (pair) => promptTokens[pair] as number);
    if (prompt === null) return null;
    const response = joined(segments.response, (pair) => (content[pair] as number) - (promptTokens[pair] as number));
    if (response === null) return null;
    return (systemTokens[systemOf[pairs[0] as number] as number] as number) + prompt + response;
  }

  /** The pair at `start` as it came, in the language its group was decided in (meta.lang). */
  alone(start: number, like: Sample): Sample {
    const pair = this.block.order[start] as number;
    return plainSample(pair, this.block.texts.get(pair), this.block.counts.alone[pair] as number, like.composition.pack);
  }

  /** The pairs at positions [start, end), in the group's order. */
  private pairs(start: number, end: number): Uint32Array {
    return this.block.order.subarray(start, end);
  }

  private decide(pairs: Uint32Array, prompts: string[], responses: string[], group: number): Composition {
    const { choices, streamOf, packOf, collisionsOf } = this.block;
    return decide(prompts, responses, choices, streamOf(group), packOf(pairs[0] as number), collisionsOf(pairs));
  }

  private compose(start: number, end: number, group: number): Omit<Sample, 'tokens'> {
    const pairs = this.pairs(start, end);
    const { prompts, responses } = this.textsOf(pairs);
    const composition = this.decide(pairs, prompts, responses, group);
    const text = renderMosaic(prompts, responses, composition);
    const system = this.block.texts.get(pairs[0] as number).system;
    return { composition, prompts, responses, text, system, pairs };
  }

  /** Pairs' and system prompt's tokens from the pre-pass, plus the decoration rendered around empty texts. */
  private estimateOf(pairs: Uint32Array, composition: Composition): number {
    const { content, systemOf, systemTokens } = this.block.counts;
    let own = 0;
    for (const i of pairs) own += content[i] as number;
    const system = systemTokens[systemOf[pairs[0] as number] as number] as number;
    const empty = new Array<string>(pairs.length).fill('');
    return this.block.counter.estimate(own, system, renderMosaic(empty, empty, composition), pairs.length);
  }

  private textsOf(pairs: Uint32Array): { prompts: string[]; responses: string[] } {
    const prompts = new Array<string>(pairs.length);
    const responses = new Array<string>(pairs.length);
    for (let i = 0; i < pairs.length; i++) {
      const pair = this.block.texts.get(pairs[i] as number);
      prompts[i] = pair.prompt;
      responses[i] = pair.response;
    }
    return { prompts, responses };
  }
}

function plainSample(index: number, pair: Pair, tokens: number, pack: LanguagePack): Sample {
  return {
    pairs: Uint32Array.of(index),
    composition: plainPair('\n\n', true, pack),
    prompts: [pair.prompt],
    responses: [pair.response],
    text: { prompt: pair.prompt, response: pair.response },
    tokens,
    system: pair.system,
  };
}

/** The mosaic a sample becomes; `sources` are its pairs' places in the input. */
export function mosaicOf(sample: Sample, epoch: number, sources: number[]): Mosaic {
  const c = sample.composition;
  return {
    prompt: sample.text.prompt,
    response: sample.text.response,
    ...(sample.system ? { system: sample.system } : {}),
    meta: {
      epoch,
      sources,
      strategy: c.strategy,
      rule: c.rule,
      order: [...c.order],
      masked: [...c.masked],
      numbered: c.numbering !== null,
      lang: c.pack.name,
      tokens: sample.tokens,
    },
    parts: { composition: c, prompts: sample.prompts, responses: sample.responses },
  };
}
