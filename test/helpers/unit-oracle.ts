/**
 * Independent oracles for unit and property tests. They restate the rules from the design
 * (DESIGN.md, templates/phrasings.ts header, mosaic/rules.ts contract) without calling the
 * code under test, so a test that compares the two can fail.
 */
import { expect } from 'vitest';
import type { Rng } from '../../src/rng/random.js';
import { LABEL_CLAUSES, MARKER_CLAUSES, MASKOUT, PERMUTE, PRIMARY } from '../../src/templates/phrasings.js';
import { MARKER_STYLES, NUMBERING_STYLES, UNNUMBERED_SEPARATORS, type MarkerStyle, type NumberingStyle } from '../../src/templates/styles.js';
import type { Mosaic } from '../../src/types.js';

/** Words: maximal runs of non-whitespace, with JavaScript's \s as the whitespace set. */
export function oracleWords(text: string): number {
  return text.split(/\s+/u).filter((w) => w !== '').length;
}

/** Code points. */
export function oracleChars(text: string): number {
  return Array.from(text).length;
}

/** Lexicographic code-point comparison of lower-cased text, sign only. */
export function oracleAlphaCompare(a: string, b: string): number {
  const x = Array.from(a.toLowerCase(), (c) => c.codePointAt(0) as number);
  const y = Array.from(b.toLowerCase(), (c) => c.codePointAt(0) as number);
  return oracleCompareCodePointArrays(x, y);
}

export function oracleCompareCodePoints(a: string, b: string): number {
  return oracleCompareCodePointArrays(
    Array.from(a, (c) => c.codePointAt(0) as number),
    Array.from(b, (c) => c.codePointAt(0) as number),
  );
}

function oracleCompareCodePointArrays(x: readonly number[], y: readonly number[]): number {
  for (let i = 0; i < Math.min(x.length, y.length); i++) {
    if (x[i] !== y[i]) return (x[i] as number) < (y[i] as number) ? -1 : 1;
  }
  return Math.sign(x.length - y.length);
}

export function range1(k: number): number[] {
  const out: number[] = [];
  for (let i = 1; i <= k; i++) out.push(i);
  return out;
}

/**
 * Sorts 1..k by a key with insertion sort (deliberately not Array.prototype.sort), or
 * returns null when two keys tie.
 */
export function oracleSortBy<K>(keys: readonly K[], cmp: (a: K, b: K) => number, descending: boolean): number[] | null {
  const out: number[] = [];
  for (const n of range1(keys.length)) {
    let at = out.length;
    while (at > 0 && cmp(keys[(out[at - 1] as number) - 1] as K, keys[n - 1] as K) > 0) at--;
    out.splice(at, 0, n);
  }
  for (let i = 1; i < out.length; i++) {
    if (cmp(keys[(out[i - 1] as number) - 1] as K, keys[(out[i] as number) - 1] as K) === 0) return null;
  }
  return descending ? out.reverse() : out;
}

/**
 * The answer order a deterministic permute rule demands; 'free' for random (any
 * non-identity permutation); null when the rule is ambiguous for these prompts.
 */
export function oraclePermute(rule: string, prompts: readonly string[]): number[] | null | 'free' {
  const k = prompts.length;
  if (k < 2) return null;
  const num = (a: number, b: number) => a - b;
  switch (rule) {
    case 'reverse':
      return range1(k).reverse();
    case 'random':
      return 'free';
    case 'alpha':
    case 'alpha-desc':
      return oracleSortBy(prompts, oracleAlphaCompare, rule === 'alpha-desc');
    case 'words':
    case 'words-desc':
      return oracleSortBy(prompts.map(oracleWords), num, rule === 'words-desc');
    case 'chars':
    case 'chars-desc':
      return oracleSortBy(prompts.map(oracleChars), num, rule === 'chars-desc');
    case 'odd-even':
    case 'even-odd': {
      if (k < 3) return null;
      const odd = range1(k).filter((n) => n % 2 === 1);
      const even = range1(k).filter((n) => n % 2 === 0);
      return rule === 'odd-even' ? [...odd, ...even] : [...even, ...odd];
    }
    default:
      throw new Error(`unknown permute rule ${rule}`);
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

/** Fills the documented placeholders; throws on any other brace placeholder. */
export function oracleFill(template: string, v: OracleFill): string {
  return template.replace(/\{([a-z]+)\}/g, (whole, key: string) => {
    switch (key) {
      case 'count':
        return String(v.count);
      case 'where':
        return String(v.where);
      case 'sequence':
        return (v.sequence ?? []).join(', ');
      case 'list':
        return oracleJoinAnd(v.list ?? []);
      case 'n':
        return String(v.n);
      case 'open':
        return `"${v.open}"`;
      case 'close':
        return `"${v.close}"`;
      case 'label':
        return `"${v.label}"`;
      default:
        throw new Error(`unknown placeholder ${whole}`);
    }
  });
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
function ruleSentences(m: Mosaic, k: number, where: string): string[] {
  const { strategy, rule, masked, order } = m.meta;
  let templates: readonly string[];
  if (strategy === 'permute') templates = PERMUTE[rule as string] ?? [];
  else if (strategy === 'maskout') {
    const p = MASKOUT[rule as string];
    if (!p) return [];
    templates = masked.length === 1 && p.one.length > 0 ? p.one : p.many;
  } else templates = PRIMARY;
  return templates.map((t) => oracleFill(t, { count: k, where, sequence: order, list: masked, n: masked.length }));
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
export function layoutsOf(m: Mosaic, prompts: readonly string[], responses: readonly string[]): Layout[] {
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
    for (const mk of MARKER_STYLES) {
      if (m.response !== `${mk.open}\n${responses[0]}\n${mk.close}`) continue;
      for (const t of MARKER_CLAUSES.one) {
        const clause = oracleFill(t, { open: mk.open, close: mk.close });
        for (const metaFirst of [true, false]) {
          const want = metaFirst ? `${clause}\n\n${prompts[0]}` : `${prompts[0]}\n\n${clause}`;
          if (m.prompt === want) found.push({ numbering: null, markers: mk, separator: '', metaFirst, sentence: null });
        }
      }
    }
    return found;
  }

  const numberings: Array<NumberingStyle | null> = numbered ? [...NUMBERING_STYLES] : [null];
  const markerOptions: Array<MarkerStyle | null> = [null, ...MARKER_STYLES];
  const separators = numbered ? ['\n\n'] : [...UNNUMBERED_SEPARATORS];
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
          const labelClauses = numbering
            ? LABEL_CLAUSES.map((t) => oracleFill(t, { label: label(numbering.answer, order[0] as number).trim() }))
            : [null];
          const markerClauses = markers
            ? MARKER_CLAUSES.many.map((t) => oracleFill(t, { open: markers.open, close: markers.close }))
            : [null];
          for (const sentence of ruleSentences(m, k, where)) {
            for (const lc of labelClauses) {
              for (const mc of markerClauses) {
                const want = [sentence, lc, mc].filter((s) => s !== null).join(' ');
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

/** Every character any decoration can contribute to a response. */
export const DECORATION_CHARS: ReadonlySet<string> = new Set(
  [
    ...NUMBERING_STYLES.map((s) => s.answer),
    ...MARKER_STYLES.flatMap((m) => [m.open, m.close]),
    ...UNNUMBERED_SEPARATORS,
    '0123456789\n',
  ].flatMap((s) => Array.from(s)),
);

export function expectSameMembers(actual: readonly number[], expected: readonly number[]): void {
  expect([...actual].sort((a, b) => a - b)).toEqual([...expected].sort((a, b) => a - b));
}
