import type { TokenCounter } from './counter.js';

/**
 * A fast, model-free estimate of a subword token count, for quick runs and for when no
 * tokenizer is available. It is an estimate: budgets counted with it are not exact for
 * any model. Rules, chosen to track Llama-style BPE on English text:
 * - a run of ASCII letters costs 1 token per started 6 letters;
 * - each digit, ASCII punctuation mark, newline or tab costs 1 (Llama splits digits);
 * - spaces are free (BPE vocabularies fold a leading space into the next word);
 * - every non-ASCII UTF-16 code unit costs 1 (CJK, emoji halves, accented letters).
 * A single pass over char codes, no allocation.
 */
export function approxTokenCount(text: string): number {
  let tokens = 0;
  let letters = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    const isLetter = (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
    if (isLetter) {
      letters++;
      continue;
    }
    if (letters > 0) {
      tokens += Math.ceil(letters / LETTERS_PER_TOKEN);
      letters = 0;
    }
    if (c !== 32) tokens++;
  }
  if (letters > 0) tokens += Math.ceil(letters / LETTERS_PER_TOKEN);
  return tokens;
}

const LETTERS_PER_TOKEN = 6;

export const approxCounter: TokenCounter = {
  name: 'approx',
  exact: false,
  count: approxTokenCount,
  // ceil(p/6) + ceil(q/6) - ceil((p+q)/6) is 0 or 1 when two letter runs meet; every
  // other character is counted on its own.
  subadditive: true,
};
