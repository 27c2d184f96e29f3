import type { LanguagePack, MarkerStyle, NumberingStyle } from '../language/pack.js';
import type { MaskoutRule, PermuteRule, StrategyName } from '../rule-names.js';
import type { Unavailable } from '../strategies/rule.js';

/**
 * What decide() (compose.ts) makes of a group, as types only: a leaf, so that types.ts
 * can carry a Composition in Mosaic.parts without importing the composer.
 */

/** A rule (or the format strategy) the group could not take, and why: for the summary. */
export interface Unoffered {
  /** "permute:alpha", "maskout:longest", "format". */
  readonly kind: string;
  readonly reason: Unavailable;
}

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
  /** The language the sentences are in. */
  readonly pack: LanguagePack;
  /** Rules the user allowed that this group could not take. */
  readonly unoffered: readonly Unoffered[];
}
