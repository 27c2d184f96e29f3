import type { Rng } from '../rng/random.js';
import { ALWAYS, identityOrder, withParity, type RuleEntry, type RuleGroup, type SortMeasure, type Unavailable } from './rule.js';

/** One permute rule: what it measures, when it can be stated, the answer order it demands. */
export interface PermuteEntry extends RuleEntry {
  /** What a reader measures to find the order; null for a rule about positions (or chance). */
  readonly measure: SortMeasure | null;
  /** Why the group cannot take the rule, its size aside (that is `minK`'s); null when it can. Draws nothing. */
  readonly unavailable: (group: RuleGroup) => Unavailable | null;
  /** The answer order the rule demands; asked only where the rule is available. */
  readonly order: (group: RuleGroup, rng: Rng) => number[];
}

/**
 * A sort: available when the group's order under the measure is beyond doubt. A sort may
 * give the order the instructions are in: the reader must sort to know.
 */
function sortedBy(measure: SortMeasure, direction: 'ascending' | 'descending'): Pick<PermuteEntry, 'measure' | 'unavailable' | 'order'> {
  return {
    measure,
    unavailable: (group) => group.sorted(measure).reason,
    order: (group) => {
      const order = (group.sorted(measure).ascending as readonly number[]).slice();
      return direction === 'descending' ? order.reverse() : order;
    },
  };
}

/**
 * The permute rules, in the order --permute-rules lists them (which is also the order a
 * group's available rules are drawn from: changing it changes the output). Adding a rule
 * is an entry here, its sentences in every language pack (their type requires them) and
 * its tests. Odd/even rules need four instructions so that both the odd and the even ones
 * are several: with three, "the even-numbered ones" would be one instruction.
 */
export const PERMUTE = {
  reverse: { measure: null, minK: 2, needsNumbers: false, states: null, unavailable: ALWAYS, order: (group) => identityOrder(group.size).reverse() },
  // A random order never gives the order the instructions are in: the sentence would only restate it.
  random: { measure: null, minK: 2, needsNumbers: true, states: 'sequence', unavailable: ALWAYS, order: (group, rng) => randomNonIdentityOrder(group.size, rng) },
  alpha: { minK: 2, needsNumbers: false, states: null, ...sortedBy('alpha', 'ascending') },
  'alpha-desc': { minK: 2, needsNumbers: false, states: null, ...sortedBy('alpha', 'descending') },
  words: { minK: 2, needsNumbers: false, states: null, ...sortedBy('words', 'ascending') },
  'words-desc': { minK: 2, needsNumbers: false, states: null, ...sortedBy('words', 'descending') },
  chars: { minK: 2, needsNumbers: false, states: null, ...sortedBy('chars', 'ascending') },
  'chars-desc': { minK: 2, needsNumbers: false, states: null, ...sortedBy('chars', 'descending') },
  'odd-even': { measure: null, minK: 4, needsNumbers: true, states: null, unavailable: ALWAYS, order: (group) => [...withParity(group.size, 'odd'), ...withParity(group.size, 'even')] },
  'even-odd': { measure: null, minK: 4, needsNumbers: true, states: null, unavailable: ALWAYS, order: (group) => [...withParity(group.size, 'even'), ...withParity(group.size, 'odd')] },
} as const satisfies Record<string, PermuteEntry>;

export type PermuteRule = keyof typeof PERMUTE;
export const PERMUTE_RULES = Object.keys(PERMUTE) as readonly PermuteRule[];

/** Why a permute rule cannot be stated for this group (numbers aside), or null if it can. */
export function permuteUnavailable(rule: PermuteRule, group: RuleGroup): Unavailable | null {
  const entry: PermuteEntry = PERMUTE[rule];
  return group.size < entry.minK ? 'size' : entry.unavailable(group);
}

/** The answer order a permute rule demands; the rule must be available (permuteUnavailable). */
export function permuteOrder(rule: PermuteRule, group: RuleGroup, rng: Rng): number[] {
  return (PERMUTE[rule] as PermuteEntry).order(group, rng);
}

function randomNonIdentityOrder(k: number, rng: Rng): number[] {
  // For k >= 2 at most half of the draws are the identity, so this ends quickly.
  for (;;) {
    const order = rng.shuffled(identityOrder(k));
    if (order.some((n, i) => n !== i + 1)) return order;
  }
}
