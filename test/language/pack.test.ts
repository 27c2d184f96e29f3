/**
 * The English pack: complete, every sentence filled for every count it can be chosen for,
 * and read back as a person reads it (plural agreement, "both" rather than "all two", no
 * punctuation straight after a quoted label or marker).
 */
import { describe, expect, it } from 'vitest';
import { ENGLISH } from '../../src/language/english.js';
import { fillNumber, fillSentence, joinList, PLACEHOLDERS } from '../../src/language/fill.js';
import type { Forms } from '../../src/language/pack.js';
import { MASKOUT } from '../../src/strategies/maskout.js';
import { PERMUTE } from '../../src/strategies/permute.js';
import { MASKOUT_RULES, PERMUTE_RULES } from '../../src/types.js';
import { oracleFill } from '../helpers/unit-oracle.js';
import { allForms, filledSentences } from '../helpers/pack-sentences.js';

const placeholders = (t: string) => [...t.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1] as string);

function expectVaried(list: readonly string[] | undefined, what: string): void {
  expect(list, what).toBeDefined();
  expect((list as readonly string[]).length, what).toBeGreaterThanOrEqual(5);
  expect(new Set(list).size, `${what}: duplicates`).toBe((list as readonly string[]).length);
  for (const t of list as readonly string[]) expect(t.trim(), what).toBe(t);
}

const WORD_FOR = new Map(ENGLISH.numerals.map((w, n) => [w, n]));
const NOUNS = 'instruction|task|prompt|request|question|answer|response|reply|one';

/** What a careful reader would stumble on in a filled English meta-instruction. */
function readerProblems(text: string): string[] {
  const problems: string[] = [];
  if (/[{}]/.test(text)) problems.push('a placeholder is left');
  if (/\ball (two|2)\b/i.test(text)) problems.push('"all two"');
  if (/\beach of the (one|two|1|2)\b/i.test(text) && !/\beach of the two\b/i.test(text)) problems.push('"each of the one"');
  const numbers = `${ENGLISH.numerals.join('|')}|\\d+`;
  for (const m of text.matchAll(new RegExp(`\\b(${numbers}) (?:(?!and\\b)[a-z-]+ )?(${NOUNS})(s?)\\b`, 'gi'))) {
    const n = WORD_FOR.get((m[1] as string).toLowerCase()) ?? Number(m[1]);
    if ((m[2] as string).toLowerCase() === 'one') continue;
    if (n === 1 && m[3] === 's') problems.push(`plural after one: "${m[0]}"`);
    if (n > 1 && m[3] === '') problems.push(`singular after ${n}: "${m[0]}"`);
  }
  if (/\b(?:[2-9]|10) (?:instructions|tasks|prompts|requests)\b/.test(text)) problems.push('a small count in digits');
  if (/"[^"]*[.:!?;,]"[.,:;!?]/.test(text)) problems.push('punctuation after a quoted label that ends in punctuation');
  if (/[.,;:]{2}|\s[.,;:]/.test(text.replace(/"[^"]*"/g, '""'))) problems.push('doubled or loose punctuation');
  if (/\d and (?!\d)/.test(text)) problems.push('"and" after a list of numbers reads as part of the list');
  if (!/^[A-Z]/.test(text) || !/[.]$/.test(text)) problems.push('not a sentence');
  return problems;
}

describe('the English pack', () => {
  it('has at least five distinct sentences in every form of every strategy and rule', () => {
    for (const [what, forms] of allForms(ENGLISH)) {
      expectVaried(forms.many, `${what} many`);
      if (forms.two) expectVaried(forms.two, `${what} two`);
      if (forms.one) expectVaried(forms.one, `${what} one`);
    }
    expectVaried(ENGLISH.labelClauses.one, 'label one');
    expectVaried(ENGLISH.labelClauses.many, 'label many');
    for (const kind of ['one', 'many', 'labelled'] as const) expectVaried(ENGLISH.markerClauses[kind], `marker ${kind}`);
  });

  it('uses only known placeholders, and each sentence states what its rule needs', () => {
    const known = new Set<string>(PLACEHOLDERS);
    for (const [what, forms] of allForms(ENGLISH)) {
      for (const t of [...(forms.two ?? []), ...(forms.one ?? []), ...forms.many]) {
        for (const p of placeholders(t)) expect(known.has(p), `${what}: {${p}}`).toBe(true);
      }
    }
    for (const t of (ENGLISH.permute.random as Forms).many) expect(t).toContain('{sequence}');
    const random = ENGLISH.maskout.random as Forms;
    for (const t of [...(random.two ?? []), ...(random.one ?? []), ...random.many]) expect(t).toContain('{list}');
    for (const rule of ['longest', 'shortest'] as const) for (const t of (ENGLISH.maskout[rule] as Forms).many) expect(t).toContain('{n}');
    for (const t of [...ENGLISH.labelClauses.one, ...ENGLISH.labelClauses.many]) expect(t).toContain('{label}');
    for (const t of Object.values(ENGLISH.markerClauses).flat()) {
      expect(t).toContain('{open}');
      expect(t).toContain('{close}');
    }
  });

  it('never speaks of numbers in rules that may go unnumbered', () => {
    // The reference script's defect: numbered rules over unnumbered instructions.
    const unnumbered = [
      ...PERMUTE_RULES.filter((r) => !PERMUTE[r].needsNumbers).map((r) => ENGLISH.permute[r] as Forms),
      ...MASKOUT_RULES.filter((r) => !MASKOUT[r].needsNumbers).map((r) => ENGLISH.maskout[r] as Forms),
      ENGLISH.primary,
    ].flatMap((f) => [...(f.two ?? []), ...(f.one ?? []), ...f.many]);
    for (const t of unnumbered) expect(t).not.toMatch(/number(ed)?\b|\{sequence\}|\{list\}/i);
  });

  it('every sentence reads right for k = 2..10 and every skip count, both places', () => {
    let checked = 0;
    for (const { what, k, n, template, values, text } of filledSentences(ENGLISH)) {
      expect(text, `${what} k=${k}`).toBe(oracleFill(template, values));
      expect(readerProblems(text), `${what} k=${k} n=${n}: ${text}`).toEqual([]);
      checked++;
    }
    expect(checked).toBeGreaterThan(1500);
  });

  it('label and marker clauses read right with every style, as the first answer of any number', () => {
    for (const style of ENGLISH.numbering) {
      for (const n of [1, 7, 10]) {
        const label = fillNumber(style.answer, n).trim();
        for (const t of [...ENGLISH.labelClauses.one, ...ENGLISH.labelClauses.many]) {
          const text = fillSentence(t, { label }, ENGLISH);
          expect(readerProblems(text), text).toEqual([]);
        }
      }
    }
    for (const m of ENGLISH.markers) {
      for (const t of Object.values(ENGLISH.markerClauses).flat()) {
        const text = fillSentence(t, { open: m.open, close: m.close }, ENGLISH);
        expect(readerProblems(text), text).toEqual([]);
      }
    }
  });

  it('the lint itself catches what it is for', () => {
    expect(readerProblems('Reply to all 2 instructions below.')).not.toEqual([]);
    expect(readerProblems('Reply to all two instructions below.')).not.toEqual([]);
    expect(readerProblems('Head each answer with its number, in the same form as "2.".')).not.toEqual([]);
    expect(readerProblems('Answer the three instruction below.')).not.toEqual([]);
    expect(readerProblems('Skip the one instructions below.')).not.toEqual([]);
    expect(readerProblems('Ignore instructions 2 and 5 and answer the rest.')).not.toEqual([]);
    expect(readerProblems('Answer both instructions below, in order.')).toEqual([]);
  });

  it('numbering styles carry the number in both labels and end in a non-digit', () => {
    for (const s of ENGLISH.numbering) {
      // "1" + "2..." must not read as "12".
      expect(fillNumber(s.answer, 7)).toMatch(/7\D+$/);
      expect(fillNumber(s.instruction, 7)).toMatch(/7\D+$/);
    }
  });

  it('markers are distinct and non-empty; separators start and end with a line break', () => {
    for (const m of ENGLISH.markers) {
      expect(m.open.trim()).not.toBe('');
      expect(m.open).not.toBe(m.close);
    }
    for (const s of ENGLISH.separators) expect(s).toMatch(/^\n[\s\S]*\n$/);
  });
});

describe('fillSentence', () => {
  it('writes small counts as words and larger ones as digits', () => {
    expect(fillSentence('the {count} tasks {where}, skip {n}', { count: 4, where: 'above', n: 1 }, ENGLISH)).toBe('the four tasks above, skip one');
    expect(fillSentence('the {count} tasks', { count: 12 }, ENGLISH)).toBe('the 12 tasks');
  });

  it('joins a list with commas and a final "and", a sequence with commas', () => {
    expect(fillSentence('skip {list}.', { list: [2, 5] }, ENGLISH)).toBe('skip 2 and 5.');
    expect(joinList([1, 4, 7], ENGLISH)).toBe('1, 4 and 7');
    expect(joinList([3], ENGLISH)).toBe('3');
    expect(fillSentence('order {sequence}', { sequence: [3, 1, 2] }, ENGLISH)).toBe('order 3, 1, 2');
  });

  it('quotes markers and labels', () => {
    expect(fillSentence('between {open} and {close}', { open: '<a>', close: '</a>' }, ENGLISH)).toBe('between "<a>" and "</a>"');
    expect(fillSentence('like {label} here', { label: 'Answer 3:' }, ENGLISH)).toBe('like "Answer 3:" here');
  });

  it('refuses a placeholder without a value, and leaves unknown braces alone', () => {
    expect(() => fillSentence('skip {list}', {}, ENGLISH)).toThrow(/list/);
    expect(fillSentence('{where} {other} {n', { where: 'above' }, ENGLISH)).toBe('above {other} {n');
  });

  it('fills each template the same on every call, also past the remembered templates', () => {
    for (let i = 0; i < 5000; i++) expect(fillSentence(`t${i}: {where}`, { where: 'below' }, ENGLISH)).toBe(`t${i}: below`);
    for (let i = 0; i < 5000; i++) expect(fillNumber(`#${i}-{n}`, i)).toBe(`#${i}-${i}`);
  });

  it('fillNumber fills the first {n} only, and leaves a pattern without one as it is', () => {
    expect(fillNumber('Answer {n}:\n', 12)).toBe('Answer 12:\n');
    expect(fillNumber('{n}-{n}', 5)).toBe('5-{n}');
    expect(fillNumber('no number', 5)).toBe('no number');
  });
});
