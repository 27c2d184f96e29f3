import { countSum, type JointCounting, type TokenCounter } from '../tokens/counter.js';
import type { ChatTemplate } from '../tokens/chat-template.js';
import type { RenderedText } from './render.js';

/** The texts of one sample whose tokens the budget counts. */
export interface SampleText {
  readonly system: string | undefined;
  readonly text: RenderedText;
}

/**
 * Joint allowance per place where a pair's text meets decoration. A tokenizer may merge
 * or split differently across a joint than on each side alone (a word after a newline
 * loses the prefix space it had when counted alone); the planning estimate adds this
 * much per joint so that the exact check rarely has to shrink a sample.
 */
export const JOINT_MARGIN = 1;

// Decoration texts whose counts are kept (a few hundred bytes each): a few MB at most.
const DECORATIONS_KEPT = 1 << 14;

/** Whether samples are planned on estimates and counted exactly in batches (see SampleCounter). */
export function countsInBatches(counter: TokenCounter): boolean {
  return counter.countSync !== undefined && counter.countMany !== undefined;
}

/**
 * How samples are counted. Counters whose count() answers synchronously (the estimate,
 * the OpenAI encodings) count every sample directly. Engines whose bulk path is async
 * (the native tokenizers binding) plan with an estimate and count samples exactly in
 * batches afterwards: pair texts were counted once up front, the decoration (a few
 * sentences and labels) is counted synchronously, and joints get JOINT_MARGIN.
 * `batched` and `bounded` choose the planner's fitter (fitters.ts fitterFor).
 */
export class SampleCounter {
  readonly batched: boolean;
  /**
   * The planning estimate is a true upper bound: the counter promises that joining two
   * texts loses at most one token and gains none (TokenCounter.subadditive), and no chat
   * template adds text around the sample. A candidate whose estimate fits is then
   * accepted without rendering it.
   */
  readonly bounded: boolean;
  /**
   * Counts a sample from its parts' counts (TokenCounter.joints), when the counter can
   * and no chat template rewrites the text around them.
   */
  readonly joints: JointCounting | null;

  /** Decoration texts' counts, for the planning estimate (decorationTokens). */
  private readonly decorations = new Map<string, number>();

  /**
   * With a chat template, a sample counts as the trainer sees it: the conversation
   * (system, user, assistant) rendered by the template, encoded as one text.
   * `overhead` is what the template adds to an empty conversation, for planning.
   */
  private constructor(
    private readonly counter: TokenCounter,
    private readonly chat: ChatTemplate | null,
    readonly overhead: number,
  ) {
    this.batched = countsInBatches(counter);
    this.bounded = counter.subadditive === true && chat === null;
    this.joints = chat === null ? (counter.joints ?? null) : null;
  }

  /** Whether samples are counted as a chat template's rendered conversation. */
  get hasTemplate(): boolean {
    return this.chat !== null;
  }

  static async create(counter: TokenCounter, chat: ChatTemplate | null = null): Promise<SampleCounter> {
    const overhead = chat ? await countSum(counter, chat.render({ prompt: '', response: '' })) : 0;
    return new SampleCounter(counter, chat, overhead);
  }

  private texts(sample: SampleText): string[] {
    const { system, text } = sample;
    if (this.chat) return [this.chat.render({ ...(system ? { system } : {}), prompt: text.prompt, response: text.response })];
    return [system ?? '', text.prompt, text.response];
  }

  /** Exact tokens of one sample. */
  exact(sample: SampleText): Promise<number> {
    return countSum(this.counter, ...this.texts(sample));
  }

  /** Exact tokens of many samples, batched through the engine's bulk path. */
  async exactMany(samples: readonly SampleText[]): Promise<number[]> {
    const per = this.chat ? 1 : 3;
    const texts = samples.flatMap((s) => this.texts(s));
    const counts = this.counter.countMany ? await this.counter.countMany(texts) : await Promise.all(texts.map((t) => this.counter.count(t)));
    const out = new Array<number>(samples.length).fill(0);
    for (let i = 0; i < counts.length; i++) {
      const at = Math.floor(i / per);
      out[at] = (out[at] as number) + (counts[i] as number);
    }
    return out;
  }

  /**
   * Planning estimate for batched engines and bounded counters (both count synchronously): exact tokens of the pairs' own texts and of
   * the system prompt (both known from the pre-pass), plus the exact tokens of the
   * decoration alone, plus the joint allowance.
   */
  estimate(pairTokens: number, systemTokens: number, decoration: RenderedText, pairs: number): number {
    const joints = 2 * pairs + (systemTokens > 0 ? 1 : 0);
    return pairTokens + systemTokens + this.overhead + this.decorationTokens(decoration.prompt) + this.decorationTokens(decoration.response) + JOINT_MARGIN * joints;
  }

  /**
   * A decoration's tokens, remembered: the same numbering, markers and sentences recur
   * across a run's candidates, and a lookup by the whole text costs less than splitting
   * it and looking up each of its pieces again.
   */
  private decorationTokens(text: string): number {
    let count = this.decorations.get(text);
    if (count === undefined) {
      const countSync = this.counter.countSync ?? (this.counter.count as (text: string) => number);
      count = countSync(text);
      if (this.decorations.size >= DECORATIONS_KEPT) this.decorations.clear();
      this.decorations.set(text, count);
    }
    return count;
  }
}
