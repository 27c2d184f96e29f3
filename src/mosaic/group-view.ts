import type { LanguagePack, LengthMeasure } from '../language/pack.js';
import type { Cut, RuleGroup, SortMeasure, Sorted } from '../strategies/rule.js';
import { ALPHABET_READINGS } from './alphabet-readings.js';
import { measuresOf, type TextMeasures } from './text-measures.js';

/**
 * How a group's prompts read in its language, for the rule tables (strategies/): each
 * measure's orders under every reasonable reading, and the margins by which two lengths
 * are told apart at a glance. The rules ask; this answers once per group and measure.
 */

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

/**
 * A group's prompts with their sorts computed on first use. decide() asks every rule about
 * one group (availability, then the chosen rule again), so one view sorts each measure
 * once for all of them.
 */
export class GroupView implements RuleGroup {
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

  /**
   * "The `count` longest (shortest)" under the pack's cut measure: the same set under
   * every reading, the last one skipped and the first one kept clearly apart.
   */
  cut(end: 'longest' | 'shortest', count: number): Cut {
    const measure = this.pack.cutMeasure;
    const readings = this.readings(measure);
    if (readings === null) return { masked: null, reason: 'script' };
    const stated = readings[0] as number[];
    const k = this.size;
    const ascending = stableSort(k, (i, j) => (stated[i] as number) - (stated[j] as number));
    const at = end === 'shortest' ? count : k - count;
    const below = ascending.slice(0, at);
    const above = ascending.slice(at);
    const last = (below[below.length - 1] as number) - 1;
    const first = (above[0] as number) - 1;
    if (stated[last] === stated[first]) return { masked: null, reason: 'ties' };
    for (const r of readings) {
      const most = Math.max(...below.map((n) => r[n - 1] as number));
      const least = Math.min(...above.map((n) => r[n - 1] as number));
      if (most >= least) return { masked: null, reason: 'readings' };
    }
    if (!clearlyApart(stated[last] as number, stated[first] as number, measure)) return { masked: null, reason: 'too-close' };
    return { masked: (end === 'shortest' ? below : above).sort(compareNumbers), reason: null };
  }

  /** Each prompt's length under every reading, the stated one first; null where a reading means nothing. */
  readings(measure: LengthMeasure): number[][] | null {
    if (measure === 'chars') {
      const counts = this.measures.map((m) => m.charCounts());
      const readings = [counts.map((c) => c.stated), counts.map((c) => c.withSpace), counts.map((c) => c.letters)];
      // Where Chinese is read (a pack for Han text, and Han in the group), a Latin word or a
      // number may count as one character (字数). A reader of another language counts letters.
      if (this.pack.scripts.includes('Han') && this.prompts.some((p) => HAN.test(p))) readings.push(this.measures.map((m) => m.charsWithRunsAsOne()));
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

const HAN = /\p{Script=Han}/u;

/** 1..k ordered by compare over 0-based indices; insertion sort, stable, for the few items of a group. */
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

function compareNumbers(a: number, b: number): number {
  return a - b;
}
