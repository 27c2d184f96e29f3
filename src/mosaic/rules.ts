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

interface Sorted {
  readonly ascending: readonly number[];
  readonly tied: boolean;
}

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
  // One field per measure, not a record keyed by measure: fixed fields read faster.
  private byAlpha?: Sorted;
  private byWords?: Sorted;
  private byChars?: Sorted;

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
    return this.sorted(measure).ascending;
  }

  /** Whether two instructions are equal in the measure, so that a sort by it is ambiguous. */
  hasTies(measure: Measure): boolean {
    return this.sorted(measure).tied;
  }

  private sorted(measure: Measure): Sorted {
    switch (measure) {
      case 'alpha':
        return (this.byAlpha ??= this.sort(measure));
      case 'words':
        return (this.byWords ??= this.sort(measure));
      case 'chars':
        return (this.byChars ??= this.sort(measure));
    }
  }

  private sort(measure: Measure): Sorted {
    const compare = this.comparer(measure);
    const ascending = identityOrder(this.size).sort((a, b) => compare(a - 1, b - 1));
    let tied = false;
    for (let i = 1; i < ascending.length && !tied; i++) {
      tied = compare((ascending[i - 1] as number) - 1, (ascending[i] as number) - 1) === 0;
    }
    return { ascending, tied };
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

/**
 * Whether a permute rule is unambiguous for this group: permuteOrder returns null exactly
 * when this is false. It builds no order, so that decide() can ask it of every rule.
 */
export function permuteApplies(rule: PermuteRule, group: readonly string[] | GroupView): boolean {
  const view = viewOf(group);
  const k = view.size;
  if (k < 2) return false;
  const measure = sortMeasure(rule);
  if (measure !== undefined) return !view.hasTies(measure);
  // With two instructions odd-then-even is just the given order: not a permutation.
  if (rule === 'odd-even' || rule === 'even-odd') return k >= 3;
  return true;
}

/** What a sorting rule sorts by; undefined for the rules that do not sort. */
function sortMeasure(rule: PermuteRule): Measure | undefined {
  switch (rule) {
    case 'alpha':
    case 'alpha-desc':
      return 'alpha';
    case 'words':
    case 'words-desc':
      return 'words';
    case 'chars':
    case 'chars-desc':
      return 'chars';
    default:
      return undefined;
  }
}

/** The answer order a permute rule demands, or null if the rule is ambiguous here. */
export function permuteOrder(rule: PermuteRule, group: readonly string[] | GroupView, rng: Rng): number[] | null {
  const view = viewOf(group);
  if (!permuteApplies(rule, view)) return null;
  const k = view.size;
  switch (rule) {
    case 'reverse':
      return identityOrder(k).reverse();
    case 'random':
      return randomNonIdentityOrder(k, rng);
    case 'odd-even':
    case 'even-odd': {
      const odd = identityOrder(k).filter((n) => n % 2 === 1);
      const even = identityOrder(k).filter((n) => n % 2 === 0);
      return rule === 'odd-even' ? [...odd, ...even] : [...even, ...odd];
    }
    default: {
      // A sorting rule: the group's order by its measure, shared, so copied.
      const order = view.ascendingBy(sortMeasure(rule) as Measure).slice();
      return rule === 'alpha-desc' || rule === 'words-desc' || rule === 'chars-desc' ? order.reverse() : order;
    }
  }
}

/** How many instructions a maskout sample skips: max(1, floor(k * r)), r ~ U[0.1, 0.5]. */
export function maskCount(k: number, rng: Rng): number {
  const r = 0.1 + 0.4 * rng.next();
  return Math.max(1, Math.floor(k * r));
}

/**
 * Whether a maskout rule is unambiguous for this group and mask size: maskedNumbers
 * returns null exactly when this is false. It builds no set, so that decide() can ask it
 * of every rule.
 */
export function maskoutApplies(rule: MaskoutRule, group: readonly string[] | GroupView, count: number): boolean {
  const view = viewOf(group);
  if (view.size < 2) return false;
  return (rule !== 'longest' && rule !== 'shortest') || !tiedAtCut(view, rule, count);
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
  if (!maskoutApplies(rule, view, count)) return null;
  const k = view.size;
  switch (rule) {
    case 'random':
      return rng.shuffled(identityOrder(k)).slice(0, count).sort(compareNumbers);
    case 'longest':
    case 'shortest': {
      if (count >= k) return identityOrder(k);
      // The `count` shortest lead the ascending order, the `count` longest end it.
      const ascending = view.ascendingBy('words');
      const chosen = rule === 'shortest' ? ascending.slice(0, count) : ascending.slice(k - count);
      return chosen.sort(compareNumbers);
    }
    case 'odd':
      return identityOrder(k).filter((n) => n % 2 === 1);
    case 'even':
      return identityOrder(k).filter((n) => n % 2 === 0);
  }
}

/**
 * Whether "the `count` longest" (or shortest) names more than one set: the last one in
 * and the first one out have as many words.
 */
function tiedAtCut(view: GroupView, rule: 'longest' | 'shortest', count: number): boolean {
  const k = view.size;
  const cut = rule === 'shortest' ? count : k - count;
  if (cut <= 0 || cut >= k) return false;
  const words = view.wordCounts();
  const ascending = view.ascendingBy('words');
  return words[(ascending[cut - 1] as number) - 1] === words[(ascending[cut] as number) - 1];
}

function randomNonIdentityOrder(k: number, rng: Rng): number[] {
  // A shuffle equal to the given order would state "random order" over an unchanged one.
  // For k >= 2 at most half of the draws are the identity, so this ends quickly.
  for (;;) {
    const order = rng.shuffled(identityOrder(k));
    if (order.some((n, i) => n !== i + 1)) return order;
  }
}

function compareNumbers(a: number, b: number): number {
  return a - b;
}
