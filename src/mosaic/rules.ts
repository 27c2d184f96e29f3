import type { LanguagePack, LengthMeasure } from '../language/pack.js';
import type { Rng } from '../rng/random.js';
import type { MaskoutRule, PermuteRule } from '../rule-names.js';
import { ALPHABET_READINGS } from './alphabet-readings.js';
import { measuresOf, type TextMeasures } from './text-measures.js';

/**
 * Each rule turns a group's prompts into the exact answer order (permute) or the exact set
 * of skipped instructions (maskout), and is offered only where a careful reader could not
 * get another result: no ties, no two reasonable readings of the measure that disagree, no
 * neighbours too close to tell apart, and a measure that means something for the group's
 * script. Otherwise the rule is unavailable for the group, for a reason the summary counts.
 * Numbers are 1-based.
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

export interface RuleSpec {
  /** The rule speaks of instruction numbers, so instructions must be visibly numbered. */
  readonly needsNumbers: boolean;
  /** Fewest instructions the rule is stated for. */
  readonly minK: number;
}

// Odd/even rules need four instructions so that both the odd and the even ones are several:
// with three, "the even-numbered ones" would be one instruction.
export const PERMUTE_SPECS: Readonly<Record<PermuteRule, RuleSpec>> = {
  reverse: { needsNumbers: false, minK: 2 },
  random: { needsNumbers: true, minK: 2 },
  alpha: { needsNumbers: false, minK: 2 },
  'alpha-desc': { needsNumbers: false, minK: 2 },
  words: { needsNumbers: false, minK: 2 },
  'words-desc': { needsNumbers: false, minK: 2 },
  chars: { needsNumbers: false, minK: 2 },
  'chars-desc': { needsNumbers: false, minK: 2 },
  'odd-even': { needsNumbers: true, minK: 4 },
  'even-odd': { needsNumbers: true, minK: 4 },
};

export const MASKOUT_SPECS: Readonly<Record<MaskoutRule, RuleSpec>> = {
  random: { needsNumbers: true, minK: 2 },
  longest: { needsNumbers: false, minK: 2 },
  shortest: { needsNumbers: false, minK: 2 },
  odd: { needsNumbers: true, minK: 4 },
  even: { needsNumbers: true, minK: 4 },
};

/**
 * How far apart two lengths must be for a reader to tell them apart without doubt: at
 * least `least`, and at least a tenth of the larger (rounded up). README: "Margins".
 */
export const MARGINS: Readonly<Record<LengthMeasure, { readonly least: number }>> = {
  words: { least: 1 },
  chars: { least: 2 },
};

export function clearlyApart(a: number, b: number, measure: LengthMeasure): boolean {
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  return hi - lo >= Math.max(MARGINS[measure].least, Math.ceil(hi / 10));
}

/** 1..k */
export function identityOrder(k: number): number[] {
  const order = new Array<number>(k);
  for (let i = 0; i < k; i++) order[i] = i + 1;
  return order;
}

type SortMeasure = 'alpha' | LengthMeasure;

/** A sort's answer order (ascending), or why the group cannot be sorted by the measure. */
type Sorted = { readonly ascending: readonly number[]; readonly reason: null } | { readonly ascending: null; readonly reason: Unavailable };

/**
 * A group's prompts with their sorts computed on first use. decide() asks every rule about
 * one group (availability, then the chosen rule again), so one view sorts each measure
 * once for all of them.
 */
export class GroupView {
  private readonly measures: readonly TextMeasures[];
  private byAlpha?: Sorted;
  private byWords?: Sorted;
  private byChars?: Sorted;

  constructor(
    readonly prompts: readonly string[],
    readonly pack: LanguagePack,
  ) {
    this.measures = prompts.map(measuresOf);
  }

  get size(): number {
    return this.prompts.length;
  }

  sorted(measure: SortMeasure): Sorted {
    switch (measure) {
      case 'alpha':
        return (this.byAlpha ??= this.sortAlphabetically());
      case 'words':
        return (this.byWords ??= this.sortByLength('words'));
      case 'chars':
        return (this.byChars ??= this.sortByLength('chars'));
    }
  }

  /** Each prompt's length under every reading, the stated one first; null where a reading means nothing. */
  readings(measure: LengthMeasure): number[][] | null {
    if (measure === 'chars') {
      const counts = this.measures.map((m) => m.charCounts());
      const readings = [counts.map((c) => c.stated), counts.map((c) => c.withSpace), counts.map((c) => c.letters)];
      // Where Chinese is read, a Latin word or a number may count as one character (字数).
      if (this.prompts.some((p) => HAN.test(p))) readings.push(this.measures.map((m) => m.charsWithRunsAsOne()));
      return readings;
    }
    const counts = this.measures.map((m) => m.wordCounts());
    if (counts.some((c) => c === null)) return null;
    const words = counts as { stated: number; spaced: number }[];
    return [words.map((c) => c.stated), words.map((c) => c.spaced)];
  }

  private sortByLength(measure: LengthMeasure): Sorted {
    const readings = this.readings(measure);
    if (readings === null) return { ascending: null, reason: 'script' };
    const stated = readings[0] as number[];
    const ascending = stableSort(this.size, (i, j) => (stated[i] as number) - (stated[j] as number));
    for (let i = 1; i < ascending.length; i++) {
      const a = (ascending[i - 1] as number) - 1;
      const b = (ascending[i] as number) - 1;
      if (stated[a] === stated[b]) return { ascending: null, reason: 'ties' };
      for (const r of readings) if ((r[a] as number) >= (r[b] as number)) return { ascending: null, reason: 'readings' };
      if (!clearlyApart(stated[a] as number, stated[b] as number, measure)) return { ascending: null, reason: 'too-close' };
    }
    return { ascending, reason: null };
  }

  private sortAlphabetically(): Sorted {
    const keys = this.measures.map((m) => m.alphaKey());
    if (keys.some((k) => k === null)) return { ascending: null, reason: 'script' };
    const present = keys as NonNullable<(typeof keys)[number]>[];
    const script = this.pack.alphabetScripts.find((s) => present.every((k) => inScript(k.letter, s)));
    if (script === undefined) return { ascending: null, reason: 'script' };
    const extraReading = ALPHABET_READINGS[script];
    const { unit, count } = this.pack.alphabetHead;
    const { base, noPunctuation } = collatorsFor(this.pack.locale);
    const ascending = stableSort(this.size, (i, j) => base.compare((present[i] as { key: string }).key, (present[j] as { key: string }).key));
    for (let i = 1; i < ascending.length; i++) {
      const ia = (ascending[i - 1] as number) - 1;
      const ib = (ascending[i] as number) - 1;
      const a = (present[ia] as (typeof present)[number]).key;
      const b = (present[ib] as (typeof present)[number]).key;
      if (base.compare(a, b) === 0) return { ascending: null, reason: 'ties' };
      if (noPunctuation.compare(a, b) >= 0) return { ascending: null, reason: 'readings' };
      const headA = (this.measures[ia] as TextMeasures).alphaHead(unit, count);
      const headB = (this.measures[ib] as TextMeasures).alphaHead(unit, count);
      if (base.compare(headA, headB) >= 0) return { ascending: null, reason: 'too-close' };
      const doubt = extraReading?.(a, b, unit === 'chars' ? count : Number.MAX_SAFE_INTEGER) ?? null;
      if (doubt !== null) return { ascending: null, reason: doubt };
    }
    return { ascending, reason: null };
  }
}

/** 1..k ordered by compare over 0-based indices; insertion sort, stable, for the few items of a group. */
const HAN = /\p{Script=Han}/u;

function stableSort(k: number, compare: (i: number, j: number) => number): number[] {
  const out: number[] = [];
  for (let n = 1; n <= k; n++) {
    let at = out.length;
    while (at > 0 && compare((out[at - 1] as number) - 1, n - 1) > 0) at--;
    out.splice(at, 0, n);
  }
  return out;
}

const scriptPatterns = new Map<string, RegExp>();
function inScript(letter: string, script: string): boolean {
  let re = scriptPatterns.get(script);
  if (re === undefined) {
    re = new RegExp(`^\\p{Script=${script}}`, 'u');
    scriptPatterns.set(script, re);
  }
  return re.test(letter);
}

const collators = new Map<string, { base: Intl.Collator; noPunctuation: Intl.Collator }>();
/** The language's alphabetical order, blind to case and accents at first; also blind to punctuation. */
function collatorsFor(locale: string): { base: Intl.Collator; noPunctuation: Intl.Collator } {
  let c = collators.get(locale);
  if (c === undefined) {
    c = {
      base: new Intl.Collator(locale, { sensitivity: 'base' }),
      noPunctuation: new Intl.Collator(locale, { sensitivity: 'base', ignorePunctuation: true }),
    };
    collators.set(locale, c);
  }
  return c;
}

function sortMeasure(rule: PermuteRule): SortMeasure | undefined {
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

/** Why a permute rule cannot be stated for this group (numbers aside), or null if it can. */
export function permuteUnavailable(rule: PermuteRule, view: GroupView): Unavailable | null {
  if (view.size < PERMUTE_SPECS[rule].minK) return 'size';
  const measure = sortMeasure(rule);
  return measure === undefined ? null : view.sorted(measure).reason;
}

/**
 * The answer order a permute rule demands; the rule must be available (permuteUnavailable).
 * A sort may give the given order: the reader must sort to know. A random order never does:
 * it would only restate the given order as a sequence.
 */
export function permuteOrder(rule: PermuteRule, view: GroupView, rng: Rng): number[] {
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
      const order = (view.sorted(sortMeasure(rule) as SortMeasure).ascending as readonly number[]).slice();
      return rule.endsWith('-desc') ? order.reverse() : order;
    }
  }
}

/** How many instructions a maskout sample skips: max(1, floor(k * r)), r ~ U[0.1, 0.5]. */
export function maskCount(k: number, rng: Rng): number {
  const r = 0.1 + 0.4 * rng.next();
  return Math.max(1, Math.floor(k * r));
}

/** Why a maskout rule cannot be stated for this group and mask size (numbers aside), or null. */
export function maskoutUnavailable(rule: MaskoutRule, view: GroupView, count: number): Unavailable | null {
  if (view.size < MASKOUT_SPECS[rule].minK) return 'size';
  if (rule !== 'longest' && rule !== 'shortest') return null;
  return cutAt(view, rule, count).reason;
}

/** The instructions a maskout rule skips, ascending; the rule must be available. */
export function maskedNumbers(rule: MaskoutRule, view: GroupView, count: number, rng: Rng): number[] {
  const k = view.size;
  switch (rule) {
    case 'random':
      return rng.shuffled(identityOrder(k)).slice(0, count).sort(compareNumbers);
    case 'longest':
    case 'shortest':
      return (cutAt(view, rule, count).masked as number[]).slice();
    case 'odd':
      return identityOrder(k).filter((n) => n % 2 === 1);
    case 'even':
      return identityOrder(k).filter((n) => n % 2 === 0);
  }
}

type Cut = { readonly masked: readonly number[]; readonly reason: null } | { readonly masked: null; readonly reason: Unavailable };

/**
 * "The `count` longest (shortest)": the same set under every reading of the pack's length
 * measure, with the last one skipped and the first one kept clearly apart. Ties or closeness
 * elsewhere do not matter: only the cut is stated.
 */
function cutAt(view: GroupView, rule: 'longest' | 'shortest', count: number): Cut {
  const measure = view.pack.cutMeasure;
  const readings = view.readings(measure);
  if (readings === null) return { masked: null, reason: 'script' };
  const stated = readings[0] as number[];
  const k = view.size;
  const ascending = stableSort(k, (i, j) => (stated[i] as number) - (stated[j] as number));
  const cut = rule === 'shortest' ? count : k - count;
  const below = ascending.slice(0, cut);
  const above = ascending.slice(cut);
  const last = (below[below.length - 1] as number) - 1;
  const first = (above[0] as number) - 1;
  if (stated[last] === stated[first]) return { masked: null, reason: 'ties' };
  for (const r of readings) {
    const most = Math.max(...below.map((n) => r[n - 1] as number));
    const least = Math.min(...above.map((n) => r[n - 1] as number));
    if (most >= least) return { masked: null, reason: 'readings' };
  }
  if (!clearlyApart(stated[last] as number, stated[first] as number, measure)) return { masked: null, reason: 'too-close' };
  return { masked: (rule === 'shortest' ? below : above).sort(compareNumbers), reason: null };
}

function randomNonIdentityOrder(k: number, rng: Rng): number[] {
  // For k >= 2 at most half of the draws are the identity, so this ends quickly.
  for (;;) {
    const order = rng.shuffled(identityOrder(k));
    if (order.some((n, i) => n !== i + 1)) return order;
  }
}

function compareNumbers(a: number, b: number): number {
  return a - b;
}
