/**
 * Rules as a careful reader takes them: orders and cuts worked out by hand, and the reason a
 * rule is not offered when a reader could doubt its result.
 */
import { describe, expect, it } from 'vitest';
import { ENGLISH } from '../../src/language/english.js';
import { clearlyApart, GroupView } from '../../src/mosaic/group-view.js';
import { maskCount, maskedNumbers, maskoutUnavailable } from '../../src/strategies/maskout.js';
import { permuteOrder, permuteUnavailable } from '../../src/strategies/permute.js';
import { rngFor } from '../../src/rng/random.js';
import { MASKOUT_RULES, PERMUTE_RULES, type MaskoutRule, type PermuteRule } from '../../src/types.js';
import { constRng, isPermutationOf1toK, range1, THROWING_RNG } from '../helpers/unit-oracle.js';

const view = (prompts: readonly string[]) => new GroupView(prompts, ENGLISH);
const order = (rule: PermuteRule, prompts: readonly string[]) => {
  const v = view(prompts);
  expect(permuteUnavailable(rule, v), `${rule} over ${JSON.stringify(prompts)}`).toBeNull();
  return permuteOrder(rule, v, THROWING_RNG);
};

// Hand-made group; every measure is worked out here.
//   #  text                                  first word  words  characters (no spaces)
//   1  "Describe a forest at dawn"            Describe    5      21
//   2  "Name two planets"                      Name        3      14
//   3  "Write a haiku about the sea in winter" Write       8      30
//   4  "Explain gravity"                       Explain     2      14 -> ties with #2
const FOUR = ['Describe a forest at dawn', 'Name two planets', 'Write a haiku about the sea in winter', 'Explain gravity'];

describe('sorting rules over a hand-made group', () => {
  it('alpha and alpha-desc', () => {
    expect(order('alpha', FOUR)).toEqual([1, 4, 2, 3]);
    expect(order('alpha-desc', FOUR)).toEqual([3, 2, 4, 1]);
  });

  it('words and words-desc', () => {
    expect(order('words', FOUR)).toEqual([4, 2, 1, 3]);
    expect(order('words-desc', FOUR)).toEqual([3, 1, 2, 4]);
  });

  it('chars ties (14 and 14 characters without spaces), so it is not offered', () => {
    expect(permuteUnavailable('chars', view(FOUR))).toBe('ties');
    expect(permuteUnavailable('chars-desc', view(FOUR))).toBe('ties');
  });

  it('a sort may give the given order', () => {
    expect(order('words', ['Go', 'Go home now', 'Go home now and rest well today'])).toEqual([1, 2, 3]);
  });
});

describe('alphabetical order is the language collation, from the first letter', () => {
  it('accented letters sort with their base letter, not after z', () => {
    expect(order('alpha', ['Donnez trois exemples', 'Décrivez la ville'])).toEqual([2, 1]);
    expect(order('alpha', ['Fish and chips recipe', 'Éclair recipe please'])).toEqual([2, 1]);
  });

  it('case does not matter', () => {
    expect(order('alpha', ['banana bread recipe', 'Apple pie recipe', 'cherry tart recipe'])).toEqual([2, 1, 3]);
  });

  it('leading spaces and quotes are passed over', () => {
    expect(order('alpha', ['  zebra facts', 'apple facts'])).toEqual([2, 1]);
    expect(order('alpha', ['"Quiet" is a word', 'Loud music'])).toEqual([2, 1]);
  });

  it('NFC and NFD forms of the same text tie', () => {
    expect(permuteUnavailable('alpha', view(['Écrire un poème', 'E\u0301crire un poème']))).toBe('ties');
  });

  it('a prompt that starts with a digit, symbol or emoji, or has no letter, blocks it', () => {
    expect(permuteUnavailable('alpha', view(['3 ways to relax', 'Apple facts']))).toBe('script');
    expect(permuteUnavailable('alpha', view(['😀 Smile more', 'Apple facts']))).toBe('script');
    expect(permuteUnavailable('alpha', view(['42', 'Apple facts']))).toBe('script');
  });

  it('mixed scripts and scripts the pack does not sort block it', () => {
    expect(permuteUnavailable('alpha', view(['Привет мир', 'Hello world']))).toBe('script');
    expect(permuteUnavailable('alpha', view(['写一首诗', '翻译这句话']))).toBe('script');
  });

  it('order must not depend on whether punctuation is read', () => {
    // With punctuation "co-op" < "coop" at the first difference; without it they tie.
    expect(permuteUnavailable('alpha', view(['co-op shops nearby', 'coop shops nearby']))).not.toBeNull();
  });

  it('order must be decided within the first three words', () => {
    expect(permuteUnavailable('alpha', view(['Write a poem about cats', 'Write a poem about dogs']))).toBe('too-close');
    expect(order('alpha', ['Write a story', 'Write a poem'])).toEqual([2, 1]);
  });
});

describe('lengths a reader can check', () => {
  it('clearlyApart: at least the least step and a tenth of the larger, rounded up', () => {
    expect(clearlyApart(5, 6, 'words')).toBe(true);
    expect(clearlyApart(20, 21, 'words')).toBe(false);
    expect(clearlyApart(20, 22, 'words')).toBe(false);
    expect(clearlyApart(27, 30, 'words')).toBe(true);
    expect(clearlyApart(10, 11, 'chars')).toBe(false);
    expect(clearlyApart(10, 12, 'chars')).toBe(true);
    expect(clearlyApart(200, 201, 'chars')).toBe(false);
    expect(clearlyApart(180, 200, 'chars')).toBe(true);
  });

  it('neighbours one character apart out of two hundred are too close', () => {
    const a = 'x'.repeat(200);
    expect(permuteUnavailable('chars', view([a, `${a}y`]))).toBe('too-close');
    expect(order('chars', [`${a}${'y'.repeat(23)}`, a])).toEqual([2, 1]);
  });

  it('an emoji family is one character, and NFD accents do not add any', () => {
    expect(order('chars', ['👨‍👩‍👧‍👦👨‍👩‍👧‍👦', 'abcdef'])).toEqual([1, 2]);
    expect(permuteUnavailable('chars', view(['cafe\u0301 noir', 'café noir']))).toBe('ties');
  });

  it('spaces are not characters, and a reading that counts them must agree', () => {
    // Without spaces 6 < 9; with spaces 16 > 10: two readings disagree.
    expect(permuteUnavailable('chars', view(['a b c d e f          ', 'abcdefghi ']))).toBe('readings');
  });

  it('"+" and "=" are not words; whitespace tokens and Unicode words must agree', () => {
    expect(order('words', ['Add 2 + 3', 'Tell me a long story now please'])).toEqual([1, 2]);
    // Unicode: 4 words against 3; whitespace tokens: 2 against 3.
    expect(permuteUnavailable('words', view(['state-of-the-art design', 'a good plan']))).toBe('readings');
  });

  it('words mean nothing in scripts written without spaces', () => {
    expect(permuteUnavailable('words', view(['写一首关于秋天的诗', 'Name two planets']))).toBe('script');
    expect(maskoutUnavailable('longest', view(['写一首关于秋天的诗', 'a b', 'a b c d e f']), 1)).toBe('script');
  });
});

describe('rules that do not measure', () => {
  it('reverse of two is [2, 1]; of four, [4, 3, 2, 1]', () => {
    expect(order('reverse', ['a', 'b'])).toEqual([2, 1]);
    expect(order('reverse', FOUR)).toEqual([4, 3, 2, 1]);
  });

  it('odd/even rules need four instructions, so that both sets are several', () => {
    for (const rule of ['odd-even', 'even-odd'] as const) {
      expect(permuteUnavailable(rule, view(['a', 'b', 'c']))).toBe('size');
    }
    for (const rule of ['odd', 'even'] as const) expect(maskoutUnavailable(rule, view(['a', 'b', 'c']), 1)).toBe('size');
    expect(order('odd-even', ['a', 'b', 'c', 'd', 'e'])).toEqual([1, 3, 5, 2, 4]);
    expect(order('even-odd', ['a', 'b', 'c', 'd'])).toEqual([2, 4, 1, 3]);
  });

  it('no rule applies to a single instruction', () => {
    for (const rule of PERMUTE_RULES) expect(permuteUnavailable(rule, view(['only']))).toBe('size');
    for (const rule of MASKOUT_RULES) expect(maskoutUnavailable(rule, view(['only']), 1)).toBe('size');
  });

  it('random is never the given order, and reaches every other order of three', () => {
    const seen = new Set<string>();
    const v = view(['a', 'b', 'c']);
    for (let i = 0; i < 300; i++) {
      const o = permuteOrder('random', v, rngFor(3, 'random-order', i));
      expect(isPermutationOf1toK(o, 3)).toBe(true);
      expect(o).not.toEqual(range1(3));
      seen.add(o.join(','));
    }
    expect(seen.size).toBe(5);
  });
});

describe('maskout cuts', () => {
  //   #  words
  //   1  2      2  7      3  4      4  12      5  1
  const FIVE = ['Define entropy', 'Write a short note to my new neighbour', 'List three red fruits', 'Explain in detail how a bill becomes a law in the United States', 'Hello'];
  const masked = (rule: MaskoutRule, prompts: readonly string[], n: number) => {
    const v = view(prompts);
    expect(maskoutUnavailable(rule, v, n)).toBeNull();
    return maskedNumbers(rule, v, n, THROWING_RNG);
  };

  it('longest and shortest skip the n with most or fewest words, listed ascending', () => {
    expect(masked('longest', FIVE, 1)).toEqual([4]);
    expect(masked('longest', FIVE, 2)).toEqual([2, 4]);
    expect(masked('shortest', FIVE, 1)).toEqual([5]);
    expect(masked('shortest', FIVE, 2)).toEqual([1, 5]);
  });

  it('a tie or a near tie at the cut blocks it; one elsewhere does not', () => {
    const tied = ['one two', 'three four', 'five six seven eight nine ten'];
    expect(maskoutUnavailable('shortest', view(tied), 1)).toBe('ties');
    expect(masked('longest', tied, 1)).toEqual([3]);
    const near = [`${'w '.repeat(20)}`, `${'w '.repeat(21)}`, 'w'];
    expect(maskoutUnavailable('longest', view(near), 1)).toBe('too-close');
  });

  it('odd and even skip exactly those numbers', () => {
    expect(masked('odd', FIVE, 1)).toEqual([1, 3, 5]);
    expect(masked('even', FIVE, 1)).toEqual([2, 4]);
  });

  it('random skips count distinct instructions, never all', () => {
    for (let i = 0; i < 50; i++) {
      const m = maskedNumbers('random', view(FIVE), 2, rngFor(1, 'mask', i));
      expect(m).toHaveLength(2);
      expect(new Set(m).size).toBe(2);
      expect(m).toEqual([...m].sort((a, b) => a - b));
    }
  });
});

describe('maskCount', () => {
  it('lies in [max(1, floor(0.1k)), max(1, floor(0.5k))] and below k', () => {
    for (let k = 2; k <= 20; k++) {
      const lo = Math.max(1, Math.floor(0.1 * k));
      const hi = Math.max(1, Math.floor(0.5 * k));
      const rng = rngFor(9, 'mask-count', k);
      for (let i = 0; i < 200; i++) {
        const c = maskCount(k, rng);
        expect(c).toBeGreaterThanOrEqual(lo);
        expect(c).toBeLessThanOrEqual(hi);
        expect(c).toBeLessThan(k);
      }
    }
  });

  it('at the extremes of the uniform draw', () => {
    expect(maskCount(10, constRng(0))).toBe(1);
    expect(maskCount(20, constRng(0))).toBe(2);
    expect(maskCount(10, constRng(0.999999))).toBe(4);
    expect(maskCount(20, constRng(0.999999))).toBe(9);
    expect(maskCount(2, constRng(0.999999))).toBe(1);
  });
});
