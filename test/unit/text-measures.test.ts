import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alphaKey, charCount, compareAlphaKeysAscii, compareCodePoints, wordCount } from '../../src/mosaic/text-measures.js';
import { oracleAlphaCompare, oracleChars, oracleCompareCodePoints, oracleWords } from '../helpers/unit-oracle.js';

describe('wordCount', () => {
  const table: Array<[string, number]> = [
    ['', 0],
    ['   ', 0],
    ['\t\n\r\n', 0],
    ['one', 1],
    [' one  two ', 2],
    ['a\tb\nc', 3],
    ['a\r\nb', 2],
    ['a\u00a0b', 2], // no-break space separates words
    ['a\u3000b\u2003c', 3], // ideographic and em spaces
    ['a\u2028b\u2029c', 3], // line and paragraph separators
    ['\ufeffword', 1],
    ['a-b', 1],
    ['a\u200bb', 1], // zero-width space is not whitespace
    ['日本語 です', 2],
    ['😀 😀😀', 2],
    ['line one\n\nline two\n', 4],
  ];
  for (const [text, words] of table) {
    it(`${JSON.stringify(text)} has ${words} words`, () => {
      expect(wordCount(text)).toBe(words);
    });
  }

  it("splits words at exactly the code units JavaScript's \\s matches", () => {
    for (let c = 0; c < 0x10000; c++) {
      const unit = String.fromCharCode(c);
      expect(wordCount(`a${unit}b`)).toBe(/\s/.test(unit) ? 2 : 1);
    }
  });

  it('agrees with splitting on \\s+ for any text', () => {
    const ws = fc.constantFrom(' ', '\t', '\n', '\r', '\u00a0', '\u2003', '\u3000', '\ufeff', '\u200b', 'a', 'é', '😀', '-');
    fc.assert(
      fc.property(fc.array(ws, { maxLength: 40 }).map((a) => a.join('')), (text) => {
        expect(wordCount(text)).toBe(oracleWords(text));
      }),
      { numRuns: 500 },
    );
  });
});

describe('charCount', () => {
  const table: Array<[string, number]> = [
    ['', 0],
    ['abc', 3],
    ['😀', 1],
    ['😀😀😀', 3],
    ['𝔘x', 2],
    ['e\u0301', 2], // e + combining acute: two code points
    ['é', 1], // precomposed
    ['👍🏽', 2], // emoji + skin-tone modifier
    ['\uD835', 1], // lone high surrogate counts as one
    ['\uD835a', 2],
    ['a\uDD18', 2], // lone low surrogate
  ];
  for (const [text, n] of table) {
    it(`${JSON.stringify(text)} has ${n} code points`, () => {
      expect(charCount(text)).toBe(n);
    });
  }

  it('equals the number of code points for any string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), (text) => {
        expect(charCount(text)).toBe(oracleChars(text));
      }),
      { numRuns: 500 },
    );
  });
});

describe('alphaKey and compareCodePoints', () => {
  it('alphaKey lower-cases without locale', () => {
    expect(alphaKey('Banana SPLIT')).toBe('banana split');
    expect(alphaKey('ÉCOLE')).toBe('école');
  });

  it('orders astral characters after the BMP private-use and specials area', () => {
    expect(compareCodePoints('𝔘', '\uFFFD')).toBeGreaterThan(0);
    expect(compareCodePoints('\uFFFD', '𝔘')).toBeLessThan(0);
    expect(compareCodePoints('\uE000', '𝔘')).toBeLessThan(0);
    expect(compareCodePoints('𝔄', '𝔘')).toBeLessThan(0); // U+1D504 < U+1D518
    expect(compareCodePoints('a𝔘', 'a\uFFFF')).toBeGreaterThan(0);
  });

  it('orders ordinary text and prefixes', () => {
    expect(compareCodePoints('abc', 'abd')).toBeLessThan(0);
    expect(compareCodePoints('ab', 'abc')).toBeLessThan(0);
    expect(compareCodePoints('abc', 'ab')).toBeGreaterThan(0);
    expect(compareCodePoints('same', 'same')).toBe(0);
    expect(compareCodePoints('B', 'a')).toBeLessThan(0); // no case folding here
  });

  it('has the sign of a code-point comparison for any well-formed strings', () => {
    const cp = fc.oneof(
      fc.integer({ min: 0x20, max: 0x7e }),
      fc.integer({ min: 0xd000, max: 0xd7ff }),
      fc.integer({ min: 0xe000, max: 0xffff }),
      fc.integer({ min: 0x10000, max: 0x10ffff }),
    );
    const str = fc.array(cp, { maxLength: 6 }).map((a) => String.fromCodePoint(...a));
    fc.assert(
      fc.property(str, str, (a, b) => {
        expect(Math.sign(compareCodePoints(a, b))).toBe(oracleCompareCodePoints(a, b));
      }),
      { numRuns: 2000 },
    );
  });
});

describe('compareAlphaKeysAscii', () => {
  it('decides within leading ASCII, case-insensitively', () => {
    expect(compareAlphaKeysAscii('apple', 'Banana')).toBeLessThan(0);
    expect(compareAlphaKeysAscii('ZEBRA', 'apple')).toBeGreaterThan(0);
    expect(compareAlphaKeysAscii('Same', 'sAME')).toBe(0);
    expect(compareAlphaKeysAscii('ab', 'ABC')).toBeLessThan(0);
    // "[" (0x5B) sorts after "a" as is, before it when "A".."Z" fold into "a".."z".
    expect(compareAlphaKeysAscii('[', 'A')).toBeLessThan(0);
    // An ASCII prefix of a longer text sorts first, whatever follows.
    expect(compareAlphaKeysAscii('abc', 'ABC\u0130')).toBeLessThan(0);
    expect(compareAlphaKeysAscii('abc\u03a3', 'ABC')).toBeGreaterThan(0);
  });

  it('defers to the full keys when a non-ASCII character comes first', () => {
    expect(compareAlphaKeysAscii('\u00e9cole', 'ecole')).toBeUndefined();
    expect(compareAlphaKeysAscii('ab\u0130', 'abi')).toBeUndefined();
  });

  it('has the sign of the full lower-cased comparison whenever it answers', () => {
    // ASCII with both cases, characters whose lower case is longer (U+0130), context
    // dependent (sigma), astral (Deseret capitals lower-case to astral letters).
    const unit = fc.constantFrom(...'aAbBzZ[_ 1', '\u0130', '\u03a3', '\u03c3', '\u00df', '\u1e9e', '\ud801\udc00', '\ud835\udd18', '\ufffd');
    const text = fc.array(unit, { maxLength: 6 }).map((units) => units.join(''));
    fc.assert(
      fc.property(text, text, (a, b) => {
        const quick = compareAlphaKeysAscii(a, b);
        if (quick !== undefined) expect(Math.sign(quick)).toBe(oracleAlphaCompare(a, b));
      }),
      { numRuns: 3000 },
    );
  });
});
