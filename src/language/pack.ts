import type { MaskoutRule, PermuteRule, StrategyName } from '../rule-names.js';

/**
 * A language pack: everything a mosaic says, as data. The code assembles mosaics from
 * it and measures texts as the pack's readers would; adding a language is adding a pack.
 *
 * Placeholders a sentence may hold (filled by language/fill.ts):
 *   {count}     how many instructions the sample has, as the pack writes counts
 *   {where}     the pack's word for below or above: where the instructions stand
 *   {sequence}  an explicit answer order, e.g. "3, 1, 2"
 *   {list}      instruction numbers to skip, e.g. "2 and 5"
 *   {n}         how many instructions to skip, as the pack writes counts
 *   {open} {close}  the answer markers, quoted
 *   {label}     the first answer's label, quoted, e.g. "Answer 3:"
 */

/**
 * Sentences for one strategy or rule, by the counts they speak of: `two` when the sample
 * has two instructions, `one` when exactly one instruction is skipped, `many` otherwise.
 * Each list holds interchangeable phrasings; the first form that exists and applies wins.
 */
export interface Forms {
  readonly two?: readonly string[];
  readonly one?: readonly string[];
  readonly many: readonly string[];
}

export interface NumberingStyle {
  /** Put before an instruction's text; `{n}` is its number. */
  readonly instruction: string;
  /** Put before the answer to that instruction. */
  readonly answer: string;
}

export interface MarkerStyle {
  readonly open: string;
  readonly close: string;
}

/** What a length rule counts. */
export type LengthMeasure = 'words' | 'chars';

export interface LanguagePack {
  /** Short name, as --lang takes it. */
  readonly name: string;
  readonly version: string;
  /** BCP 47 tag for the platform's collator (alphabetical order). */
  readonly locale: string;
  /**
   * Unicode scripts (as \p{Script=...} names) whose text this pack speaks for: with
   * --lang auto a pair's language is the pack whose scripts hold most of its prompt's letters.
   */
  readonly scripts: readonly string[];
  /**
   * Whether nouns change with their count. Then every maskout rule that can skip a single
   * instruction among three or more needs its `one` form.
   */
  readonly plural: boolean;
  /** How counts are written: numerals[n] for n < length, digits beyond. */
  readonly numerals: readonly string[];
  readonly quotes: readonly [string, string];
  /** {list}: items joined by `comma`, the last two by `and`. */
  readonly list: { readonly comma: string; readonly and: string };
  /** {sequence}: numbers joined by this. */
  readonly sequence: string;
  readonly where: { readonly below: string; readonly above: string };
  /** Between the rule sentence, the label clause and the marker clause. */
  readonly clauseSeparator: string;
  /** Scripts (Unicode script names) whose texts this pack can put in alphabetical order. */
  readonly alphabetScripts: readonly string[];
  /**
   * How far into two texts alphabetical order may be decided for a reader to see it at a
   * glance: so many whitespace-separated words, or characters for scripts without spaces.
   */
  readonly alphabetHead: { readonly unit: 'words' | 'chars'; readonly count: number };
  /** What "longest" and "shortest" instructions are measured in. */
  readonly cutMeasure: LengthMeasure;

  readonly primary: Forms;
  /** null switches a rule off for this language. */
  readonly permute: Readonly<Record<PermuteRule, Forms | null>>;
  readonly maskout: Readonly<Record<MaskoutRule, Forms | null>>;
  /** Stated whenever answers carry labels, for one answer or several; must quote {label}. */
  readonly labelClauses: { readonly one: readonly string[]; readonly many: readonly string[] };
  /** Stated whenever answers are wrapped: one answer (labelled or not), several, several with labels. */
  readonly markerClauses: { readonly one: readonly string[]; readonly many: readonly string[]; readonly labelled: readonly string[] };
  readonly numbering: readonly NumberingStyle[];
  readonly markers: readonly MarkerStyle[];
  /** Between unnumbered items; each must start and end with a line break. */
  readonly separators: readonly string[];
}

/** The sentences of a strategy, or of its rule; null where the pack switches the rule off. */
export function formsOfRule(pack: LanguagePack, strategy: StrategyName, rule: string | null): Forms | null {
  if (strategy === 'permute') return pack.permute[rule as PermuteRule] ?? null;
  if (strategy === 'maskout') return pack.maskout[rule as MaskoutRule] ?? null;
  return pack.primary;
}

/** The sentences that apply to a sample of k instructions of which `skipped` are left out. */
export function formFor(forms: Forms, k: number, skipped?: number): readonly string[] {
  if (k === 2 && forms.two) return forms.two;
  if (skipped === 1 && forms.one) return forms.one;
  return forms.many;
}
