import { describe, expect, it } from 'vitest';
import { decide, type Composition } from '../../src/mosaic/compose.js';
import { metaInstruction, renderMosaic } from '../../src/mosaic/render.js';
import { parseStrategies } from '../../src/mosaic/strategy-choices.js';
import { rngFor } from '../../src/rng/random.js';
import { ENGLISH } from '../../src/language/english.js';
import { MASKOUT_RULES, PERMUTE_RULES, type MaskoutRule, type Mosaic, type PermuteRule } from '../../src/types.js';
import { isPermutationOf1toK, label, layoutsOf, oracleFill, oracleJoinAnd, range1 } from '../helpers/unit-oracle.js';

const choices = (spec: string, permute: readonly PermuteRule[] = PERMUTE_RULES, maskout: readonly MaskoutRule[] = MASKOUT_RULES) =>
  parseStrategies(spec, permute, maskout);

// Distinct texts, none a substring of another, so presence and absence are unambiguous.
const PROMPTS = ['Name a red fruit.', 'Translate "cat" to French.', 'What is seven times six?', 'Spell "zebra" backwards.', 'Give one prime above ten.'];
const RESPONSES = ['Strawberry', 'Chat', 'Forty-two', 'arbez', 'Eleven'];

/** Responses that collide with no layout style, one per prompt. */
const plain = (prompts: readonly string[]) => prompts.map((_, i) => `reply ${String.fromCharCode(97 + i)}`);

function asMosaic(c: Composition, prompts: readonly string[], responses: readonly string[]): Mosaic {
  const text = renderMosaic(prompts, responses, c);
  return {
    prompt: text.prompt,
    response: text.response,
    meta: {
      epoch: 0,
      sources: range1(prompts.length),
      strategy: c.strategy,
      rule: c.rule,
      order: [...c.order],
      masked: [...c.masked],
      numbered: c.numbering !== null,
      lang: 'en',
      tokens: 0,
    },
  };
}

describe('a single pair', () => {
  it('with only primary, prompt and response are the pair verbatim', () => {
    for (let s = 0; s < 50; s++) {
      const c = decide(['  What is 2+2?\n'], plain(['  What is 2+2?\n']), choices('primary'), rngFor(s, 'k1'));
      expect(c.strategy).toBe('primary');
      const text = renderMosaic(['  What is 2+2?\n'], ['4\n'], c);
      expect(text).toEqual({ prompt: '  What is 2+2?\n', response: '4\n' });
    }
  });

  it('with only permute or maskout, falls back to the verbatim pair', () => {
    for (const spec of ['permute', 'maskout', 'reverse,random-order']) {
      for (let s = 0; s < 20; s++) {
        const c = decide(['Q'], plain(['Q']), choices(spec), rngFor(s, 'k1', spec));
        expect(c.strategy).toBe('primary');
        expect(renderMosaic(['Q'], ['A'], c)).toEqual({ prompt: 'Q', response: 'A' });
      }
    }
  });

  it('with format, wraps the answer in stated markers', () => {
    for (let s = 0; s < 50; s++) {
      const c = decide(['Name a colour.'], plain(['Name a colour.']), choices('format'), rngFor(s, 'k1f'));
      expect(c.strategy).toBe('format');
      expect(c.markers).not.toBeNull();
      const { open, close } = c.markers as { open: string; close: string };
      const text = renderMosaic(['Name a colour.'], ['Blue.'], c);
      expect(text.response).toBe(`${open}\n${'Blue.'}\n${close}`);
      const clauses = ENGLISH.markerClauses.one.map((t) => oracleFill(t, { open, close }));
      const ok = clauses.some((cl) => text.prompt === `${cl}\n\nName a colour.` || text.prompt === `Name a colour.\n\n${cl}`);
      expect(ok, text.prompt).toBe(true);
      expect(text.prompt).toContain(`"${open}"`);
      expect(text.prompt).toContain(`"${close}"`);
    }
  });
});

describe('rules that quote numbers', () => {
  it('permute random: the meta-instruction states the exact answer order', () => {
    for (let s = 0; s < 60; s++) {
      const c = decide(PROMPTS, RESPONSES, choices('random-order'), rngFor(s, 'rand'));
      expect(c.strategy).toBe('permute');
      expect(c.rule).toBe('random');
      expect(isPermutationOf1toK(c.order, 5)).toBe(true);
      expect(c.order).not.toEqual([1, 2, 3, 4, 5]);
      const m = asMosaic(c, PROMPTS, RESPONSES);
      expect(m.prompt).toContain(c.order.join(', '));
      expect(layoutsOf(m, PROMPTS, RESPONSES).length, m.prompt).toBeGreaterThan(0);
      // Answers in that order.
      const at = c.order.map((n) => m.response.indexOf(RESPONSES[n - 1] as string));
      expect(at.every((x) => x >= 0)).toBe(true);
      expect([...at].sort((a, b) => a - b)).toEqual(at);
    }
  });

  it('maskout random: the meta-instruction states exactly the skipped numbers', () => {
    const seenSizes = new Set<number>();
    for (let s = 0; s < 60; s++) {
      const c = decide(PROMPTS, RESPONSES, choices('maskout', PERMUTE_RULES, ['random']), rngFor(s, 'mask'));
      expect(c.strategy).toBe('maskout');
      expect(c.rule).toBe('random');
      expect(c.masked.length).toBeGreaterThanOrEqual(1);
      expect(c.masked.length).toBeLessThanOrEqual(2); // floor(0.5 * 5)
      seenSizes.add(c.masked.length);
      expect(c.order).toEqual(range1(5).filter((n) => !c.masked.includes(n)));
      const m = asMosaic(c, PROMPTS, RESPONSES);
      expect(m.prompt).toContain(oracleJoinAnd(c.masked));
      for (const n of c.masked) expect(m.response).not.toContain(RESPONSES[n - 1]);
      for (const n of c.order) expect(m.response).toContain(RESPONSES[n - 1]);
      expect(layoutsOf(m, PROMPTS, RESPONSES).length, m.prompt).toBeGreaterThan(0);
    }
    expect([...seenSizes].sort()).toEqual([1, 2]);
  });

  const NUMBERED: Array<[string, readonly PermuteRule[], readonly MaskoutRule[]]> = [
    ['random-order', PERMUTE_RULES, MASKOUT_RULES],
    ['permute', ['odd-even'], MASKOUT_RULES],
    ['permute', ['even-odd'], MASKOUT_RULES],
    ['maskout', PERMUTE_RULES, ['random']],
    ['maskout', PERMUTE_RULES, ['odd']],
    ['maskout', PERMUTE_RULES, ['even']],
  ];
  for (const [spec, pr, mr] of NUMBERED) {
    const name = `${spec}:${spec === 'permute' ? pr.join() : spec === 'maskout' ? mr.join() : 'random'}`;
    it(`${name} always numbers instructions and answers`, () => {
      for (let s = 0; s < 40; s++) {
        const c = decide(PROMPTS, RESPONSES, choices(spec, pr, mr), rngFor(s, 'numbered', name));
        expect(c.strategy).not.toBe('primary');
        expect(c.numbering).not.toBeNull();
        expect(c.labelClause).not.toBeNull();
        const style = c.numbering as { instruction: string; answer: string };
        const text = renderMosaic(PROMPTS, RESPONSES, c);
        PROMPTS.forEach((p, i) => expect(text.prompt).toContain(label(style.instruction, i + 1) + p));
        for (const n of c.order) expect(text.response).toContain(label(style.answer, n) + RESPONSES[n - 1]);
        // The label clause quotes the first answer's real label.
        expect(text.prompt).toContain(`"${label(style.answer, c.order[0] as number).trim()}"`);
      }
    });
  }
});

describe('deterministic rules in decide', () => {
  it('permute alpha/words/chars give the sorted order they state', () => {
    // Words 1, 4, 3, 2; characters without spaces 20, 8, 13, 6: clearly apart in both.
    const prompts = ['Dddddddddddddddddddd', 'al be ga de', 'Charlie is here', 'bravo x'];
    const responses = ['r-one', 'r-two', 'r-three', 'r-four'];
    const expected: Record<string, number[]> = { alpha: [2, 4, 3, 1], words: [1, 4, 3, 2], chars: [4, 2, 3, 1], reverse: [4, 3, 2, 1] };
    for (const [rule, order] of Object.entries(expected)) {
      for (let s = 0; s < 10; s++) {
        const c = decide(prompts, plain(prompts), choices('permute', [rule as PermuteRule]), rngFor(s, rule));
        expect(c.rule).toBe(rule);
        expect(c.order).toEqual(order);
        const m = asMosaic(c, prompts, responses);
        expect(layoutsOf(m, prompts, responses).length).toBeGreaterThan(0);
      }
    }
  });

  it('a sort rule with ties is never chosen: only-alpha over duplicates falls back to primary', () => {
    for (let s = 0; s < 30; s++) {
      const c = decide(['Same text', 'same TEXT', 'other'], plain(['Same text', 'same TEXT', 'other']), choices('permute', ['alpha', 'alpha-desc']), rngFor(s, 'tie'));
      expect(c.strategy).toBe('primary');
      expect(c.order).toEqual([1, 2, 3]);
      expect(c.sentence).not.toBeNull();
    }
  });

  it('a tied rule is skipped in favour of an eligible one', () => {
    for (let s = 0; s < 30; s++) {
      // Words 2, 2, 1 and characters 3, 3, 1: both tie, nothing is eligible.
      const c = decide(['a b', 'c d', 'e'], plain(['a b', 'c d', 'e']), choices('permute', ['words', 'chars']), rngFor(s, 'skip'));
      expect(c.strategy).toBe('primary');
    }
    for (let s = 0; s < 30; s++) {
      // Words 2, 2, 1 tie; characters 2, 5, 8 (no spaces) are clearly apart: always chars.
      const c = decide(['a b', 'c ddd', 'e fffffff'], plain(['a b', 'c ddd', 'e fffffff']), choices('permute', ['words', 'chars']), rngFor(s, 'skip3'));
      expect(c.strategy).toBe('permute');
      expect(c.rule).toBe('chars');
      expect(c.order).toEqual([1, 2, 3]);
    }
  });

  it('maskout longest with a tie at the cut falls back', () => {
    // All prompts one word: any cut is a tie.
    for (let s = 0; s < 30; s++) {
      const c = decide(['a', 'b', 'c', 'd'], plain(['a', 'b', 'c', 'd']), choices('maskout', PERMUTE_RULES, ['longest', 'shortest']), rngFor(s, 'mtie'));
      expect(c.strategy).toBe('primary');
    }
  });

  it('a style that occurs in the texts is never used, and a rule that needs numbers waits for a free one', () => {
    // Responses that are numbered lists and hold every marker but one.
    const listy = PROMPTS.map((_, i) => `Steps:\n1. first\n2. second ${i}\n<answer> <response> [BEGIN] <<< === START ===`);
    for (let s = 0; s < 60; s++) {
      const c = decide(PROMPTS, listy, choices('primary,format,permute,maskout'), rngFor(s, 'collide'));
      expect(c.numbering?.instruction).not.toBe('{n}. ');
      if (c.markers) expect(c.markers.open).toBe('@@ begin @@');
    }
    // Every numbering style in the texts: rules that need numbers are not offered.
    const everyLabel = ENGLISH.numbering.map((st) => st.instruction.replace('{n}', '1')).join('\n');
    const c = decide(PROMPTS, PROMPTS.map(() => everyLabel), choices('random-order'), rngFor(1, 'collide'));
    expect(c.strategy).toBe('primary');
    expect(c.numbering).toBeNull();
    expect(c.unoffered).toEqual([{ kind: 'permute:random', reason: 'collision' }]);
  });

  it('names the reason each allowed rule was not offered', () => {
    const c = decide(['a b', 'c d', 'e'], plain(['a b', 'c d', 'e']), choices('permute', ['words', 'alpha', 'odd-even']), rngFor(1, 'why'));
    expect(c.unoffered).toEqual([
      { kind: 'permute:words', reason: 'ties' },
      { kind: 'permute:odd-even', reason: 'size' },
    ]);
  });

  it('maskout odd/even skip exactly the odd/even numbers', () => {
    for (const rule of ['odd', 'even'] as const) {
      const c = decide(PROMPTS, RESPONSES, choices('maskout', PERMUTE_RULES, [rule]), rngFor(1, rule));
      expect(c.masked).toEqual(rule === 'odd' ? [1, 3, 5] : [2, 4]);
      expect(c.order).toEqual(rule === 'odd' ? [2, 4] : [1, 3, 5]);
    }
  });

  it('is a pure function of prompts, choices and the rng stream', () => {
    for (let s = 0; s < 20; s++) {
      const a = decide(PROMPTS, RESPONSES, choices('primary,format,permute,maskout'), rngFor(s, 'pure'));
      const b = decide(PROMPTS, RESPONSES, choices('primary,format,permute,maskout'), rngFor(s, 'pure'));
      expect(b).toEqual(a);
    }
  });

  it('primary over several pairs is never decorated; format always is', () => {
    for (let s = 0; s < 40; s++) {
      const p = decide(PROMPTS, RESPONSES, choices('primary'), rngFor(s, 'prim'));
      expect(p.markers).toBeNull();
      expect(p.order).toEqual(range1(5));
      const f = decide(PROMPTS, RESPONSES, choices('format'), rngFor(s, 'fmt'));
      expect(f.markers).not.toBeNull();
      expect(f.markerClause).not.toBeNull();
      expect(f.order).toEqual(range1(5));
    }
  });
});

describe('renderMosaic on hand-built compositions', () => {
  const base: Composition = {
    strategy: 'permute',
    rule: 'reverse',
    order: [3, 2, 1],
    masked: [],
    numbering: { instruction: '{n}. ', answer: '{n}. ' },
    markers: null,
    separator: '\n\n',
    metaFirst: true,
    sentence: 'Answer the {count} instructions {where} in reverse order.',
    labelClause: 'Label like {label} here.',
    markerClause: null,
    pack: ENGLISH,
    unoffered: [],
  };

  it('numbered, meta first', () => {
    expect(renderMosaic(['A', 'B', 'C'], ['a', 'b', 'c'], base)).toEqual({
      prompt: 'Answer the three instructions below in reverse order. Label like "3." here.\n\n1. A\n\n2. B\n\n3. C',
      response: '3. c\n\n2. b\n\n1. a',
    });
  });

  it('unnumbered, markers, meta last, separator between items', () => {
    const c: Composition = {
      ...base,
      strategy: 'maskout',
      rule: 'longest',
      order: [1, 3],
      masked: [2],
      numbering: null,
      markers: { open: '<answer>', close: '</answer>' },
      separator: '\n\n---\n\n',
      metaFirst: false,
      sentence: 'Skip the {n} longest of {count} {where}.',
      labelClause: 'never shown without numbers {label}',
      markerClause: 'Wrap in {open} and {close}.',
    };
    expect(renderMosaic(['one', 'two words', 'x'], ['r1', 'r2', 'r3'], c)).toEqual({
      prompt: 'one\n\n---\n\ntwo words\n\n---\n\nx\n\nSkip the one longest of three above. Wrap in "<answer>" and "</answer>".',
      response: '<answer>\nr1\n</answer>\n\n---\n\n<answer>\nr3\n</answer>',
    });
  });

  it('metaInstruction fills list and sequence', () => {
    const c: Composition = { ...base, order: [2, 4, 3, 1, 5], masked: [], sentence: 'Order: {sequence}.', labelClause: null, numbering: null };
    expect(metaInstruction(c, 5)).toBe('Order: 2, 4, 3, 1, 5.');
    const m: Composition = { ...base, strategy: 'maskout', rule: 'random', order: [2, 3, 5, 6], masked: [1, 4, 7], sentence: 'Skip {list} ({n} of {count}).', labelClause: null };
    expect(metaInstruction(m, 7)).toBe('Skip 1, 4 and 7 (three of seven).');
  });

  it('inserts texts verbatim, including braces and placeholder-like text', () => {
    const c: Composition = { ...base, labelClause: null };
    const prompts = ['{count} {n}', 'Instruction {n}:', ' spaced '];
    const responses = ['{list}', '$&', '\n'];
    const text = renderMosaic(prompts, responses, c);
    expect(text.prompt.endsWith('1. {count} {n}\n\n2. Instruction {n}:\n\n3.  spaced ')).toBe(true);
    expect(text.response).toBe('3. \n\n\n2. $&\n\n1. {list}');
  });
});
