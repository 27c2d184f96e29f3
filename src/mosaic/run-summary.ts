import type { ResolvedAugmentOptions } from '../options.js';
import type { StrategyName } from '../rule-names.js';
import type { Unavailable } from '../strategies/rule.js';

/** Counts reported after a run; filled while mosaics are produced. */
export interface AugmentSummary {
  pairs: number;
  /** Pairs that exceed the budget on their own: never used, counted once. */
  droppedOverBudget: number;
  mosaics: number;
  /** Mosaics of two or more pairs: those a rule could apply to. */
  grouped: number;
  byStrategy: Record<StrategyName, number>;
  /** "permute:reverse", "maskout:odd", ... */
  byRule: Record<string, number>;
  /**
   * For each rule the options allow ("permute:alpha", ..., and "format"): in how many
   * mosaics of two or more pairs it could not be stated, by reason (rules.ts Unavailable).
   */
  unavailable: Record<string, Partial<Record<Unavailable, number>>>;
  tokenizer: string;
  maxTokens: number;
  /** Preference output: mosaics left out because nothing in them could be broken (one plain pair). */
  unpaired: number;
}

/** A summary with nothing counted yet. */
export function emptySummary(pairs: number, options: ResolvedAugmentOptions): AugmentSummary {
  return {
    pairs,
    droppedOverBudget: 0,
    mosaics: 0,
    grouped: 0,
    byStrategy: { primary: 0, format: 0, permute: 0, maskout: 0 },
    byRule: {},
    unavailable: {},
    tokenizer: options.tokenizer.name,
    maxTokens: options.maxTokens,
    unpaired: 0,
  };
}

/** Adds one summary's rule and unavailability counts to another's (blocks built apart). */
export function addRuleCounts(into: AugmentSummary, from: Pick<AugmentSummary, 'grouped' | 'byRule' | 'unavailable'>): void {
  into.grouped += from.grouped;
  for (const [rule, n] of Object.entries(from.byRule)) into.byRule[rule] = (into.byRule[rule] ?? 0) + n;
  for (const [kind, reasons] of Object.entries(from.unavailable)) {
    const to = (into.unavailable[kind] ??= {});
    for (const [reason, n] of Object.entries(reasons)) to[reason as Unavailable] = (to[reason as Unavailable] ?? 0) + (n as number);
  }
}
