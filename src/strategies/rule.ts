/**
 * What the permute and maskout rule tables (permute.ts, maskout.ts) are made of. Each rule
 * turns a group's prompts into the exact answer order (permute) or the exact set of skipped
 * instructions (maskout), and is offered only where a careful reader could not get another
 * result: no ties, no two reasonable readings of the measure that disagree, no neighbours
 * too close to tell apart, and a measure that means something for the group's script.
 * Otherwise the rule is unavailable for the group, for a reason the summary counts.
 * Numbers are 1-based.
 *
 * A leaf: the names derived from the tables (rule-names.ts) are imported by every layer.
 */

/** Why a rule cannot be stated for a group. */
export type Unavailable =
  /** Too few instructions for the rule (odd/even rules need four). */
  | 'size'
  /** The measure means nothing here: words in a script without spaces, a text that does not start with a letter, mixed or unsupported alphabets. */
  | 'script'
  /** Two instructions measure the same. */
  | 'ties'
  /** The stated reading and another reasonable one give different results. */
  | 'readings'
  /** Neighbouring measures are too close to check by eye. */
  | 'too-close'
  /** The rule needs numbers, or the format needs markers, and every style occurs in the texts. */
  | 'collision'
  /** The group's language pack switches the rule off (Chinese: word counts). */
  | 'language';

export const UNAVAILABLE_REASONS: readonly Unavailable[] = ['size', 'script', 'ties', 'readings', 'too-close', 'collision', 'language'];

/** What a permute rule sorts by: alphabetical order, words, or characters, as the group's pack reads them. */
export type SortMeasure = 'alpha' | 'words' | 'chars';

/** A sort's answer order (ascending), or why the group cannot be sorted by the measure. */
export type Sorted = { readonly ascending: readonly number[]; readonly reason: null } | { readonly ascending: null; readonly reason: Unavailable };

/** The instructions a "longest"/"shortest" cut skips (ascending), or why the cut is in doubt. */
export type Cut = { readonly masked: readonly number[]; readonly reason: null } | { readonly masked: null; readonly reason: Unavailable };

/**
 * A group's prompts as the rules ask about them (mosaic/group-view.ts measures them in
 * the group's language). A rule reads the group only through this.
 */
export interface RuleGroup {
  readonly size: number;
  sorted(measure: SortMeasure): Sorted;
  /** The `count` longest or shortest instructions under the pack's cut measure. */
  cut(end: 'longest' | 'shortest', count: number): Cut;
}

/**
 * A value a rule's sentences must put in words (language/fill.ts fills it) for the reader
 * to get the exact result: the answer order, the skipped numbers, how many are skipped.
 */
export type StatedValue = 'sequence' | 'list' | 'n';

/** What every rule entry holds, permute or maskout. */
export interface RuleEntry {
  /** Fewest instructions the rule is stated for. */
  readonly minK: number;
  /** The rule speaks of instruction numbers, so instructions must be visibly numbered. */
  readonly needsNumbers: boolean;
  /**
   * The value every sentence of the rule must state, beyond {count} and {where}; null when
   * the rule's words say everything ("in reverse order"). The pack schema derives from it
   * which placeholders a sentence must and may hold.
   */
  readonly states: StatedValue | null;
}

/** 1..k */
export function identityOrder(k: number): number[] {
  const order = new Array<number>(k);
  for (let i = 0; i < k; i++) order[i] = i + 1;
  return order;
}

/** The odd-numbered (1, 3, ...) or even-numbered (2, 4, ...) instructions of k, ascending. */
export function withParity(k: number, parity: 'odd' | 'even'): number[] {
  const rest = parity === 'odd' ? 1 : 0;
  return identityOrder(k).filter((n) => n % 2 === rest);
}

/** The rule is available for every group of its size. */
export const ALWAYS = (): null => null;
