import type { JointCounting, TokenCounter } from './counter.js';

const LETTERS_PER_TOKEN = 6;

/**
 * The version of the rules below: a counts file made with the estimate records it, so
 * one counted under other rules is refused. Raise it whenever a count can change.
 */
export const APPROX_VERSION = 1;

/**
 * A fast, model-free estimate of a subword token count, for quick runs and for when no
 * tokenizer is available. It is an estimate: budgets counted with it are not exact for
 * any model. Rules, chosen to track Llama-style BPE on English text:
 * - a run of ASCII letters costs 1 token per started 6 letters;
 * - each digit, ASCII punctuation mark, newline or tab costs 1 (Llama splits digits);
 * - spaces are free (BPE vocabularies fold a leading space into the next word);
 * - every non-ASCII UTF-16 code unit costs 1 (CJK, emoji halves, accented letters).
 * A single pass over char codes, no allocation, and no branch on the text: the count
 * is a small state machine read from tables (below). Branching at every word boundary,
 * which the CPU cannot predict, cost about twice as much.
 */
export function approxTokenCount(text: string): number {
  let tokens = 0;
  let row = 0;
  for (let i = 0; i < text.length; i++) {
    const at = row + (CLASS_OF[text.charCodeAt(i)] as number);
    tokens += COST[at] as number;
    row = NEXT_ROW[at] as number;
  }
  return tokens;
}

// Each UTF-16 code unit is a space, an ASCII letter or anything else.
const SPACE = 0;
const OTHER = 1;
const LETTER = 2;
const CLASSES = 3;
const CLASS_OF = new Uint8Array(0x10000).fill(OTHER);
CLASS_OF[0x20] = SPACE;
for (let c = 0x41; c <= 0x5a; c++) CLASS_OF[c] = LETTER;
for (let c = 0x61; c <= 0x7a; c++) CLASS_OF[c] = LETTER;

// The state is how many letters of the current run came after its last token began,
// modulo LETTERS_PER_TOKEN: a letter in state 0 begins a token (the 1st, 7th, 13th ...
// letter of a run), so a run of n letters costs ceil(n / 6). Anything but a letter
// ends the run. Tables are indexed by state * CLASSES + class; NEXT_ROW holds the next
// state's row start.
const COST = new Uint8Array(LETTERS_PER_TOKEN * CLASSES);
const NEXT_ROW = new Uint8Array(LETTERS_PER_TOKEN * CLASSES);
for (let state = 0; state < LETTERS_PER_TOKEN; state++) {
  const row = state * CLASSES;
  COST[row + SPACE] = 0;
  NEXT_ROW[row + SPACE] = 0;
  COST[row + OTHER] = 1;
  NEXT_ROW[row + OTHER] = 0;
  COST[row + LETTER] = state === 0 ? 1 : 0;
  NEXT_ROW[row + LETTER] = ((state + 1) % LETTERS_PER_TOKEN) * CLASSES;
}

/**
 * The estimate of joined parts from each part's own estimate. Every character but an
 * ASCII letter is counted on its own, so the only thing a joint changes is where a
 * letter run ending one part meets a letter run starting the next: one run of p + q
 * letters costs ceil((p + q) / 6), not ceil(p / 6) + ceil(q / 6). Only the runs at the
 * parts' edges are read, so a sample costs its joints, not its length.
 */
class ApproxJoints implements JointCounting {
  private total = 0;
  /** Letters in the run the text so far ends with. */
  private run = 0;

  start(): this {
    this.total = 0;
    this.run = 0;
    return this;
  }

  text(part: string): this {
    return this.known(part, approxTokenCount(part));
  }

  known(part: string, tokens: number): this {
    const lead = leadingLetters(part);
    this.total += tokens + runCost(this.run + lead) - runCost(this.run) - runCost(lead);
    this.run = lead === part.length ? this.run + lead : trailingLetters(part);
    return this;
  }

  end(): number {
    return this.total;
  }
}

function runCost(letters: number): number {
  return Math.ceil(letters / LETTERS_PER_TOKEN);
}

function leadingLetters(text: string): number {
  let i = 0;
  while (i < text.length && CLASS_OF[text.charCodeAt(i)] === LETTER) i++;
  return i;
}

function trailingLetters(text: string): number {
  let i = text.length;
  while (i > 0 && CLASS_OF[text.charCodeAt(i - 1)] === LETTER) i--;
  return text.length - i;
}

export const approxCounter: TokenCounter = {
  name: 'approx',
  exact: false,
  count: approxTokenCount,
  // ceil(p/6) + ceil(q/6) - ceil((p+q)/6) is 0 or 1 when two letter runs meet; every
  // other character is counted on its own.
  subadditive: true,
  joints: new ApproxJoints(),
};
