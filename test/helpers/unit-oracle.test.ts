/**
 * The property tests are only as good as their oracle: it must reject mosaics whose text
 * does not match their meta. These cases tamper with real mosaics one way at a time.
 */
import { describe, expect, it } from 'vitest';
import { decide } from '../../src/mosaic/compose.js';
import { renderMosaic } from '../../src/mosaic/render.js';
import { parseStrategies } from '../../src/mosaic/strategy-choices.js';
import { rngFor } from '../../src/rng/random.js';
import { MASKOUT_RULES, PERMUTE_RULES, type Mosaic } from '../../src/types.js';
import { layoutsOf, oraclePermute, range1 } from '../helpers/unit-oracle.js';

const PROMPTS = ['Name a red fruit.', 'Translate cat.', 'Seven times six?', 'Spell zebra backwards.'];
const RESPONSES = ['Strawberry', 'Chat', 'Forty-two', 'arbez'];

function mosaic(spec: string, seed: number): Mosaic {
  const c = decide(PROMPTS, RESPONSES, parseStrategies(spec, PERMUTE_RULES, MASKOUT_RULES), rngFor(seed, 'oracle'));
  const t = renderMosaic(PROMPTS, RESPONSES, c);
  return {
    prompt: t.prompt,
    response: t.response,
    meta: { epoch: 0, sources: range1(4), strategy: c.strategy, rule: c.rule, order: [...c.order], masked: [...c.masked], numbered: c.numbering !== null, lang: 'en', tokens: 0 },
  };
}

describe('layoutsOf (test oracle)', () => {
  it('accepts untouched mosaics of every strategy', () => {
    for (const spec of ['primary', 'format', 'permute', 'maskout']) {
      for (let s = 0; s < 30; s++) expect(layoutsOf(mosaic(spec, s), PROMPTS, RESPONSES).length).toBeGreaterThan(0);
    }
  });

  it('rejects swapped answers, a leaked masked answer, a wrong stated order, a wrong numbered flag', () => {
    for (let s = 0; s < 30; s++) {
      const m = mosaic('permute,maskout', s);
      const swapped = { ...m, meta: { ...m.meta, order: [...m.meta.order].reverse() } };
      expect(layoutsOf(swapped, PROMPTS, RESPONSES)).toEqual([]);
      const flipped = { ...m, meta: { ...m.meta, numbered: !m.meta.numbered } };
      expect(layoutsOf(flipped, PROMPTS, RESPONSES)).toEqual([]);
      if (m.meta.masked.length > 0) {
        const leaked = { ...m, response: `${m.response}\n\n${RESPONSES[(m.meta.masked[0] as number) - 1]}` };
        expect(layoutsOf(leaked, PROMPTS, RESPONSES)).toEqual([]);
      }
      const relabelled = { ...m, meta: { ...m.meta, rule: m.meta.strategy === 'permute' ? 'reverse' : 'odd' } } as Mosaic;
      if (relabelled.meta.rule !== m.meta.rule) expect(layoutsOf(relabelled, PROMPTS, RESPONSES)).toEqual([]);
      const reworded = { ...m, prompt: m.prompt.replace(/instructions|tasks|prompts|requests/, 'items') };
      if (reworded.prompt !== m.prompt) expect(layoutsOf(reworded, PROMPTS, RESPONSES)).toEqual([]);
    }
  });

  it('oraclePermute restates the rules independently', () => {
    expect(oraclePermute('alpha', ['b', 'A', 'c'])).toEqual([2, 1, 3]);
    expect(oraclePermute('words-desc', ['a', 'b c d', 'e f'])).toEqual([2, 3, 1]);
    expect(oraclePermute('chars', ['😀😀😀😀', 'abcdefgh', 'x'])).toEqual([3, 1, 2]);
    expect(oraclePermute('chars', ['😀', 'x'])).toBeNull();
    expect(oraclePermute('random', ['a', 'a'])).toBe('free');
    expect(oraclePermute('odd-even', ['a', 'b', 'c'])).toBeNull();
  });
});
