/**
 * The reading oracle (helpers/reading-oracle.ts) on hand-made cases from spec/readings.md:
 * the property tests are only as good as it is.
 */
import { describe, expect, it } from 'vitest';
import {
  alphaKeyOf,
  alphaKeyProblem,
  cutVerdict,
  expectedCut,
  expectedSort,
  graphemesNoPunct,
  graphemesStated,
  graphemesWithSpace,
  markerCollides,
  markerCollisionIn,
  metaLint,
  numberingCollides,
  numberingCollisionIn,
  separatorCollides,
  sortVerdict,
  spacelessScript,
  spaceWords,
  statedCounts,
  unicodeWords,
} from '../helpers/reading-oracle.js';

const FAMILY = '\u{1F468}\u200D\u{1F469}\u200D\u{1F467}\u200D\u{1F466}'; // 👨‍👩‍👧‍👦
const NFC_WORD = 'D\u00e9crivez le caf\u00e9';
const NFD_WORD = NFC_WORD.normalize('NFD');

describe('measures', () => {
  it('NFC and NFD spellings of the same text measure the same', () => {
    expect(NFD_WORD).not.toBe(NFC_WORD);
    expect(NFD_WORD.length).toBeGreaterThan(NFC_WORD.length);
    for (const f of [graphemesStated, graphemesWithSpace, graphemesNoPunct, unicodeWords, spaceWords]) {
      expect(f(NFD_WORD)).toBe(f(NFC_WORD));
    }
    expect(graphemesStated(NFC_WORD)).toBe(14);
    expect(alphaKeyOf(NFD_WORD)).toBe(NFC_WORD);
  });

  it('an emoji ZWJ family, a flag and a skin-toned thumb are one character each', () => {
    expect(FAMILY.length).toBe(11);
    expect(graphemesStated(FAMILY)).toBe(1);
    expect(graphemesStated('\u{1F1EB}\u{1F1F7}')).toBe(1);
    expect(graphemesStated('\u{1F44D}\u{1F3FD}')).toBe(1);
    expect(graphemesStated(`${FAMILY} ok`)).toBe(3);
  });

  it('the three character readings differ on whitespace and punctuation', () => {
    const t = 'Hi, you!  ';
    expect(graphemesStated(t)).toBe(7);
    expect(graphemesWithSpace(t)).toBe(10);
    expect(graphemesNoPunct(t)).toBe(5);
    expect(graphemesWithSpace('a\r\nb')).toBe(3); // CR LF is one cluster
  });

  it('"+" and "=" are not words under either reading; hyphens split Unicode words only', () => {
    expect(unicodeWords('2 + 2 = 4')).toBe(3);
    expect(spaceWords('2 + 2 = 4')).toBe(3);
    expect(unicodeWords('x + y')).toBe(2);
    expect(unicodeWords("don't stop")).toBe(2);
    expect(unicodeWords('state-of-the-art design')).toBe(5);
    expect(spaceWords('state-of-the-art design')).toBe(2);
  });

  it('spaceless scripts', () => {
    expect(spacelessScript('请解释光合作用。')).toBe(true);
    expect(spacelessScript('日本の首都はどこですか')).toBe(true);
    expect(spacelessScript('สวัสดีครับ')).toBe(true);
    expect(spacelessScript('한국어 문장입니다')).toBe(false);
    expect(spacelessScript('שלום עולם')).toBe(false);
    expect(spacelessScript('Plain English 123 ！')).toBe(false);
  });

  it('alphabetical keys start at the first letter; digits, emoji and symbols block', () => {
    expect(alphaKeyOf('  zebra')).toBe('zebra');
    expect(alphaKeyOf('"Quoted title"')).toBe('Quoted title"');
    expect(alphaKeyOf('¿Qué tal?')).toBe('Qué tal?');
    expect(alphaKeyOf('3 ways to cook')).toBeNull();
    expect(alphaKeyProblem('3 ways to cook')).toBe('no-letter');
    expect(alphaKeyProblem(`${FAMILY} family`)).toBe('no-letter');
    expect(alphaKeyProblem('$5 budget')).toBe('no-letter');
    expect(alphaKeyProblem('!!!')).toBe('no-letter');
    expect(alphaKeyProblem('שלום')).toBe('script');
    expect(alphaKeyProblem('Привет')).toBe('script');
  });
});

describe('sorts', () => {
  it('alphabetical order is the collator\'s, from the first letter on', () => {
    expect(expectedSort('alpha', ['Donnez un exemple', 'D\u00e9crivez le caf\u00e9'])).toEqual([2, 1]);
    expect(expectedSort('alpha', ['Donnez un exemple', NFD_WORD])).toEqual([2, 1]);
    expect(expectedSort('alpha', ['Fish and chips', '\u00c9clair recipe'])).toEqual([2, 1]);
    expect(expectedSort('alpha', ['Fish and chips', '\u00c9clair recipe'.normalize('NFD')])).toEqual([2, 1]);
    expect(expectedSort('alpha', ['  zebra facts', 'apple pie'])).toEqual([2, 1]);
    expect(expectedSort('alpha', ['Rest well', '"Quoted title" explain', 'Plain words'])).toEqual([3, 2, 1]);
    expect(expectedSort('alpha-desc', ['Rest well', '"Quoted title" explain', 'Plain words'])).toEqual([1, 2, 3]);
    expect(expectedSort('alpha', ['banana', 'Apple', 'cherry'])).toEqual([2, 1, 3]);
  });

  it('alphabetical sort is doubtful on ties, digits, other scripts, or when three words do not decide', () => {
    expect(sortVerdict('alpha', ['Apple pie', 'apple PIE'])).toEqual({ doubtful: 'ties' });
    expect(sortVerdict('alpha', ['Éclair', 'Eclair'])).toEqual({ doubtful: 'ties' });
    expect(sortVerdict('alpha', ['3 ways to cook', 'Apple pie'])).toEqual({ doubtful: 'no-letter' });
    expect(sortVerdict('alpha', ['Apple pie', 'Банан'])).toEqual({ doubtful: 'script' });
    expect(sortVerdict('alpha', ['Write a poem about cats', 'Write a poem about dogs'])).toEqual({ doubtful: 'readings-disagree' });
    expect(sortVerdict('alpha', ['Write a story', 'Write a poem'])).toEqual({ order: [2, 1] });
    // Punctuation inside a word decides only for a reader who does not ignore it.
    expect(sortVerdict('alpha', ['Re-write the text', 'Rewrite the text'])).toEqual({ doubtful: 'readings-disagree' });
    expect(sortVerdict('alpha', ["Don't stop", 'Dont stop'])).toEqual({ doubtful: 'readings-disagree' });
    expect(sortVerdict('alpha', ['only one'])).toEqual({ doubtful: 'too-few' });
  });

  it('words: Unicode words with a margin, same order as whitespace tokens, no spaceless script', () => {
    expect(expectedSort('words', ['one two three four', 'one'])).toEqual([2, 1]);
    expect(expectedSort('words-desc', ['one two three four', 'one'])).toEqual([1, 2]);
    expect(sortVerdict('words', ['请解释光合作用。', 'Explain photosynthesis in detail please'])).toEqual({ doubtful: 'script' });
    expect(sortVerdict('words', ['a b c', 'd e f'])).toEqual({ doubtful: 'ties' });
    // 10 vs 11 words: a margin of ceil(1.1) = 2 is needed.
    const ten = 'w '.repeat(10).trim();
    expect(sortVerdict('words', [ten, `${ten} w`])).toEqual({ doubtful: 'too-close' });
    expect(sortVerdict('words', [ten, `${ten} w w`])).toEqual({ order: [1, 2] });
    // Unicode words 5 vs 3, but whitespace tokens 2 vs 3: the readings disagree.
    expect(sortVerdict('words', ['state-of-the-art design', 'a b c'])).toEqual({ doubtful: 'readings-disagree' });
  });

  it('characters: graphemes without whitespace, with a margin, same order under all three readings', () => {
    const a200 = 'a'.repeat(200);
    expect(sortVerdict('chars', [a200, `${a200}b`])).toEqual({ doubtful: 'too-close' });
    expect(sortVerdict('chars', ['a'.repeat(180), a200])).toEqual({ order: [1, 2] });
    expect(sortVerdict('chars', ['a'.repeat(181), a200])).toEqual({ doubtful: 'too-close' });
    expect(expectedSort('chars-desc', ['abcd', 'ab'])).toEqual([1, 2]);
    expect(sortVerdict('chars', [NFC_WORD, NFD_WORD])).toEqual({ doubtful: 'ties' });
    expect(sortVerdict('chars', [FAMILY.repeat(3), 'abcdefg'])).toEqual({ order: [1, 2] });
    // 10 vs 12 stated, but 10 vs 6 without punctuation.
    expect(sortVerdict('chars', ['abcdefghij', 'ab!!!!!!!!cd'])).toEqual({ doubtful: 'readings-disagree' });
    // 6 vs 8 stated, but 16 vs 8 with whitespace.
    expect(sortVerdict('chars', ['a b c d e f          ', 'abcdefgh'])).toEqual({ doubtful: 'readings-disagree' });
  });

  it('cuts: the n longest or shortest in words, clear at the cut, same set under both readings', () => {
    const prompts = ['one', 'one two three four five six', 'one two three', 'a b c d e f g h i j k l'];
    expect(expectedCut('longest', prompts, 1)).toEqual([4]);
    expect(expectedCut('longest', prompts, 2)).toEqual([2, 4]);
    expect(expectedCut('shortest', prompts, 1)).toEqual([1]);
    expect(expectedCut('shortest', prompts, 3)).toEqual([1, 2, 3]);
    expect(cutVerdict('longest', ['a b', 'c d', 'e'], 1)).toEqual({ doubtful: 'ties' });
    expect(expectedCut('longest', ['a b', 'c d', 'e'], 2)).toEqual([1, 2]);
    expect(cutVerdict('longest', ['a b c d e f g h i j k', 'a b c d e f g h i j'], 1)).toEqual({ doubtful: 'too-close' });
    expect(cutVerdict('longest', ['state-of-the-art design', 'a b c'], 1)).toEqual({ doubtful: 'readings-disagree' });
    expect(cutVerdict('shortest', ['日本語の文', 'a b c d'], 1)).toEqual({ doubtful: 'script' });
    expect(cutVerdict('shortest', ['a', 'b c'], 2)).toEqual({ doubtful: 'bad-count' });
  });
});

describe('collisions', () => {
  const dot = { instruction: '{n}. ', answer: '{n}. ' };
  const words = { instruction: 'Instruction {n}:\n', answer: 'Answer {n}:\n' };
  const q = { instruction: 'Q{n}: ', answer: 'A{n}: ' };
  const task = { instruction: '### Task {n}\n', answer: '### Answer {n}\n' };

  it('numbering styles collide with lines that begin with their labels, for any number, any case', () => {
    expect(numberingCollisionIn(dot, 'Steps:\n1. Mix\n2. Bake')).toBe('1. Mix');
    expect(numberingCollides(dot, ['no list here', '  12. indented'])).toBe(true);
    expect(numberingCollides(dot, ['In 1999. it rained'])).toBe(false);
    expect(numberingCollides(words, ['see answer 3:\nthen'])).toBe(false);
    expect(numberingCollides(words, ['intro\r\n\tanswer 3: yes'])).toBe(true);
    expect(numberingCollides(words, ['Instruction 12:'])).toBe(true);
    expect(numberingCollides(q, ['a1: lower case'])).toBe(true);
    expect(numberingCollides(q, ['Q: no number'])).toBe(false);
    expect(numberingCollides(task, ['### Task 4'])).toBe(true);
    expect(numberingCollides(task, ['### Taskforce'])).toBe(false);
    expect(numberingCollides({ instruction: '[{n}] ', answer: '[{n}] ' }, ['[2] item'])).toBe(true);
    expect(numberingCollides({ instruction: '({n}) ', answer: '({n}) ' }, ['x (3) y'])).toBe(false);
    expect(numberingCollides({ instruction: 'Prompt #{n}\n', answer: 'Response #{n}\n' }, ['Prompt #5 again'])).toBe(true);
  });

  it('separators: blank lines, and visible lines made of the same character', () => {
    expect(separatorCollides('\n\n', ['para one\n\npara two'])).toBe(true);
    expect(separatorCollides('\n\n', ['para one\n \t\r\npara two'])).toBe(true);
    expect(separatorCollides('\n\n', ['one\ntwo'])).toBe(false);
    expect(separatorCollides('\n\n---\n\n', ['a\n-----\nb'])).toBe(true);
    expect(separatorCollides('\n\n---\n\n', ['a\n - - - \nb'])).toBe(true);
    expect(separatorCollides('\n\n---\n\n', ['a\n--\nb', 'a---b', 'x\n\ny'])).toBe(false);
    expect(separatorCollides('\n\n* * *\n\n', ['***'])).toBe(true);
    expect(separatorCollides('\n\n* * *\n\n', ['* bullet'])).toBe(false);
    expect(separatorCollides('\n\n###\n\n', ['####'])).toBe(true);
    expect(separatorCollides('\n\n###\n\n', ['### Heading'])).toBe(false);
  });

  it('markers collide with texts that contain them, case-insensitively', () => {
    const answer = { open: '<answer>', close: '</answer>' };
    expect(markerCollisionIn(answer, 'Use <ANSWER> tags')).toBe('<answer>');
    expect(markerCollides(answer, ['close with </Answer>'])).toBe(true);
    expect(markerCollides(answer, ['<answers> is different'])).toBe(false);
    expect(markerCollides({ open: '<<<', close: '>>>' }, ['a >>> b'])).toBe(true);
    expect(markerCollides({ open: '@@ begin @@', close: '@@ end @@' }, ['@@ BEGIN @@'])).toBe(true);
  });
});

describe('metaLint', () => {
  it('passes clean sentences', () => {
    expect(metaLint('Answer the three instructions below in reverse order: start with the last one and end with the first.')).toEqual([]);
    expect(metaLint('Answer both instructions below, in the order they are given.')).toEqual([]);
    expect(metaLint('Of the five instructions below, ignore instructions 2 and 5 and answer all the others in their original order.')).toEqual([]);
    expect(metaLint('Answer the four numbered instructions below in exactly this order: 3, 1, 4, 2.')).toEqual([]);
    expect(metaLint('Skip instruction 3; respond to each of the remaining tasks below, in order.')).toEqual([]);
    expect(metaLint('Reply to all 12 instructions below, one by one, in their original order.')).toEqual([]);
    expect(metaLint('Begin each answer with its label, for example "Answer 3:" for the third instruction.')).toEqual([]);
  });

  it('flags "all two", "each of the one", bad agreement, digits for small counts', () => {
    expect(metaLint('Reply to all 2 instructions below, one by one, in their original order.')).toContain('"all 2"');
    expect(metaLint('Reply to all two instructions below.')).toContain('"all two"');
    expect(metaLint('Answer each of the one instructions below.').length).toBeGreaterThan(0);
    expect(metaLint('Answer the two instruction below.')).toContain('count two with singular "instruction"');
    expect(metaLint('Answer the 3 numbered task below.')).toContain('count 3 with singular "task"');
    expect(metaLint('Ignore the one longest prompts.')).toContain('count one with plural "prompts"');
    expect(metaLint('Ignore the 3 longest of the tasks.')).toContain('count 3 written as a digit');
    expect(metaLint('There are 4 separate tasks below.')).toContain('count 4 written as a digit');
  });

  it('flags quoted labels or markers directly followed by punctuation, doubled punctuation, placeholders', () => {
    expect(metaLint('Head each answer with the number of its instruction, in the same form as "2.".')).toEqual([
      'quoted "2." directly followed by "."',
    ]);
    expect(metaLint('Begin each answer with a label like "A3:".')).toContain('quoted "A3:" directly followed by "."');
    expect(metaLint('Answer the two tasks below..')).toContain('doubled punctuation ".."');
    expect(metaLint('Answer the two tasks below,.')).toContain('doubled punctuation ",."');
    expect(metaLint('Answer the {count} tasks {where}.')).toEqual(['placeholder left: {count}', 'placeholder left: {where}']);
    expect(metaLint('Wrap each answer in "<answer> and "</answer>".')).toContain('unbalanced quotes');
  });

  it('statedCounts reads the counts of instructions and answers', () => {
    expect(statedCounts('Of the five instructions below, skip the two numbered tasks.')).toEqual([5, 2]);
    expect(statedCounts('Ignore instructions 2 and 5; answer "A3:" first.')).toEqual([]);
  });
});
