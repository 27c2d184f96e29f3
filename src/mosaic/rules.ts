import type { Rng } from '../rng/random.js';
import type { MaskoutRule, PermuteRule } from '../types.js';
import { alphaKey, charCount, compareAlphaKeysAscii, compareCodePoints, wordCount } from './text-measures.js';

/**
 * Each rule turns a group's prompts into the exact answer order (permute) or the exact
 * set of skipped instructions (maskout), or returns null when it would be ambiguous for
 * this group: a sort with tied keys, a cut between tied lengths, a rule that needs more
 * instructions than the group has. Callers then choose another rule; a rule is never
 * stated unless its result is the only correct reading. Numbers are 1-based.
 */

export interface RuleSpec {
  /** The rule speaks of instruction numbers, so instructions must be visibly numbered. */
  readonly needsNumbers: boolean;
}

export const PERMUTE_SPECS: Readonly<Record<PermuteRule, RuleSpec>> = {
  reverse: { needsNumbers: false },
  random: { needsNumbers: true },
  alpha: { needsNumbers: false },
  'alpha-desc': { needsNumbers: false },
  words: { needsNumbers: false },
  'words-desc': { needsNumbers: false },
  chars: { needsNumbers: false },
  'chars-desc': { needsNumbers: false },
  'odd-even': { needsNumbers: true },
  'even-odd': { needsNumbers: true },
};

export const MASKOUT_SPECS: Readonly<Record<MaskoutRule, RuleSpec>> = {
  random: { needsNumbers: true },
  longest: { needsNumbers: false },
  shortest: { needsNumbers: false },
  odd: { needsNumbers: true },
  even: { needsNumbers: true },
};

/** 1..k */
export function identityOrder(k: number): number[] {
  const order = new Array<number>(k);
  for (let i = 0; i < k; i++) order[i] = i + 1;
  return order;
}

/** What the sorting rules sort by: lower-cased text, words, code points. */
type Measure = 'alpha' | 'words' | 'chars';

/**
 * A group's prompts with their measures and sorted orders computed on first use. decide()
 * asks every rule about one group (eligibility, then the chosen rule again), so one view
 * sorts each measure once for all of them; a plain array gets a fresh view per call, so
 * a caller that reuses and mutates its array never sees stale measures.
 */
export class GroupView {
  private words?: number[];
  private chars?: number[];
  /** Lower-cased prompts, each made only when an alphabetical comparison needs it. */
  private alpha?: Array<string | undefined>;
  private readonly ascending: { [M in Measure]?: readonly number[] } = {};
  private readonly tied: { [M in Measure]?: boolean } = {};

  constructor(readonly prompts: readonly string[]) {}

  get size(): number {
    return this.prompts.length;
  }

  wordCounts(): number[] {
    return (this.words ??= this.prompts.map(wordCount));
  }

  charCounts(): number[] {
    return (this.chars ??= this.prompts.map(charCount));
  }

  /**
   * Instruction numbers in ascending order of the measure; ties keep instruction order
   * (the sort is stable). Shared: callers copy before changing it.
   */
  ascendingBy(measure: Measure): readonly number[] {
    const cached = this.ascending[measure];
    if (cached) return cached;
    const compare = this.comparer(measure);
    return (this.ascending[measure] = identityOrder(this.size).sort((a, b) => compare(a - 1, b - 1)));
  }

  /** Whether two instructions are equal in the measure, so that a sort by it is ambiguous. */
  hasTies(measure: Measure): boolean {
    const cached = this.tied[measure];
    if (cached !== undefined) return cached;
    const order = this.ascendingBy(measure);
    const compare = this.comparer(measure);
    let tied = false;
    for (let i = 1; i < order.length && !tied; i++) tied = compare((order[i - 1] as number) - 1, (order[i] as number) - 1) === 0;
    return (this.tied[measure] = tied);
  }

  /** Compares prompts i and j (0-based) by the measure. */
  private comparer(measure: Measure): (i: number, j: number) => number {
    if (measure === 'alpha') return (i, j) => this.compareAlpha(i, j);
    const values = measure === 'words' ? this.wordCounts() : this.charCounts();
    return (i, j) => (values[i] as number) - (values[j] as number);
  }

  /**
   * compareCodePoints of the two lower-cased prompts. Most prompts differ within their
   * leading ASCII, which decides without lower-casing anything; the rest compare the
   * full keys (made once per prompt).
   */
  private compareAlpha(i: number, j: number): number {
    const quick = compareAlphaKeysAscii(this.prompts[i] as string, this.prompts[j] as string);
    return quick ?? compareCodePoints(this.alphaKey(i), this.alphaKey(j));
  }

  private alphaKey(i: number): string {
    const keys = (this.alpha ??= new Array<string | undefined>(this.size));
    return (keys[i] ??= alphaKey(this.prompts[i] as string));
  }
}

function viewOf(group: readonly string[] | GroupView): GroupView {
  return group instanceof GroupView ? group : new GroupView(group);
}

/** The answer order a permute rule demands, or null if the rule is ambiguous here. */
export function permuteOrder(rule: PermuteRule, group: readonly string[] | GroupView, rng: Rng): number[] | null {
  const view = viewOf(group);
  const k = view.size;
  if (k < 2) return null;
  switch (rule) {
    case 'reverse':
      return identityOrder(k).reverse();
    case 'random':
      return randomNonIdentityOrder(k, rng);
    case 'alpha':
    case 'alpha-desc':
      return strictOrder(view, 'alpha', rule === 'alpha-desc');
    case 'words':
    case 'words-desc':
      return strictOrder(view, 'words', rule === 'words-desc');
    case 'chars':
    case 'chars-desc':
      return strictOrder(view, 'chars', rule === 'chars-desc');
    case 'odd-even':
    case 'even-odd': {
      // With two instructions odd-then-even is just the given order: not a permutation.
      if (k < 3) return null;
      const odd = identityOrder(k).filter((n) => n % 2 === 1);
      const even = identityOrder(k).filter((n) => n % 2 === 0);
      return rule === 'odd-even' ? [...odd, ...even] : [...even, ...odd];
    }
  }
}

/** How many instructions a maskout sample skips: max(1, floor(k * r)), r ~ U[0.1, 0.5]. */
export function maskCount(k: number, rng: Rng): number {
  const r = 0.1 + 0.4 * rng.next();
  return Math.max(1, Math.floor(k * r));
}

/**
 * The instructions a maskout rule skips, ascending, or null if ambiguous here. `count`
 * is the drawn mask size; odd/even fix their own size.
 */
export function maskedNumbers(
  rule: MaskoutRule,
  group: readonly string[] | GroupView,
  count: number,
  rng: Rng,
): number[] | null {
  const view = viewOf(group);
  const k = view.size;
  if (k < 2) return null;
  switch (rule) {
    case 'random':
      return rng.shuffled(identityOrder(k)).slice(0, count).sort(compareNumbers);
    case 'longest':
    case 'shortest': {
      if (count >= k) return identityOrder(k);
      const words = view.wordCounts();
      // The `count` shortest lead the ascending order, the `count` longest end it.
      const ascending = view.ascendingBy('words');
      const cut = rule === 'shortest' ? count : k - count;
      // A tie across the cut would make "the n longest" name more than one set.
      if (cut > 0 && cut < k && words[(ascending[cut - 1] as number) - 1] === words[(ascending[cut] as number) - 1]) return null;
      const chosen = rule === 'shortest' ? ascending.slice(0, cut) : ascending.slice(cut);
      return chosen.sort(compareNumbers);
    }
    case 'odd':
      return identityOrder(k).filter((n) => n % 2 === 1);
    case 'even':
      return identityOrder(k).filter((n) => n % 2 === 0);
  }
}

function randomNonIdentityOrder(k: number, rng: Rng): number[] {
  // A shuffle equal to the given order would state "random order" over an unchanged one.
  // For k >= 2 at most half of the draws are the identity, so this ends quickly.
  for (;;) {
    const order = rng.shuffled(identityOrder(k));
    if (order.some((n, i) => n !== i + 1)) return order;
  }
}

/** Instruction numbers sorted by the measure, or null when two tie (ambiguous). */
function strictOrder(view: GroupView, measure: Measure, descending: boolean): number[] | null {
  if (view.hasTies(measure)) return null;
  const order = view.ascendingBy(measure).slice();
  return descending ? order.reverse() : order;
}

function compareNumbers(a: number, b: number): number {
  return a - b;
}
