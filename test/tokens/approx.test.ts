import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { approxCounter, approxTokenCount } from '../../src/tokens/approx.js';

/** The documented rules, restated: letter runs cost ceil(n / 6), spaces 0, any other code unit 1. */
function oracle(text: string): number {
  let tokens = 0;
  for (const piece of text.match(/[A-Za-z]+|[^ ]/g) ?? []) tokens += /^[A-Za-z]/.test(piece) ? Math.ceil(piece.length / 6) : 1;
  return tokens;
}

describe('approxTokenCount', () => {
  it('follows the documented rules on hand-made texts', () => {
    const table: Array<[string, number]> = [
      ['', 0],
      ['   ', 0],
      ['a', 1],
      ['abcdef', 1],
      ['abcdefg', 2],
      ['abcdefghijkl', 2],
      ['abcdefghijklm', 3],
      ['Hello, world!', 4],
      ['ab cd', 2],
      ['ab1cd', 3],
      ['2024', 4],
      ['\n\t', 2],
      ['héllo', 3],
      ['😀', 2],
      ['中文', 2],
    ];
    for (const [text, tokens] of table) expect(approxTokenCount(text), JSON.stringify(text)).toBe(tokens);
  });

  it('classes every UTF-16 code unit as the rules say', () => {
    for (let c = 0; c < 0x10000; c++) {
      const ch = String.fromCharCode(c);
      expect(approxTokenCount(ch)).toBe(c === 0x20 ? 0 : 1);
      // Inside a run of letters only a letter continues it without a new token.
      const isLetter = (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a);
      expect(approxTokenCount(`ab${ch}cd`)).toBe(isLetter ? 1 : c === 0x20 ? 2 : 3);
    }
  });

  it('agrees with the rules restated for any text', () => {
    const unit = fc.constantFrom('a', 'Z', 'q', ' ', '1', '.', '\n', 'é', '中', '\ud83d', '\ude00');
    fc.assert(
      fc.property(fc.array(unit, { maxLength: 60 }), (units) => {
        const text = units.join('');
        expect(approxTokenCount(text)).toBe(oracle(text));
      }),
      { numRuns: 3000 },
    );
  });

  it('is subadditive as the planner relies on: joining two texts loses at most one token, gains none', () => {
    expect(approxCounter.subadditive).toBe(true);
    // Letter-heavy texts, so that letter runs meet at the joint often.
    const text = fc.oneof(fc.string(), fc.stringMatching(/^[a-zA-Z]{0,20}( [a-z]{1,9}){0,3}[a-zA-Z]{0,20}$/), fc.constantFrom('', 'abcdef', 'abcdefg', ' ', '1'));
    fc.assert(
      fc.property(text, text, (a, b) => {
        const apart = approxTokenCount(a) + approxTokenCount(b);
        const joined = approxTokenCount(a + b);
        expect(joined).toBeLessThanOrEqual(apart);
        expect(joined).toBeGreaterThanOrEqual(apart - 1);
      }),
      { numRuns: 3000 },
    );
    expect(approxTokenCount('abc' + 'def')).toBe(approxTokenCount('abc') + approxTokenCount('def') - 1);
  });
});

describe('approx: a joined text from its parts', () => {
  it('gives the estimate of the whole text, for any parts and any mix of known and counted ones', () => {
    const joints = approxCounter.joints;
    if (!joints) throw new Error('approx has no joint counting');
    const part = fc.array(fc.constantFrom('a', 'bcdef', 'Zyxwvuts', ' ', '\n', '1', '.', '\u4e2d', '\u{1F600}', 'é', ''), { maxLength: 6 }).map((p) => p.join(''));
    fc.assert(
      fc.property(fc.array(fc.tuple(part, fc.boolean()), { maxLength: 12 }), (parts) => {
        joints.start();
        for (const [text, known] of parts) known ? joints.known(text, approxTokenCount(text)) : joints.text(text);
        expect(joints.end()).toBe(approxTokenCount(parts.map(([text]) => text).join('')));
      }),
      { numRuns: 3000, seed: 23 },
    );
  });
});
