/**
 * Counts tokens the way the budget is defined: each text on its own, no special tokens.
 * `count` may answer synchronously (the built-in estimate, pure-JS tokenizers) or with a
 * promise (native bindings such as Hugging Face `tokenizers`, whose encode is async);
 * the pipeline awaits either. Loading a counter happens once, up front.
 */
export interface TokenCounter {
  /** Name as given to --tokenizer, reported in summaries. */
  readonly name: string;
  /** False for estimates: the budget is then only as good as the estimate. */
  readonly exact: boolean;
  count(text: string): number | Promise<number>;
  /**
   * Counts many texts at once. Engines that batch or use several threads provide this;
   * countAll falls back to one count() per text.
   */
  countMany?(texts: readonly string[]): Promise<number[]>;
  /**
   * The same count, synchronously, for engines whose bulk path is async (the native
   * tokenizers binding). Used for short texts such as a meta-instruction, where an
   * async round trip would cost more than the work.
   */
  countSync?(text: string): number;
  /**
   * True when, for any texts a and b, count(a + b) is count(a) + count(b) or one less.
   * The planner then treats pairs + decoration + one token per joint as an upper bound
   * and renders a sample only when that bound does not fit. Only claim it when proven
   * for the counter's definition (the built-in estimate: a joint can only merge two runs
   * of letters).
   */
  readonly subadditive?: boolean;
  /**
   * Counts a text from its parts, where the tokenizer's split allows that exactly
   * (joint-count.ts); absent otherwise. Synchronous and stateful: start(), the parts in
   * order, end().
   */
  readonly joints?: JointCounting;
}

/** A text counted from its parts: decoration counted here, source texts from their known counts. */
export interface JointCounting {
  start(): JointCounting;
  /** A part counted piece by piece. */
  text(part: string): JointCounting;
  /** A part whose own count, alone, is `tokens`. */
  known(part: string, tokens: number): JointCounting;
  /** The joined text's count; null when only the whole-text count can say (an added token). */
  end(): number | null;
}

export async function countAll(counter: TokenCounter, texts: readonly string[]): Promise<number[]> {
  if (counter.countMany) return counter.countMany(texts);
  const out = new Array<number>(texts.length);
  for (let i = 0; i < texts.length; i++) {
    const n = counter.count(texts[i] as string);
    out[i] = typeof n === 'number' ? n : await n;
  }
  return out;
}

/**
 * Tokens of several texts added up. Awaits only when the counter really answered with a
 * promise: awaiting a plain number still costs a microtask turn, per text, per sample.
 */
export async function countSum(counter: TokenCounter, ...texts: string[]): Promise<number> {
  let total = 0;
  for (const text of texts) {
    const n = counter.count(text);
    total += typeof n === 'number' ? n : await n;
  }
  return total;
}
