/**
 * Independent oracles for unit and property tests. They restate the rules from the design
 * (DESIGN.md, templates/phrasings.ts header, strategies/rule.ts contract) without calling the
 * code under test, so a test that compares the two can fail.
 */
import { expect } from 'vitest';
import type { Rng } from '../../src/rng/random.js';
import { builtInPacks } from '../../src/language/built-in.js';
import { ENGLISH } from '../../src/language/english.js';
import type { Forms, LanguagePack, MarkerStyle, NumberingStyle } from '../../src/language/pack.js';
import type { Mosaic } from '../../src/types.js';
import { expectedSort, SORT_RULES, type SortRule } from './reading-oracle.js';

export function range1(k: number): number[] {
  const out: number[] = [];
  for (let i = 1; i <= k; i++) out.push(i);
  return out;
}

/**
 * The answer order a deterministic permute rule demands, as a careful reader takes it
 * (reading-oracle.ts); 'free' for random (any non-identity permutation); null when the
 * rule must not be stated for these prompts.
 */
export function oraclePermute(rule: string, prompts: readonly string[]): number[] | null | 'free' {
  const k = prompts.length;
  if (k < 2) return null;
  switch (rule) {
    case 'reverse':
      return range1(k).reverse();
    case 'random':
      return 'free';
    case 'odd-even':
    case 'even-odd': {
      if (k < 4) return null;
      const odd = range1(k).filter((n) => n % 2 === 1);
      const even = range1(k).filter((n) => n % 2 === 0);
      return rule === 'odd-even' ? [...odd, ...even] : [...even, ...odd];
    }
    default: {
      if (!(SORT_RULES as readonly string[]).includes(rule)) throw new Error(`unknown permute rule ${rule}`);
      const order = expectedSort(rule as SortRule, prompts);
      return order === 'doubtful' ? null : order;
    }
  }
}

/** The mask size range of the paper: max(1, floor(r k)) with r in [0.1, 0.5). */
export function maskCountRange(k: number): [number, number] {
  return [Math.max(1, Math.floor(0.1 * k)), Math.max(1, Math.floor(0.5 * k))];
}

export function isPermutationOf1toK(order: readonly number[], k: number): boolean {
  return order.length === k && [...order].sort((a, b) => a - b).every((n, i) => n === i + 1);
}

/** "2 and 5", "1, 4 and 7". */
export function oracleJoinAnd(numbers: readonly number[]): string {
  if (numbers.length === 1) return String(numbers[0]);
  return `${numbers.slice(0, -1).join(', ')} and ${String(numbers[numbers.length - 1])}`;
}

export interface OracleFill {
  count?: number;
  where?: string;
  sequence?: readonly number[];
  list?: readonly number[];
  n?: number;
  open?: string;
  close?: string;
  label?: string;
}

/** Fills the documented placeholders in the pack's words; throws on any other brace placeholder. */
export function oracleFill(template: string, v: OracleFill, pack: LanguagePack = ENGLISH): string {
  const count = (n: number | undefined): string => (n !== undefined && n < pack.numerals.length ? (pack.numerals[n] as string) : String(n));
  const quote = (s: string | undefined): string => `${pack.quotes[0]}${s}${pack.quotes[1]}`;
  return template.replace(/\{([a-z]+)\}/g, (whole, key: string) => {
    switch (key) {
      case 'count':
        return count(v.count);
      case 'n':
        return count(v.n);
      case 'where':
        return pack.where[v.where as 'below' | 'above'];
      case 'sequence':
        return (v.sequence ?? []).join(pack.sequence);
      case 'list': {
        const xs = (v.list ?? []).map(String);
        return xs.length === 1 ? (xs[0] as string) : `${xs.slice(0, -1).join(pack.list.comma)}${pack.list.and}${xs[xs.length - 1]}`;
      }
      case 'open':
        return quote(v.open);
      case 'close':
        return quote(v.close);
      case 'label':
        return quote(v.label);
      default:
        throw new Error(`unknown placeholder ${whole}`);
    }
  });
}

/** The phrasings a sample of k instructions with `skipped` left out may carry (pack.ts Forms, restated). */
export function oracleForms(forms: Forms, k: number, skipped?: number): readonly string[] {
  if (k === 2 && forms.two !== undefined) return forms.two;
  if (skipped === 1 && forms.one !== undefined) return forms.one;
  return forms.many;
}

export function label(pattern: string, n: number): string {
  return pattern.split('{n}').join(String(n));
}

/** Finds each needle in order, each after the previous one; returns the start offsets or null. */
export function findInOrder(haystack: string, needles: readonly string[]): number[] | null {
  const at: number[] = [];
  let from = 0;
  for (const needle of needles) {
    const i = haystack.indexOf(needle, from);
    if (i < 0) return null;
    at.push(i);
    from = i + needle.length;
  }
  return at;
}

/** A fixed-value Rng: every draw is `value`, in [0, 1). */
export function constRng(value: number): Rng {
  const rng: Rng = {
    next: () => value,
    int: (n) => Math.floor(value * n),
    between: (lo, hi) => lo + Math.floor(value * (hi - lo + 1)),
    pick: (items) => items[Math.floor(value * items.length)] as (typeof items)[number],
    chance: (p) => value < p,
    shuffled: (items) => items.slice(),
  };
  return rng;
}

/** An Rng that fails the test if anything draws from it. */
export const THROWING_RNG: Rng = {
  next: boom,
  int: boom,
  between: boom,
  pick: boom,
  chance: boom,
  shuffled: boom,
};
function boom(): never {
  throw new Error('drew a random number where none was expected');
}

/** The decoration a mosaic was found to use. */
export interface Layout {
  numbering: NumberingStyle | null;
  markers: MarkerStyle | null;
  separator: string;
  metaFirst: boolean;
  sentence: string | null;
}

/** Rule sentences a mosaic with this meta may carry, filled. */
function ruleSentences(m: Mosaic, k: number, where: string, pack: LanguagePack): string[] {
  const { strategy, rule, masked, order } = m.meta;
  let templates: readonly string[];
  if (strategy === 'permute') {
    const forms = pack.permute[rule as keyof LanguagePack['permute']];
    templates = forms ? oracleForms(forms, k) : [];
  } else if (strategy === 'maskout') {
    const forms = pack.maskout[rule as keyof LanguagePack['maskout']];
    templates = forms ? oracleForms(forms, k, masked.length) : [];
  } else templates = oracleForms(pack.primary, k);
  return templates.map((t) => oracleFill(t, { count: k, where, sequence: order, list: masked, n: masked.length }, pack));
}

/**
 * Checks a mosaic's full text against its meta and source texts, by searching for a
 * layout (numbering style, markers, separator, meta position) under which the prompt is
 * exactly [meta-instruction] + instructions and the response is exactly the answers in
 * meta.order, each labelled with its own number when numbered, and the meta-instruction
 * is exactly a rule sentence of meta.strategy/meta.rule (filled with the mosaic's real
 * numbers), then the label clause quoting the first answer's label when numbered, then a
 * marker clause quoting the markers when answers are wrapped. Returns the layouts found;
 * the caller asserts there is at least one.
 */
export function layoutsOf(m: Mosaic, prompts: readonly string[], responses: readonly string[], pack: LanguagePack = packOf(m)): Layout[] {
  const k = prompts.length;
  const found: Layout[] = [];
  const { order, numbered } = m.meta;

  if (k === 1 && m.meta.strategy === 'primary') {
    if (m.prompt === prompts[0] && m.response === responses[0]) {
      found.push({ numbering: null, markers: null, separator: '', metaFirst: true, sentence: null });
    }
    return found;
  }
  if (k === 1) {
    // format over a single pair: markers around the answer and a marker clause ("one").
    for (const mk of pack.markers) {
      if (m.response !== `${mk.open}\n${responses[0]}\n${mk.close}`) continue;
      for (const t of pack.markerClauses.one) {
        const clause = oracleFill(t, { open: mk.open, close: mk.close }, pack);
        for (const metaFirst of [true, false]) {
          const want = metaFirst ? `${clause}\n\n${prompts[0]}` : `${prompts[0]}\n\n${clause}`;
          if (m.prompt === want) found.push({ numbering: null, markers: mk, separator: '', metaFirst, sentence: null });
        }
      }
    }
    return found;
  }

  const numberings: Array<NumberingStyle | null> = numbered ? [...pack.numbering] : [null];
  const markerOptions: Array<MarkerStyle | null> = [null, ...pack.markers];
  const separators = numbered ? ['\n\n'] : [...pack.separators];
  const single = order.length === 1;
  for (const numbering of numberings) {
    for (const markers of markerOptions) {
      for (const separator of separators) {
        const answers = order.map((n) => {
          const text = (numbering ? label(numbering.answer, n) : '') + (responses[n - 1] as string);
          return markers ? `${markers.open}\n${text}\n${markers.close}` : text;
        });
        if (answers.join(separator) !== m.response) continue;
        const block = prompts.map((p, i) => (numbering ? label(numbering.instruction, i + 1) : '') + p).join(separator);
        for (const metaFirst of [true, false]) {
          let meta: string;
          if (metaFirst) {
            if (!m.prompt.endsWith(`\n\n${block}`)) continue;
            meta = m.prompt.slice(0, m.prompt.length - block.length - 2);
          } else {
            if (!m.prompt.startsWith(`${block}\n\n`)) continue;
            meta = m.prompt.slice(block.length + 2);
          }
          const where = metaFirst ? 'below' : 'above';
          const labelTemplates = single ? pack.labelClauses.one : pack.labelClauses.many;
          const labelClauses = numbering
            ? labelTemplates.map((t) => oracleFill(t, { label: label(numbering.answer, order[0] as number).trim() }, pack))
            : [null];
          const markerTemplates = single ? pack.markerClauses.one : numbering ? pack.markerClauses.labelled : pack.markerClauses.many;
          const markerClauses = markers ? markerTemplates.map((t) => oracleFill(t, { open: markers.open, close: markers.close }, pack)) : [null];
          for (const sentence of ruleSentences(m, k, where, pack)) {
            for (const lc of labelClauses) {
              for (const mc of markerClauses) {
                const want = [sentence, lc, mc].filter((s) => s !== null).join(pack.clauseSeparator);
                if (want === meta) found.push({ numbering, markers, separator, metaFirst, sentence });
              }
            }
          }
        }
      }
    }
  }
  return found;
}

/** The pack a mosaic says it speaks (meta.lang), among the built-in ones. */
export function packOf(m: Mosaic): LanguagePack {
  const pack = builtInPacks().find((p) => p.name === m.meta.lang);
  if (pack === undefined) throw new Error(`no built-in pack "${m.meta.lang}"`);
  return pack;
}

/** Every character any decoration can contribute to a response. */
export const DECORATION_CHARS: ReadonlySet<string> = new Set(
  [
    ...ENGLISH.numbering.map((s) => s.answer),
    ...ENGLISH.markers.flatMap((m) => [m.open, m.close]),
    ...ENGLISH.separators,
    '0123456789\n',
  ].flatMap((s) => Array.from(s)),
);

export function expectSameMembers(actual: readonly number[], expected: readonly number[]): void {
  expect([...actual].sort((a, b) => a - b)).toEqual([...expected].sort((a, b) => a - b));
}
