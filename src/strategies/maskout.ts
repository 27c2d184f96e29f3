import type { Rng } from '../rng/random.js';
import { ALWAYS, identityOrder, withParity, type RuleEntry, type RuleGroup, type Unavailable } from './rule.js';

/** One maskout rule: what it measures, when it can be stated, which instructions it skips. */
export interface MaskoutEntry extends RuleEntry {
  /** `length`: the pack's cut measure (words for English, characters for Chinese); null for positions (or chance). */
  readonly measure: 'length' | null;
  /**
   * Whether it can skip a single instruction of three or more: then its sentences' `one`
   * form is chosen, and a pack whose nouns change with their count must give it.
   */
  readonly skipsOne: boolean;
  /**
   * Whether a sentence about a single skipped instruction (forms `two` and `one`) may leave
   * `states` out because the singular says it: "skip the longest instruction".
   */
  readonly singularStates: boolean;
  /** Why the group cannot take the rule for `count` skips, its size aside; null when it can. Draws nothing. */
  readonly unavailable: (group: RuleGroup, count: number) => Unavailable | null;
  /** The instructions skipped, ascending; asked only where the rule is available. */
  readonly masked: (group: RuleGroup, count: number, rng: Rng) => number[];
}

/**
 * "The `count` longest (shortest)": the same set under every reading of the pack's length
 * measure, the cut between kept and skipped clearly apart. Ties or closeness elsewhere do
 * not matter: only the cut is stated.
 */
function cutAt(end: 'longest' | 'shortest'): Pick<MaskoutEntry, 'measure' | 'unavailable' | 'masked'> {
  return {
    measure: 'length',
    unavailable: (group, count) => group.cut(end, count).reason,
    masked: (group, count) => (group.cut(end, count).masked as readonly number[]).slice(),
  };
}

/**
 * The maskout rules, in the order --maskout-rules lists them (also the order a group's
 * available rules are drawn from). Adding a rule is an entry here, its sentences in every
 * language pack and its tests. Odd/even rules skip a fixed half, so they need four
 * instructions (several skipped, several kept) and never skip exactly one.
 */
export const MASKOUT = {
  random: {
    measure: null,
    minK: 2,
    needsNumbers: true,
    states: 'list',
    skipsOne: true,
    singularStates: false,
    unavailable: ALWAYS,
    masked: (group, count, rng) => rng.shuffled(identityOrder(group.size)).slice(0, count).sort(compareNumbers),
  },
  longest: { minK: 2, needsNumbers: false, states: 'n', skipsOne: true, singularStates: true, ...cutAt('longest') },
  shortest: { minK: 2, needsNumbers: false, states: 'n', skipsOne: true, singularStates: true, ...cutAt('shortest') },
  odd: { measure: null, minK: 4, needsNumbers: true, states: null, skipsOne: false, singularStates: false, unavailable: ALWAYS, masked: (group) => withParity(group.size, 'odd') },
  even: { measure: null, minK: 4, needsNumbers: true, states: null, skipsOne: false, singularStates: false, unavailable: ALWAYS, masked: (group) => withParity(group.size, 'even') },
} as const satisfies Record<string, MaskoutEntry>;

export type MaskoutRule = keyof typeof MASKOUT;
export const MASKOUT_RULES = Object.keys(MASKOUT) as readonly MaskoutRule[];

/** How many instructions a maskout sample skips: max(1, floor(k * r)), r ~ U[0.1, 0.5]. */
export function maskCount(k: number, rng: Rng): number {
  const r = 0.1 + 0.4 * rng.next();
  return Math.max(1, Math.floor(k * r));
}

/** Why a maskout rule cannot be stated for this group and mask size (numbers aside), or null. */
export function maskoutUnavailable(rule: MaskoutRule, group: RuleGroup, count: number): Unavailable | null {
  const entry: MaskoutEntry = MASKOUT[rule];
  return group.size < entry.minK ? 'size' : entry.unavailable(group, count);
}

/** The instructions a maskout rule skips, ascending; the rule must be available. */
export function maskedNumbers(rule: MaskoutRule, group: RuleGroup, count: number, rng: Rng): number[] {
  return (MASKOUT[rule] as MaskoutEntry).masked(group, count, rng);
}

function compareNumbers(a: number, b: number): number {
  return a - b;
}
