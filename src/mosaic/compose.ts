import { pickWeighted, type Rng } from '../rng/random.js';
import { LABEL_CLAUSES, MARKER_CLAUSES, MASKOUT, PERMUTE, PRIMARY } from '../templates/phrasings.js';
import { MARKER_STYLES, NUMBERING_STYLES, UNNUMBERED_SEPARATORS, type MarkerStyle, type NumberingStyle } from '../templates/styles.js';
import type { MaskoutRule, PermuteRule, StrategyName } from '../types.js';
import {
  GroupView,
  identityOrder,
  MASKOUT_SPECS,
  maskCount,
  maskedNumbers,
  maskoutApplies,
  PERMUTE_SPECS,
  permuteApplies,
  permuteOrder,
} from './rules.js';
import type { StrategyChoice } from './strategy-choices.js';

/** Chance that the format layer also decorates a permute or maskout sample. */
export const DECORATE_CHANCE = 0.3;
/** Chance that a sample whose rule does not need numbers is numbered anyway. */
export const NUMBER_CHANCE = 0.5;

/**
 * Everything decided about one mosaic before any text is assembled. Kept separate from
 * rendering so that tests can check the decision (order, mask, numbering) directly and
 * the renderer stays a pure function of it.
 */
export interface Composition {
  readonly strategy: StrategyName;
  readonly rule: PermuteRule | MaskoutRule | null;
  /** 1-based instruction numbers whose answers appear, in answer order. */
  readonly order: readonly number[];
  readonly masked: readonly number[];
  readonly numbering: NumberingStyle | null;
  readonly markers: MarkerStyle | null;
  /** Between items when they are not numbered. */
  readonly separator: string;
  /** Meta-instruction before the instructions (true) or after them. */
  readonly metaFirst: boolean;
  /** The rule sentence, still with placeholders; null for a plain single pair. */
  readonly sentence: string | null;
  readonly labelClause: string | null;
  readonly markerClause: string | null;
}

interface Option {
  readonly choice: StrategyChoice;
  readonly rules: readonly string[];
}

/**
 * Decides how a group becomes a mosaic. All draws come from `rng`, which the caller
 * derives from (seed, epoch, group), in a fixed sequence so that the same group with
 * the same seed always gets the same decision.
 */
export function decide(prompts: readonly string[], choices: readonly StrategyChoice[], rng: Rng): Composition {
  const k = prompts.length;
  const group = new GroupView(prompts);
  // Drawn for every group, used only by maskout: keeps the stream's shape independent
  // of which strategy wins.
  const maskSize = maskCount(k, rng);
  const options = eligibleOptions(group, choices, maskSize);
  const numbering = rng.pick(NUMBERING_STYLES);
  const markerStyle = rng.pick(MARKER_STYLES);
  const separator = rng.pick(UNNUMBERED_SEPARATORS);
  const metaFirst = rng.chance(0.5);
  const picked =
    options.length > 0 ? pickWeighted(options, options.map((o) => o.choice.weight), rng) : null;
  const strategy: StrategyName = picked?.choice.strategy ?? 'primary';

  // Every Composition literal lists its fields in the interface's order, without spreads:
  // objects of one shape keep the renderer's property reads monomorphic, and a spread
  // followed by more fields is slow to build.
  if (k === 1) {
    if (strategy !== 'format') return plainPair(separator, metaFirst);
    return {
      strategy,
      rule: null,
      order: [1],
      masked: [],
      numbering: null,
      markers: markerStyle,
      separator,
      metaFirst,
      sentence: null,
      labelClause: null,
      markerClause: rng.pick(MARKER_CLAUSES.one),
    };
  }

  let rule: PermuteRule | MaskoutRule | null = null;
  let order = identityOrder(k);
  let masked: number[] = [];
  let sentence: string;
  let needsNumbers = false;
  if (strategy === 'permute' && picked) {
    const permuteRule = rng.pick(picked.rules) as PermuteRule;
    rule = permuteRule;
    order = permuteOrder(permuteRule, group, rng) as number[];
    needsNumbers = PERMUTE_SPECS[permuteRule].needsNumbers;
    sentence = rng.pick(PERMUTE[permuteRule] as readonly string[]);
  } else if (strategy === 'maskout' && picked) {
    const maskRule = rng.pick(picked.rules) as MaskoutRule;
    rule = maskRule;
    masked = maskedNumbers(maskRule, group, maskSize, rng) as number[];
    order = order.filter((n) => !masked.includes(n));
    needsNumbers = MASKOUT_SPECS[maskRule].needsNumbers;
    const phrasings = MASKOUT[maskRule] as { one: readonly string[]; many: readonly string[] };
    sentence = rng.pick(masked.length === 1 && phrasings.one.length > 0 ? phrasings.one : phrasings.many);
  } else {
    sentence = rng.pick(PRIMARY);
  }
  const numbered = needsNumbers || rng.chance(NUMBER_CHANCE);
  const decorated = strategy === 'format' || ((strategy === 'permute' || strategy === 'maskout') && rng.chance(DECORATE_CHANCE));
  const labelClause = rng.pick(LABEL_CLAUSES);
  const markerClause = rng.pick(MARKER_CLAUSES.many);
  return {
    strategy,
    rule,
    order,
    masked,
    numbering: numbered ? numbering : null,
    markers: decorated ? markerStyle : null,
    separator,
    metaFirst,
    sentence,
    labelClause: numbered ? labelClause : null,
    markerClause: decorated ? markerClause : null,
  };
}

/** A group of one under primary: the original pair, untouched, with nothing to state. */
export function plainPair(separator = '\n\n', metaFirst = true): Composition {
  return {
    strategy: 'primary',
    rule: null,
    order: [1],
    masked: [],
    numbering: null,
    markers: null,
    separator,
    metaFirst,
    sentence: null,
    labelClause: null,
    markerClause: null,
  };
}

/**
 * The weighted entries that can apply to this group, each with the rules that are
 * unambiguous for it, so that a sort with ties is never offered. Asking draws nothing.
 */
function eligibleOptions(group: GroupView, choices: readonly StrategyChoice[], maskSize: number): Option[] {
  const k = group.size;
  const options: Option[] = [];
  for (const choice of choices) {
    if (choice.strategy === 'primary' || choice.strategy === 'format') {
      options.push({ choice, rules: NO_RULES });
      continue;
    }
    if (k < 2) continue;
    const rules: string[] = [];
    for (const rule of choice.rules) {
      const applies =
        choice.strategy === 'permute'
          ? permuteApplies(rule as PermuteRule, group)
          : maskoutApplies(rule as MaskoutRule, group, maskSize);
      if (applies) rules.push(rule);
    }
    if (rules.length > 0) options.push({ choice, rules });
  }
  return options;
}

const NO_RULES: readonly string[] = [];
