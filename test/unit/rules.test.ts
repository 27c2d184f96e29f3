import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { GroupView, maskCount, maskedNumbers, maskoutApplies, permuteApplies, permuteOrder } from '../../src/mosaic/rules.js';
import { rngFor } from '../../src/rng/random.js';
import { MASKOUT_RULES, PERMUTE_RULES, type PermuteRule } from '../../src/types.js';
import { constRng, isPermutationOf1toK, oraclePermute, oracleWords, range1, THROWING_RNG } from '../helpers/unit-oracle.js';

// Hand-made group; every measure is worked out below.
//   #  text                         lower-cased first letters  words  code points
//   1  "Dddddddddddddddddddd"       d                          1      20
//   2  "al be ga de"                a                          4      11
//   3  "Charlie is here"            c                          3      15
//   4  "bravo x"                    b                          2       7
const FOUR = ['Dddddddddddddddddddd', 'al be ga de', 'Charlie is here', 'bravo x'];

describe('permuteOrder on a hand-made group of four', () => {
  const table: Array<[PermuteRule, number[]]> = [
    ['reverse', [4, 3, 2, 1]],
    ['alpha', [2, 4, 3, 1]],
    ['alpha-desc', [1, 3, 4, 2]],
    ['words', [1, 4, 3, 2]],
    ['words-desc', [2, 3, 4, 1]],
    ['chars', [4, 2, 3, 1]],
    ['chars-desc', [1, 3, 2, 4]],
    ['odd-even', [1, 3, 2, 4]],
    ['even-odd', [2, 4, 1, 3]],
  ];
  for (const [rule, expected] of table) {
    it(`${rule} gives ${expected.join(',')}`, () => {
      // Deterministic rules must not draw: eligibility checks rely on it.
      expect(permuteOrder(rule, FOUR, THROWING_RNG)).toEqual(expected);
    });
  }

  it('odd-even and even-odd with five instructions', () => {
    const five = ['a', 'b', 'c', 'd', 'e'];
    expect(permuteOrder('odd-even', five, THROWING_RNG)).toEqual([1, 3, 5, 2, 4]);
    expect(permuteOrder('even-odd', five, THROWING_RNG)).toEqual([2, 4, 1, 3, 5]);
  });

  it('odd-even and even-odd with three instructions', () => {
    expect(permuteOrder('odd-even', ['a', 'b', 'c'], THROWING_RNG)).toEqual([1, 3, 2]);
    expect(permuteOrder('even-odd', ['a', 'b', 'c'], THROWING_RNG)).toEqual([2, 1, 3]);
  });

  it('reverse of two is [2, 1]', () => {
    expect(permuteOrder('reverse', ['x', 'y'], THROWING_RNG)).toEqual([2, 1]);
  });
});

describe('permuteOrder: alphabetical is case-insensitive and by code point', () => {
  it('apple < Banana < cherry regardless of capitals', () => {
    // Case-sensitive code-unit order would put "Banana" first.
    expect(permuteOrder('alpha', ['apple', 'Banana', 'cherry'], THROWING_RNG)).toEqual([1, 2, 3]);
    expect(permuteOrder('alpha', ['cherry', 'Banana', 'apple'], THROWING_RNG)).toEqual([3, 2, 1]);
    expect(permuteOrder('alpha-desc', ['apple', 'Banana', 'cherry'], THROWING_RNG)).toEqual([3, 2, 1]);
    expect(permuteOrder('alpha', ['Zebra', 'apple'], THROWING_RNG)).toEqual([2, 1]);
  });

  it('the whole text decides, not the first letter', () => {
    expect(permuteOrder('alpha', ['abd', 'abc', 'ab'], THROWING_RNG)).toEqual([3, 2, 1]);
  });

  it('an astral character sorts after U+FFFD and U+E000 (code point, not UTF-16 unit order)', () => {
    // "𝔘" is U+1D518, stored as the surrogates D835 DD18, which compare below FFFD as units.
    expect(permuteOrder('alpha', ['𝔘abc', '\uFFFDzzz'], THROWING_RNG)).toEqual([2, 1]);
    expect(permuteOrder('alpha', ['\uE000', '𝔘', 'z'], THROWING_RNG)).toEqual([3, 1, 2]);
    expect(permuteOrder('alpha-desc', ['\uFFFD', '𝔘'], THROWING_RNG)).toEqual([2, 1]);
  });

  it('ties after lower-casing are ambiguous', () => {
    expect(permuteOrder('alpha', ['Apple pie', 'apple PIE', 'x'], THROWING_RNG)).toBeNull();
    expect(permuteOrder('alpha-desc', ['same', 'same'], THROWING_RNG)).toBeNull();
  });
});

describe('permuteOrder: sizes measured in words and code points', () => {
  it('ties in word count are ambiguous, whatever the whitespace', () => {
    expect(permuteOrder('words', ['one two', 'three\tfour', 'five'], THROWING_RNG)).toBeNull();
    expect(permuteOrder('words-desc', ['a\u00a0b', 'c\n\nd'], THROWING_RNG)).toBeNull();
    // Different texts, different characters, same words: still ambiguous.
    expect(permuteOrder('words', ['a b c', 'long words here'], THROWING_RNG)).toBeNull();
  });

  it('words ignores leading, trailing and repeated whitespace', () => {
    expect(permuteOrder('words', ['  a   b  c  ', 'x y', ' z '], THROWING_RNG)).toEqual([3, 2, 1]);
  });

  it('ties in code-point count are ambiguous', () => {
    expect(permuteOrder('chars', ['abc', 'xyz', 'hello'], THROWING_RNG)).toBeNull();
    // Two emoji are two code points (four UTF-16 units): ties with "ab".
    expect(permuteOrder('chars-desc', ['😀😀', 'ab', 'abc'], THROWING_RNG)).toBeNull();
  });

  it('chars counts emoji once each', () => {
    // 3 code points vs 4: by UTF-16 length (6 vs 4) the order would be the opposite.
    expect(permuteOrder('chars', ['😀😀😀', 'abcd'], THROWING_RNG)).toEqual([1, 2]);
    expect(permuteOrder('chars-desc', ['😀😀😀', 'abcd'], THROWING_RNG)).toEqual([2, 1]);
  });
});

describe('permuteOrder: ineligible groups', () => {
  it('every rule is null for a single instruction', () => {
    for (const rule of PERMUTE_RULES) {
      expect(permuteOrder(rule, ['only one'], rngFor(1, 'test'))).toBeNull();
    }
  });

  it('odd-even and even-odd are null for two instructions', () => {
    expect(permuteOrder('odd-even', ['a', 'b'], THROWING_RNG)).toBeNull();
    expect(permuteOrder('even-odd', ['a', 'b'], THROWING_RNG)).toBeNull();
  });
});

describe('permuteOrder: random', () => {
  it('with two instructions is always [2, 1]', () => {
    for (let s = 0; s < 200; s++) {
      expect(permuteOrder('random', ['a', 'b'], rngFor(s, 'random-2'))).toEqual([2, 1]);
    }
  });

  it('is always a non-identity permutation', () => {
    for (let k = 2; k <= 9; k++) {
      const prompts = Array.from({ length: k }, () => 'same');
      for (let s = 0; s < 150; s++) {
        const order = permuteOrder('random', prompts, rngFor(s, 'random', k)) as number[];
        expect(isPermutationOf1toK(order, k)).toBe(true);
        expect(order.some((n, i) => n !== i + 1)).toBe(true);
      }
    }
  });

  it('reaches every non-identity order of three, roughly evenly', () => {
    const seen = new Map<string, number>();
    const draws = 3000;
    for (let s = 0; s < draws; s++) {
      const key = (permuteOrder('random', ['a', 'b', 'c'], rngFor(s, 'random-3')) as number[]).join('');
      seen.set(key, (seen.get(key) ?? 0) + 1);
    }
    expect([...seen.keys()].sort()).toEqual(['132', '213', '231', '312', '321']);
    for (const count of seen.values()) {
      expect(count).toBeGreaterThan(draws / 5 - 150);
      expect(count).toBeLessThan(draws / 5 + 150);
    }
  });

  it('ignores ties (random never needs a key)', () => {
    expect(permuteOrder('random', ['x', 'x', 'x'], rngFor(3, 'ties'))).not.toBeNull();
  });
});

describe('maskedNumbers', () => {
  it('random: count distinct sorted numbers within 1..k, never all', () => {
    for (let k = 2; k <= 12; k++) {
      const prompts = Array.from({ length: k }, (_, i) => `p${i}`);
      for (let count = 1; count < k; count++) {
        for (let s = 0; s < 20; s++) {
          const masked = maskedNumbers('random', prompts, count, rngFor(s, 'mask', k, count)) as number[];
          expect(masked).toHaveLength(count);
          expect(new Set(masked).size).toBe(count);
          expect(masked).toEqual([...masked].sort((a, b) => a - b));
          for (const n of masked) {
            expect(Number.isInteger(n)).toBe(true);
            expect(n).toBeGreaterThanOrEqual(1);
            expect(n).toBeLessThanOrEqual(k);
          }
          expect(masked.length).toBeLessThan(k);
        }
      }
    }
  });

  it('random: every instruction can be masked', () => {
    const hit = new Set<number>();
    for (let s = 0; s < 200; s++) {
      for (const n of maskedNumbers('random', ['a', 'b', 'c', 'd', 'e'], 1, rngFor(s, 'mask-any')) as number[]) hit.add(n);
    }
    expect([...hit].sort()).toEqual([1, 2, 3, 4, 5]);
  });

  // Word counts: #1 3, #2 1, #3 4, #4 1, #5 5.
  const LENGTHS = ['a b c', 'x', 'a b c d', 'y', 'a b c d e'];

  it('longest: the n prompts with most words, ascending', () => {
    expect(maskedNumbers('longest', LENGTHS, 1, THROWING_RNG)).toEqual([5]);
    expect(maskedNumbers('longest', LENGTHS, 2, THROWING_RNG)).toEqual([3, 5]);
    expect(maskedNumbers('longest', LENGTHS, 3, THROWING_RNG)).toEqual([1, 3, 5]);
  });

  it('longest: a tie at the cut is ambiguous, a tie elsewhere is not', () => {
    // 4th and 5th longest are #2 and #4, both one word.
    expect(maskedNumbers('longest', LENGTHS, 4, THROWING_RNG)).toBeNull();
    // #2 and #4 tie, but below the cut.
    expect(maskedNumbers('longest', LENGTHS, 1, THROWING_RNG)).toEqual([5]);
    expect(maskedNumbers('longest', ['a b', 'c d', 'e'], 1, THROWING_RNG)).toBeNull();
    expect(maskedNumbers('longest', ['a b', 'c d', 'e'], 2, THROWING_RNG)).toEqual([1, 2]);
  });

  it('shortest: the n prompts with fewest words, ascending; a tie at the cut is ambiguous', () => {
    expect(maskedNumbers('shortest', LENGTHS, 1, THROWING_RNG)).toBeNull();
    expect(maskedNumbers('shortest', LENGTHS, 2, THROWING_RNG)).toEqual([2, 4]);
    expect(maskedNumbers('shortest', LENGTHS, 3, THROWING_RNG)).toEqual([1, 2, 4]);
    expect(maskedNumbers('shortest', LENGTHS, 4, THROWING_RNG)).toEqual([1, 2, 3, 4]);
    expect(maskedNumbers('shortest', ['one two three', 'a', 'b c'], 1, THROWING_RNG)).toEqual([2]);
  });

  it('odd and even', () => {
    const five = ['a', 'b', 'c', 'd', 'e'];
    expect(maskedNumbers('odd', five, 1, THROWING_RNG)).toEqual([1, 3, 5]);
    expect(maskedNumbers('even', five, 1, THROWING_RNG)).toEqual([2, 4]);
    expect(maskedNumbers('odd', ['a', 'b'], 1, THROWING_RNG)).toEqual([1]);
    expect(maskedNumbers('even', ['a', 'b'], 1, THROWING_RNG)).toEqual([2]);
    expect(maskedNumbers('even', ['a', 'b', 'c', 'd'], 3, THROWING_RNG)).toEqual([2, 4]);
  });

  it('every rule is null for a single instruction', () => {
    for (const rule of MASKOUT_RULES) {
      expect(maskedNumbers(rule, ['only'], 1, rngFor(1, 'one'))).toBeNull();
    }
  });
});

describe('maskCount', () => {
  it('lies in [max(1, floor(0.1k)), max(1, floor(0.5k))] and below k', () => {
    for (let k = 2; k <= 20; k++) {
      const lo = Math.max(1, Math.floor(0.1 * k));
      const hi = Math.max(1, Math.floor(0.5 * k));
      const rng = rngFor(9, 'mask-count', k);
      const seen = new Set<number>();
      for (let i = 0; i < 400; i++) {
        const c = maskCount(k, rng);
        expect(Number.isInteger(c)).toBe(true);
        expect(c).toBeGreaterThanOrEqual(lo);
        expect(c).toBeLessThanOrEqual(hi);
        expect(c).toBeLessThan(k);
        seen.add(c);
      }
      // Both ends of the range are reachable up to rounding: at least the low end is.
      expect(seen.has(lo)).toBe(true);
    }
  });

  it('at the extremes of the uniform draw', () => {
    // r = 0.1 at next() = 0, r -> 0.5 as next() -> 1.
    expect(maskCount(10, constRng(0))).toBe(1);
    expect(maskCount(20, constRng(0))).toBe(2);
    expect(maskCount(2, constRng(0))).toBe(1);
    expect(maskCount(10, constRng(0.999999))).toBe(4);
    expect(maskCount(20, constRng(0.999999))).toBe(9);
    expect(maskCount(2, constRng(0.999999))).toBe(1);
    expect(maskCount(10, constRng(0.5))).toBe(3);
  });
});

describe('rules answer for the prompts as they are now', () => {
  // permuteOrder, maskedNumbers and decide are public API: a caller may reuse and refill
  // one array for several groups. The answer must follow the contents, not the identity.
  it('permuteOrder after the same array is refilled', () => {
    const prompts = ['one two three', 'four'];
    expect(permuteOrder('words', prompts, THROWING_RNG)).toEqual([2, 1]);
    prompts[0] = 'x';
    prompts[1] = 'y z w v';
    expect(permuteOrder('words', prompts, THROWING_RNG)).toEqual([1, 2]);
    prompts[1] = 'y';
    expect(permuteOrder('chars', prompts, THROWING_RNG)).toBeNull();
  });

  it('alpha after the same array is refilled', () => {
    const prompts = ['b', 'a'];
    expect(permuteOrder('alpha', prompts, THROWING_RNG)).toEqual([2, 1]);
    prompts.reverse();
    expect(permuteOrder('alpha', prompts, THROWING_RNG)).toEqual([1, 2]);
  });

  it('maskedNumbers after the same array is refilled', () => {
    const prompts = ['a b c', 'd', 'e f'];
    expect(maskedNumbers('longest', prompts, 1, THROWING_RNG)).toEqual([1]);
    prompts[2] = 'e f g h';
    expect(maskedNumbers('longest', prompts, 1, THROWING_RNG)).toEqual([3]);
  });
});

describe('rules against the oracle on random groups', () => {
  // Few distinct characters, so ties are common; cases whose lower case is longer, depends
  // on context or is astral, so the alphabetical shortcut's fallback is exercised.
  const unit = fc.constantFrom('a', 'A', 'b', 'B', ' ', '\n', '\u0130', '\u03a3', '\u03c3', '\u00df', '\ud801\udc00', '\ud835\udd18', '\ufffd');
  const prompt = fc.array(unit, { maxLength: 5 }).map((units) => units.join(''));
  const group = fc.array(prompt, { minLength: 1, maxLength: 8 });

  it('sorting rules give the oracle order, or null exactly when it is ambiguous', () => {
    const SORTS = ['alpha', 'alpha-desc', 'words', 'words-desc', 'chars', 'chars-desc'] as const;
    fc.assert(
      fc.property(group, (prompts) => {
        // One view for all rules, as decide() uses it, and a fresh one per rule.
        const view = new GroupView(prompts);
        for (const rule of SORTS) {
          const expected = oraclePermute(rule, prompts);
          expect(permuteOrder(rule, view, THROWING_RNG)).toEqual(expected);
          expect(permuteOrder(rule, prompts, THROWING_RNG)).toEqual(expected);
        }
      }),
      { numRuns: 1500 },
    );
  });

  it('permuteApplies and maskoutApplies are true exactly when the rule gives an answer', () => {
    // decide() asks the Applies functions for eligibility and the order functions for the
    // chosen rule: they must agree, or a rule could be offered and then fail.
    fc.assert(
      fc.property(group, fc.integer({ min: 0, max: 9 }), fc.nat(), (prompts, count, seed) => {
        for (const rule of PERMUTE_RULES) {
          expect(permuteApplies(rule, prompts)).toBe(permuteOrder(rule, prompts, rngFor(seed, rule)) !== null);
        }
        for (const rule of MASKOUT_RULES) {
          expect(maskoutApplies(rule, prompts, count)).toBe(maskedNumbers(rule, prompts, count, rngFor(seed, rule)) !== null);
        }
      }),
      { numRuns: 1000 },
    );
  });

  it('longest and shortest give the n prompts with most or fewest words, or null at a tie across the cut', () => {
    // The n longest (shortest) are one set only when the n-th and (n+1)-th differ in words.
    const oracle = (rule: 'longest' | 'shortest', prompts: readonly string[], count: number): number[] | null => {
      const words = prompts.map(oracleWords);
      const ranked = range1(prompts.length).sort((a, b) => (rule === 'longest' ? -1 : 1) * ((words[a - 1] as number) - (words[b - 1] as number)));
      if (count < ranked.length && words[(ranked[count - 1] as number) - 1] === words[(ranked[count] as number) - 1]) return null;
      return ranked.slice(0, count).sort((a, b) => a - b);
    };
    fc.assert(
      fc.property(group, fc.integer({ min: 1, max: 9 }), (prompts, count) => {
        const view = new GroupView(prompts);
        for (const rule of ['longest', 'shortest'] as const) {
          const expected = prompts.length < 2 ? null : oracle(rule, prompts, count);
          expect(maskedNumbers(rule, view, count, THROWING_RNG)).toEqual(expected);
        }
      }),
      { numRuns: 1500 },
    );
  });
});
