import { describe, expect, it } from 'vitest';
import { MASKOUT_SPECS, PERMUTE_SPECS } from '../../src/mosaic/rules.js';
import { fillNumber, fillSentence, joinWithAnd } from '../../src/templates/fill.js';
import { LABEL_CLAUSES, MARKER_CLAUSES, MASKOUT, PERMUTE, PRIMARY } from '../../src/templates/phrasings.js';
import { MARKER_STYLES, NUMBERING_STYLES, UNNUMBERED_SEPARATORS } from '../../src/templates/styles.js';
import { MASKOUT_RULES, PERMUTE_RULES } from '../../src/types.js';
import { oracleFill } from '../helpers/unit-oracle.js';

// The placeholders templates/fill.ts documents and fills.
const KNOWN = new Set(['count', 'where', 'sequence', 'list', 'n', 'open', 'close', 'label']);

const placeholders = (t: string) => [...t.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1] as string);

const ALL_VALUES = {
  count: 7,
  where: 'below' as const,
  sequence: [3, 1, 2],
  list: [2, 5],
  n: 2,
  open: '<a>',
  close: '</a>',
  label: 'Answer 3:',
};

function expectVaried(list: readonly string[], what: string): void {
  expect(list.length, what).toBeGreaterThanOrEqual(5);
  expect(new Set(list).size, `${what}: duplicates`).toBe(list.length);
  for (const t of list) {
    expect(t.trim(), what).toBe(t);
    expect(t.length, what).toBeGreaterThan(10);
  }
}

function everyTemplate(): Array<[string, string]> {
  const out: Array<[string, string]> = [];
  PRIMARY.forEach((t) => out.push(['primary', t]));
  for (const [rule, list] of Object.entries(PERMUTE)) list.forEach((t) => out.push([`permute:${rule}`, t]));
  for (const [rule, p] of Object.entries(MASKOUT)) {
    p.one.forEach((t) => out.push([`maskout:${rule}:one`, t]));
    p.many.forEach((t) => out.push([`maskout:${rule}:many`, t]));
  }
  LABEL_CLAUSES.forEach((t) => out.push(['label', t]));
  MARKER_CLAUSES.one.forEach((t) => out.push(['marker:one', t]));
  MARKER_CLAUSES.many.forEach((t) => out.push(['marker:many', t]));
  return out;
}

describe('phrasings', () => {
  it('has at least 5 distinct primary sentences', () => expectVaried(PRIMARY, 'primary'));

  it('has at least 5 distinct sentences for every permute rule and no others', () => {
    expect(Object.keys(PERMUTE).sort()).toEqual([...PERMUTE_RULES].sort());
    for (const rule of PERMUTE_RULES) expectVaried(PERMUTE[rule] ?? [], `permute ${rule}`);
  });

  it('has one/many sentences for every maskout rule; odd and even only "many"', () => {
    expect(Object.keys(MASKOUT).sort()).toEqual([...MASKOUT_RULES].sort());
    for (const rule of ['random', 'longest', 'shortest']) {
      expectVaried(MASKOUT[rule]?.one ?? [], `maskout ${rule} one`);
      expectVaried(MASKOUT[rule]?.many ?? [], `maskout ${rule} many`);
    }
    for (const rule of ['odd', 'even']) {
      expect(MASKOUT[rule]?.one).toEqual([]);
      expectVaried(MASKOUT[rule]?.many ?? [], `maskout ${rule} many`);
    }
  });

  it('has at least 5 label clauses and 5 marker clauses of each kind', () => {
    expectVaried(LABEL_CLAUSES, 'label');
    expectVaried(MARKER_CLAUSES.one, 'marker one');
    expectVaried(MARKER_CLAUSES.many, 'marker many');
  });

  it('uses only placeholders that fill.ts knows, and fills completely', () => {
    for (const [where, t] of everyTemplate()) {
      for (const p of placeholders(t)) expect(KNOWN.has(p), `${where}: {${p}} in "${t}"`).toBe(true);
      const filled = fillSentence(t, ALL_VALUES);
      expect(filled, where).not.toMatch(/[{}]/);
    }
  });

  it('states what each rule needs', () => {
    for (const t of PERMUTE.random ?? []) expect(t).toContain('{sequence}');
    for (const t of [...(MASKOUT.random?.one ?? []), ...(MASKOUT.random?.many ?? [])]) expect(t).toContain('{list}');
    for (const rule of ['longest', 'shortest']) for (const t of MASKOUT[rule]?.many ?? []) expect(t).toContain('{n}');
    for (const t of LABEL_CLAUSES) expect(t).toContain('{label}');
    for (const t of [...MARKER_CLAUSES.one, ...MARKER_CLAUSES.many]) {
      expect(t).toContain('{open}');
      expect(t).toContain('{close}');
    }
  });

  it('never speaks of numbered instructions in rules that may be unnumbered', () => {
    // The reference script's defect: numbered rules over unnumbered instructions.
    const unnumbered = [
      ...PRIMARY,
      ...PERMUTE_RULES.filter((r) => !PERMUTE_SPECS[r].needsNumbers).flatMap((r) => PERMUTE[r] ?? []),
      ...MASKOUT_RULES.filter((r) => !MASKOUT_SPECS[r].needsNumbers).flatMap((r) => [...(MASKOUT[r]?.one ?? []), ...(MASKOUT[r]?.many ?? [])]),
    ];
    for (const t of unnumbered) expect(t).not.toMatch(/number(ed)? \d|numbered|\{sequence\}|\{list\}/i);
  });

  it('rules that quote numbers are declared as needing numbers', () => {
    expect(PERMUTE_SPECS.random.needsNumbers).toBe(true);
    expect(PERMUTE_SPECS['odd-even'].needsNumbers).toBe(true);
    expect(PERMUTE_SPECS['even-odd'].needsNumbers).toBe(true);
    expect(MASKOUT_SPECS.random.needsNumbers).toBe(true);
    expect(MASKOUT_SPECS.odd.needsNumbers).toBe(true);
    expect(MASKOUT_SPECS.even.needsNumbers).toBe(true);
  });
});

describe('fillSentence', () => {
  it('joins a list with commas and a final "and"', () => {
    expect(fillSentence('skip {list}.', { list: [2, 5] })).toBe('skip 2 and 5.');
    expect(fillSentence('skip {list}.', { list: [1, 4, 7] })).toBe('skip 1, 4 and 7.');
    expect(fillSentence('skip {list}.', { list: [3] })).toBe('skip 3.');
    expect(joinWithAnd([1, 2, 3, 4])).toBe('1, 2, 3 and 4');
  });

  it('writes a sequence as a comma list, in the given order', () => {
    expect(fillSentence('order {sequence}', { sequence: [3, 1, 2] })).toBe('order 3, 1, 2');
  });

  it('quotes markers and labels, not numbers or places', () => {
    expect(fillSentence('between {open} and {close}', { open: '<answer>', close: '</answer>' })).toBe(
      'between "<answer>" and "</answer>"',
    );
    expect(fillSentence('like {label}', { label: 'Answer 3:' })).toBe('like "Answer 3:"');
    expect(fillSentence('the {count} tasks {where}, skip {n}', { count: 4, where: 'above', n: 1 })).toBe(
      'the 4 tasks above, skip 1',
    );
  });

  it('fills every occurrence of a placeholder', () => {
    expect(fillSentence('{count} and {count}', { count: 2 })).toBe('2 and 2');
  });

  it('refuses a placeholder without a value', () => {
    expect(() => fillSentence('skip {list}', {})).toThrow(/list/);
  });

  it('fillNumber puts the number into a numbering pattern', () => {
    expect(fillNumber('Answer {n}:\n', 12)).toBe('Answer 12:\n');
    expect(fillNumber('[{n}] ', 3)).toBe('[3] ');
  });

  it('fillNumber fills the first {n} only, and leaves a pattern without one as it is', () => {
    expect(fillNumber('{n}', 5)).toBe('5');
    expect(fillNumber('{n}-{n}', 5)).toBe('5-{n}');
    expect(fillNumber('no number', 5)).toBe('no number');
  });

  it('places at the edges, next to each other, and unknown braces left as they are', () => {
    expect(fillSentence('{count}', { count: 3 })).toBe('3');
    expect(fillSentence('{count}{where}', { count: 3, where: 'below' })).toBe('3below');
    expect(fillSentence('{where} {other} {n', { where: 'above', n: 1 })).toBe('above {other} {n');
    expect(fillSentence('no placeholder', {})).toBe('no placeholder');
  });

  it('fills each template the same on every call, also past the remembered templates', () => {
    // Filled templates are cut once and remembered; new ones past the cache's size are not kept.
    for (let i = 0; i < 5000; i++) expect(fillSentence(`t${i}: {count} {where}`, { count: i, where: 'below' })).toBe(`t${i}: ${i} below`);
    for (let i = 0; i < 5000; i += 499) expect(fillSentence(`t${i}: {count} {where}`, { count: 1, where: 'above' })).toBe(`t${i}: 1 above`);
    for (let i = 0; i < 5000; i++) expect(fillNumber(`#${i}-{n}`, i)).toBe(`#${i}-${i}`);
  });

  it('fills every data template as a regular-expression replace would', () => {
    for (const [where, t] of everyTemplate()) {
      for (const values of [ALL_VALUES, { ...ALL_VALUES, count: 10, where: 'above' as const, list: [1], sequence: [2, 1], n: 1 }]) {
        expect(fillSentence(t, values), where).toBe(oracleFill(t, values));
      }
    }
  });
});

describe('styles', () => {
  it('every numbering style carries {n} in both patterns, and the answer label shows the number', () => {
    expect(NUMBERING_STYLES.length).toBeGreaterThanOrEqual(3);
    for (const s of NUMBERING_STYLES) {
      expect(s.instruction).toContain('{n}');
      expect(s.answer).toContain('{n}');
      // Labels must end in a non-digit so "1" + "2..." can't read as "12".
      expect(fillNumber(s.answer, 7)).toMatch(/7\D+$/);
      expect(fillNumber(s.instruction, 7)).toMatch(/7\D+$/);
    }
  });

  it('markers are distinct and non-empty; unnumbered separators keep items apart', () => {
    for (const m of MARKER_STYLES) {
      expect(m.open.trim()).not.toBe('');
      expect(m.close.trim()).not.toBe('');
      expect(m.open).not.toBe(m.close);
    }
    for (const s of UNNUMBERED_SEPARATORS) expect(s).toMatch(/\n/);
  });
});
