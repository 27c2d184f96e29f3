/**
 * The measures as a reader takes them: user-perceived characters of NFC text, Unicode
 * words, and alphabetical keys from the first letter. Expected values are written by hand
 * or computed here straight from Intl.Segmenter, never from the code under test.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { alphaHead, alphaKey, charCounts, charsWithRunsAsOne, measuresOf, wordCounts } from '../../src/mosaic/text-measures.js';

/** Grapheme clusters of NFC text, straight from the platform, as the four readings. */
function segmenterCounts(text: string) {
  const clusters = [...new Intl.Segmenter('und', { granularity: 'grapheme' }).segment(text.normalize('NFC'))].map((s) => s.segment);
  const all = clusters.length;
  const space = clusters.filter((c) => /^\s+$/u.test(c)).length;
  const punctuation = clusters.filter((c) => /^\p{P}+$/u.test(c)).length;
  // Each run of ASCII letters and digits as one: drop every run's characters but one.
  const merged = clusters.filter((c, i) => !(/^[A-Za-z0-9]$/.test(c) && /^[A-Za-z0-9]$/.test(clusters[i - 1] ?? ''))).length;
  return { stated: all - space, withSpace: all, letters: all - space - punctuation, runsAsOne: merged - space };
}

/** charCounts and the runs-as-one reading, as segmenterCounts gives them. */
function measured(s: string) {
  const c = charCounts(s);
  return { ...c, runsAsOne: charsWithRunsAsOne(s, c.stated) };
}

describe('charCounts', () => {
  const table: Array<[string, string, { stated: number; withSpace: number; letters: number }]> = [
    ['plain words', 'ab cd', { stated: 4, withSpace: 5, letters: 4 }],
    ['punctuation counts, except in the letters reading', 'Hi, you!', { stated: 7, withSpace: 8, letters: 5 }],
    ['CR LF is one whitespace character', 'a\r\nb', { stated: 2, withSpace: 3, letters: 2 }],
    ['a composed accent', 'caf\u00e9', { stated: 4, withSpace: 4, letters: 4 }],
    ['a decomposed accent is the same one character', 'cafe\u0301', { stated: 4, withSpace: 4, letters: 4 }],
    ['an emoji family (ZWJ sequence) is one character', '👨‍👩‍👧‍👦', { stated: 1, withSpace: 1, letters: 1 }],
    ['a flag is one character', '🇫🇷 ok', { stated: 3, withSpace: 4, letters: 3 }],
    ['Han characters count one each', '你好，世界', { stated: 5, withSpace: 5, letters: 4 }],
    ['Hebrew with points', 'שָׁלוֹם', { stated: 4, withSpace: 4, letters: 4 }],
  ];
  for (const [what, text, expected] of table) {
    it(what, () => expect(charCounts(text)).toEqual(expected));
  }

  it('runs as one: a Latin word or a number is one character (字数), NFC or NFD alike', () => {
    for (const [text, n] of [['用Python3写一个函数', 7], ['ab cd', 2], ['caf\u00e9', 2], ['cafe\u0301', 2], ['你好，世界', 5]] as const) {
      expect(charsWithRunsAsOne(text, charCounts(text).stated), text).toBe(n);
    }
  });

  it('NFC and NFD forms of a text always measure the same', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), (s) => {
        expect(charCounts(s.normalize('NFD'))).toEqual(charCounts(s.normalize('NFC')));
      }),
    );
  });

  it('the ASCII path agrees with the segmenter on any ASCII text', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.integer({ min: 0, max: 127 }).map((c) => String.fromCharCode(c)), maxLength: 40 }), (s) => {
        expect(measured(s)).toEqual(segmenterCounts(s));
      }),
      { numRuns: 500 },
    );
  });

  it('agrees with the segmenter on any text', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'grapheme', maxLength: 30 }), (s) => {
        expect(measured(s)).toEqual(segmenterCounts(s));
      }),
    );
  });
});

describe('wordCounts', () => {
  const table: Array<[string, string, { stated: number; spaced: number } | null]> = [
    ['plain', 'Write a short poem.', { stated: 4, spaced: 4 }],
    ['"+" and "=" are not words', 'Compute 2 + 2 = ?', { stated: 3, spaced: 3 }],
    ['an apostrophe keeps a word whole', "Don't stop", { stated: 2, spaced: 2 }],
    ['a hyphen splits Unicode words but not whitespace tokens', 'well-known fact', { stated: 3, spaced: 2 }],
    ['a decimal number is one word', 'pi is 3.14', { stated: 3, spaced: 3 }],
    ['a lone dash between spaces is no word', 'cats - dogs', { stated: 2, spaced: 2 }],
    ['accents in NFD', 'cafe\u0301 noir', { stated: 2, spaced: 2 }],
    ['Chinese: no word count', '写一首诗', null],
    ['Japanese kana: no word count', 'これは test', null],
    ['Thai: no word count', 'สวัสดีครับ', null],
    ['Korean is written with spaces', '안녕 하세요', { stated: 2, spaced: 2 }],
  ];
  for (const [what, text, expected] of table) {
    it(what, () => expect(wordCounts(text)).toEqual(expected));
  }
});

describe('wordCounts against the segmenter', () => {
  /** Word segments of the whole NFC text holding a letter or digit, straight from the platform. */
  const segmenterWords = (text: string) =>
    [...new Intl.Segmenter('und', { granularity: 'word' }).segment(text.normalize('NFC'))].filter((s) => s.isWordLike && /[\p{L}\p{N}]/u.test(s.segment)).length;
  const pieces = ['a', 'Z', '7', '42', 'don', "'", '.', ',', '-', '_', ':', '+', '=', '"', '(', ')', '/', '@', '#', 'e.g.', '3.14', ' ', '  ', '\n', '\t', 'é', 'ß', '\u00a0'];

  it('counts as the segmenter does on any mix of ASCII letters, digits, punctuation and spaces', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...pieces), { maxLength: 30 }), (parts) => {
        const text = parts.join('');
        expect(wordCounts(text)?.stated).toBe(segmenterWords(text));
      }),
      { numRuns: 2000 },
    );
  });

  it('counts as the segmenter does on any ASCII text', () => {
    fc.assert(
      fc.property(fc.string({ unit: fc.integer({ min: 0, max: 127 }).map((c) => String.fromCharCode(c)), maxLength: 40 }), (text) => {
        expect(wordCounts(text)?.stated).toBe(segmenterWords(text));
      }),
      { numRuns: 1000 },
    );
  });
});

describe('alphaKey', () => {
  it('starts at the first letter after spaces and punctuation', () => {
    expect(alphaKey('  zebra')?.key).toBe('zebra');
    expect(alphaKey('"Quoted" text')?.key).toBe('Quoted" text');
    expect(alphaKey('¿Qué hora es?')?.key).toBe('Qué hora es?');
  });

  it('is null when a digit, symbol or emoji comes first, or there is no letter', () => {
    expect(alphaKey('3 ways to cook')).toBeNull();
    expect(alphaKey('$5 budget')).toBeNull();
    expect(alphaKey('😀 smile')).toBeNull();
    expect(alphaKey('1234')).toBeNull();
    expect(alphaKey('')).toBeNull();
  });

  it('reads NFC text and names the first letter', () => {
    expect(alphaKey('E\u0301crire une lettre  à\nMarie')).toEqual({ key: 'Écrire une lettre  à\nMarie', letter: 'É' });
  });

  it('alphaHead: the first words, or the first characters for scripts without spaces', () => {
    expect(alphaHead('Écrire une lettre  à\nMarie', 'words', 3)).toBe('Écrire une lettre');
    expect(alphaHead('Hi', 'words', 3)).toBe('Hi');
    expect(alphaHead('写一首关于秋天的诗', 'chars', 3)).toBe('写一首');
    expect(alphaHead('👨‍👩‍👧ab', 'chars', 2)).toBe('👨‍👩‍👧a');
  });
});

describe('measuresOf', () => {
  it('gives the same measures for the same text, and fresh ones for another', () => {
    const a = measuresOf('one two');
    expect(measuresOf('one two')).toBe(a);
    expect(a.wordCounts()).toEqual({ stated: 2, spaced: 2 });
    expect(measuresOf('one two three').wordCounts()).toEqual({ stated: 3, spaced: 3 });
  });
});
