import { ENGLISH } from '../language/english.js';
import { formFor, type LanguagePack, type MarkerStyle, type NumberingStyle } from '../language/pack.js';
import { pickWeighted, type Rng } from '../rng/random.js';
import type { MaskoutRule, PermuteRule, StrategyName } from '../rule-names.js';
import { collisionsOf, freeStyles, joinCollisions, NO_COLLISIONS, type Collisions } from './collisions.js';
import { MASKOUT, maskCount, maskedNumbers, maskoutUnavailable } from '../strategies/maskout.js';
import { PERMUTE, permuteOrder, permuteUnavailable } from '../strategies/permute.js';
import { identityOrder } from '../strategies/rule.js';
import type { Composition, Unoffered } from './composition.js';
import { GroupView } from './group-view.js';
import type { StrategyChoice } from './strategy-choices.js';

export type { Composition, Unoffered } from './composition.js';

/** Chance that the format layer also decorates a permute or maskout sample. */
export const DECORATE_CHANCE = 0.3;
/** Chance that a sample whose rule does not need numbers is numbered anyway. */
export const NUMBER_CHANCE = 0.5;

interface Option {
  readonly choice: StrategyChoice;
  readonly rules: readonly string[];
}

/** The layout styles of the pack that none of the group's texts collides with. */
export interface FreeStyles {
  readonly numbering: readonly NumberingStyle[];
  readonly separators: readonly string[];
  readonly markers: readonly MarkerStyle[];
}

/** What a group's texts rule out of a pack's layout: the union of every text's collisions. */
export function groupCollisions(prompts: readonly string[], responses: readonly string[], pack: LanguagePack): Collisions {
  let c = NO_COLLISIONS;
  for (const t of prompts) c = joinCollisions(c, collisionsOf(t, pack));
  for (const t of responses) c = joinCollisions(c, collisionsOf(t, pack));
  return c;
}

export function freeOf(c: Collisions, pack: LanguagePack): FreeStyles {
  const keep = <T>(items: readonly T[], used: number): T[] => {
    const free = freeStyles(used, items.length);
    return items.filter((_, i) => (free >>> i) & 1);
  };
  return { numbering: keep(pack.numbering, c.numbering), separators: keep(pack.separators, c.separators), markers: keep(pack.markers, c.markers) };
}

/**
 * Decides how a group becomes a mosaic. All draws come from `rng`, which the caller
 * derives from (seed, epoch, group), in a fixed sequence so that the same group with
 * the same seed always gets the same decision. The group's texts must leave at least a
 * numbering style or a separator free (the planner ends groups before they would not).
 * `collisions` are the group's, when the caller already has them (the planner does).
 */
export function decide(
  prompts: readonly string[],
  responses: readonly string[],
  choices: readonly StrategyChoice[],
  rng: Rng,
  pack: LanguagePack = ENGLISH,
  collisions: Collisions = groupCollisions(prompts, responses, pack),
): Composition {
  const k = prompts.length;
  const group = new GroupView(prompts, pack);
  const free = freeOf(collisions, pack);
  const canNumber = free.numbering.length > 0;
  const canMark = free.markers.length > 0;
  if (k > 1 && !canNumber && free.separators.length === 0) {
    throw new Error('bug: a group whose texts hide every boundary style reached decide()');
  }
  // Drawn for every group, used only by maskout: keeps the stream's shape independent
  // of which strategy wins. Every pick below draws once whatever is free, for the same reason.
  const maskSize = maskCount(k, rng);
  const unoffered: Unoffered[] = [];
  const options = eligibleOptions(group, choices, maskSize, canNumber, canMark, unoffered);
  const numbering = rng.pick(canNumber ? free.numbering : pack.numbering);
  const markerStyle = rng.pick(canMark ? free.markers : pack.markers);
  const separator = rng.pick(free.separators.length > 0 ? free.separators : pack.separators);
  const metaFirst = rng.chance(0.5);
  const picked = options.length > 0 ? pickWeighted(options, options.map((o) => o.choice.weight), rng) : null;
  const strategy: StrategyName = picked?.choice.strategy ?? 'primary';

  // Every Composition literal lists its fields in the interface's order, without spreads:
  // objects of one shape keep the renderer's property reads monomorphic.
  if (k === 1) {
    if (strategy !== 'format') return plainPair(separator, metaFirst, pack);
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
      markerClause: rng.pick(pack.markerClauses.one),
      pack,
      unoffered: NONE,
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
    order = permuteOrder(permuteRule, group, rng);
    needsNumbers = PERMUTE[permuteRule].needsNumbers;
    sentence = rng.pick(formFor(pack.permute[permuteRule] as NonNullable<LanguagePack['permute'][PermuteRule]>, k));
  } else if (strategy === 'maskout' && picked) {
    const maskRule = rng.pick(picked.rules) as MaskoutRule;
    rule = maskRule;
    masked = maskedNumbers(maskRule, group, maskSize, rng);
    order = order.filter((n) => !masked.includes(n));
    needsNumbers = MASKOUT[maskRule].needsNumbers;
    sentence = rng.pick(formFor(pack.maskout[maskRule] as NonNullable<LanguagePack['maskout'][MaskoutRule]>, k, masked.length));
  } else {
    sentence = rng.pick(formFor(pack.primary, k));
  }
  const wantsNumbers = rng.chance(NUMBER_CHANCE);
  const numbered = needsNumbers || free.separators.length === 0 || (wantsNumbers && canNumber);
  const wantsMarkers = rng.chance(DECORATE_CHANCE);
  const decorated = strategy === 'format' || ((strategy === 'permute' || strategy === 'maskout') && wantsMarkers && canMark);
  // A sample with one answer left (two instructions, one skipped) speaks of "your answer".
  const single = order.length === 1;
  const labelClause = rng.pick(single ? pack.labelClauses.one : pack.labelClauses.many);
  const markerClause = rng.pick(single ? pack.markerClauses.one : numbered ? pack.markerClauses.labelled : pack.markerClauses.many);
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
    pack,
    unoffered,
  };
}

const NONE: readonly Unoffered[] = [];

/** A group of one under primary: the original pair, untouched, with nothing to state. */
export function plainPair(separator = '\n\n', metaFirst = true, pack: LanguagePack = ENGLISH): Composition {
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
    pack,
    unoffered: NONE,
  };
}

/**
 * The weighted entries that can apply to this group, each with the rules available for
 * it; the others go to `unoffered` with their reason (only for groups of two or more,
 * where a rule could have applied at all). Asking draws nothing.
 */
function eligibleOptions(
  group: GroupView,
  choices: readonly StrategyChoice[],
  maskSize: number,
  canNumber: boolean,
  canMark: boolean,
  unoffered: Unoffered[],
): Option[] {
  const k = group.size;
  const pack = group.pack;
  const options: Option[] = [];
  for (const choice of choices) {
    if (choice.strategy === 'primary') {
      options.push({ choice, rules: NO_RULES });
      continue;
    }
    if (choice.strategy === 'format') {
      if (canMark) options.push({ choice, rules: NO_RULES });
      else if (k > 1) unoffered.push({ kind: 'format', reason: 'collision' });
      continue;
    }
    if (k < 2) continue;
    const rules: string[] = [];
    for (const rule of choice.rules) {
      const permute = choice.strategy === 'permute';
      const entry = permute ? PERMUTE[rule as PermuteRule] : MASKOUT[rule as MaskoutRule];
      const phrased = permute ? pack.permute[rule as PermuteRule] : pack.maskout[rule as MaskoutRule];
      if (phrased === null) {
        unoffered.push({ kind: `${choice.strategy}:${rule}`, reason: 'language' });
        continue;
      }
      const reason =
        (permute ? permuteUnavailable(rule as PermuteRule, group) : maskoutUnavailable(rule as MaskoutRule, group, maskSize)) ??
        (entry.needsNumbers && !canNumber ? 'collision' : null);
      if (reason === null) rules.push(rule);
      else unoffered.push({ kind: `${choice.strategy}:${rule}`, reason });
    }
    if (rules.length > 0) options.push({ choice, rules });
  }
  return options;
}

const NO_RULES: readonly string[] = [];
