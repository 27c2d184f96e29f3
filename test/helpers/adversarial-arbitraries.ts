/**
 * fast-check datasets that try to make a meta-instruction false as read: texts whose
 * length or order depends on the reading (NFC/NFD, graphemes, punctuation, "+"/"="),
 * scripts where a rule means nothing (CJK, RTL, emoji), and texts holding the very
 * labels, separators and markers a mosaic frames them with. Ordinary English is mixed
 * in so that every rule still gets chosen now and then.
 */
import fc from 'fast-check';
import type { Pair } from '../../src/types.js';

// ---------------------------------------------------------------- ordinary English

const VERBS = [
  'Explain', 'Describe', 'Write', 'List', 'Give', 'Name', 'Summarize', 'Compare', 'Create', 'Suggest', 'Find',
  'Translate', 'Classify', 'Rewrite', 'Generate', 'Identify', 'Calculate', 'Outline', 'Tell', 'Brainstorm', 'Order',
  'Plan', 'Justify', 'Evaluate', 'Yodel', 'Quote', 'Here', 'Underline',
];
const WORDS = [
  'the', 'a', 'short', 'poem', 'about', 'autumn', 'leaves', 'benefits', 'of', 'regular', 'exercise', 'three', 'reasons',
  'why', 'cats', 'sleep', 'so', 'much', 'difference', 'between', 'weather', 'and', 'climate', 'for', 'children', 'in',
  'simple', 'terms', 'recipe', 'bread', 'history', 'Rome', 'sentence', 'French', 'story', 'dragon', 'ocean', 'planets',
  'quickly', 'carefully', 'with', 'examples', 'your', 'favourite', 'city', 'budget', 'travel', 'plan', 'tips',
];

const englishWords = (min: number, max: number) => fc.array(fc.constantFrom(...WORDS), { minLength: min, maxLength: max });

/** "Explain the history of Rome in simple terms." Lengths from 1 to ~30 words, so sorts have room. */
export const englishPromptArb: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(...VERBS), fc.oneof(englishWords(0, 4), englishWords(5, 12), englishWords(13, 30)), fc.constantFrom('.', '?', '', '!'))
  .map(([verb, words, end]) => [verb, ...words].join(' ') + end);

export const englishParagraphArb: fc.Arbitrary<string> = fc
  .array(englishWords(3, 14), { minLength: 1, maxLength: 4 })
  .map((sentences) => sentences.map((w) => `${w.join(' ')}.`).map((s) => s[0]?.toUpperCase() + s.slice(1)).join(' '));

// ---------------------------------------------------------------- reading traps

const ACCENTED = ['Décrivez le café', 'Éclair au chocolat', 'Ñandú del sur', 'Über die Brücke', 'Ça va bien', 'naïve résumé', 'Öl und Wasser', 'Ångström units', 'Ærø island', 'Çà et là'];

/** The same accented phrase in NFC or NFD: a reader sees one text. */
export const accentedArb: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(...ACCENTED), fc.constantFrom<'NFC' | 'NFD'>('NFC', 'NFD'), englishWords(0, 6))
  .map(([phrase, form, tail]) => [phrase, ...tail].join(' ').normalize(form));

/**
 * An accented phrase in both forms and without its accents, to be put in one dataset: one
 * text to a reader, three lengths in code points, a tie for an accent-blind collator.
 */
export const nfcNfdTwinsArb: fc.Arbitrary<string[]> = fc
  .tuple(fc.constantFrom(...ACCENTED), englishWords(0, 5))
  .map(([phrase, tail]) => {
    const t = [phrase, ...tail].join(' ');
    const stripped = t.normalize('NFD').replace(/\p{M}/gu, '');
    return [t.normalize('NFC'), t.normalize('NFD'), stripped];
  })
  .chain((twins) => fc.subarray(twins, { minLength: 2 }));

/** The same request with and without punctuation inside words: a tie once punctuation is ignored. */
export const punctuationTwinsArb: fc.Arbitrary<string[]> = fc
  .tuple(
    fc.constantFrom(['Re-write', 'Rewrite'], ['E-mail', 'Email'], ['Co-operate', 'Cooperate'], ["Don't", 'Dont'], ['Pre-heat', 'Preheat']),
    englishWords(1, 6),
  )
  .map(([[a, b], tail]) => [`${a} ${tail.join(' ')}`, `${b} ${tail.join(' ')}`]);

const CJK = ['请解释光合作用。', '日本の首都はどこですか？', '写一首关于秋天的诗', 'カタカナのテキストです', '한국어 문장을 번역하세요', 'สวัสดีครับ ช่วยอธิบาย', '用三句话总结这篇文章的主要内容。'];
export const cjkArb: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(...CJK), fc.constantFrom('', ' Explain it.', ' (in English)'))
  .map(([a, b]) => a + b);

const EMOJI = ['\u{1F468}\u200D\u{1F469}\u200D\u{1F467}\u200D\u{1F466}', '\u{1F3F3}\uFE0F\u200D\u{1F308}', '\u{1F44D}\u{1F3FD}', '\u{1F1EB}\u{1F1F7}', '\u{1F600}', '\u2764\uFE0F'];
export const emojiArb: fc.Arbitrary<string> = fc
  .tuple(fc.array(fc.constantFrom(...EMOJI), { minLength: 1, maxLength: 4 }), englishWords(0, 6), fc.boolean())
  .map(([e, w, first]) => (first ? `${e.join('')} ${w.join(' ')}` : `${w.join(' ')} ${e.join('')}`).trim());

const RTL = ['שלום עולם, מה שלומך?', 'כתוב שיר קצר', 'مرحبا بالعالم', 'اكتب قصة قصيرة عن البحر', 'ما هي عاصمة فرنسا؟'];
export const rtlArb: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom(...RTL), fc.constantFrom('', ' Translate it.', ' 123'))
  .map(([a, b]) => a + b);

/** Starts with a digit, a quote, a space or a symbol: alphabetical order must look past or give up. */
export const oddStartArb: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom('3 ', '10 ', '2023: ', '"', '“', "'", '  ', '\t', '¿', '(', '$5 ', '#', '...', '- ', '* '),
    englishPromptArb,
  )
  .map(([start, text]) => (start === '"' || start === '“' ? `${start}${text}${start === '"' ? '"' : '”'} explain` : start + text));

/** Tokens that are not words: "+" and "=" between numbers and letters. */
export const mathArb: fc.Arbitrary<string> = fc.constantFrom(
  'Solve 2 + 2 = ?',
  'Solve x + 3 = 7 for x',
  'If a + b = 10 and a - b = 2, find a',
  'Simplify 3x + 2x = ?',
  'Is 1 + 1 = 2 always true',
  'Compute = + = + =',
);

/** Punctuation-heavy and hyphenated: the word and character readings disagree. */
export const punctuatedArb: fc.Arbitrary<string> = fc.constantFrom(
  'Explain state-of-the-art, well-known, up-to-date methods.',
  'Wait... what?!?! Explain!!!',
  'Describe the U.S.A. and/or the U.K. (briefly).',
  'Visit https://example.com/a-b-c and summarize it.',
  "Don't, won't, can't: explain contractions.",
  'List: a; b; c; d; e; f.',
  'Name one-to-one, many-to-many relations',
);

// ---------------------------------------------------------------- framing traps

const LABEL_LINES = [
  'Instruction 3: do this first',
  'Answer 2: yes',
  'answer 7:',
  'Q1: what is it?',
  'A2: it is this',
  '[2] second item',
  '(3) third item',
  '### Task 4',
  '### Answer 1',
  'Prompt #5',
  'Response #2',
  '1. first',
  '  2. indented second',
  '\t[3] tabbed third',
  'Q2: with a CRLF ending\r',
];
const MARKERS = ['<answer>', '</answer>', '<ANSWER>', '<response>', '</response>', '[BEGIN]', '[end]', '<<<', '>>>', '=== START ===', '=== END ===', '@@ begin @@', '@@ END @@'];
const SEPARATOR_LINES = ['---', '-----', '- - -', '***', '* * *', '###', '####', '___'];

export const labelLineArb = fc.constantFrom(...LABEL_LINES);
export const markerArb = fc.constantFrom(...MARKERS);
export const separatorLineArb = fc.constantFrom(...SEPARATOR_LINES);

/** "1. ...\n2. ..." */
export const numberedListArb: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom('', 'Here are the steps:\n', 'Sure!\n\n'), fc.array(englishWords(1, 6), { minLength: 2, maxLength: 5 }), fc.constantFrom('. ', ') ', '.\t'))
  .map(([intro, items, dot]) => intro + items.map((w, i) => `${i + 1}${dot}${w.join(' ')}`).join('\n'));

/** English with a framing trap put at the start, the end, or on a line of its own. */
const withTrap = (trap: fc.Arbitrary<string>, base: fc.Arbitrary<string>) =>
  fc.tuple(base, trap, fc.constantFrom('line-before', 'line-after', 'inline', 'blank-before')).map(([text, t, where]) => {
    switch (where) {
      case 'line-before':
        return `${t}\n${text}`;
      case 'line-after':
        return `${text}\n${t}`;
      case 'inline':
        return `${text} ${t}`;
      default:
        return `${t}\n\n${text}`;
    }
  });

const blankLinesArb: fc.Arbitrary<string> = fc
  .tuple(englishParagraphArb, fc.constantFrom('\n\n', '\n \n', '\n\t\n', '\r\n\r\n'), englishParagraphArb)
  .map(([a, gap, b]) => a + gap + b);

// ---------------------------------------------------------------- prompts, responses, datasets

export const adversarialPromptArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 10, arbitrary: englishPromptArb },
  { weight: 2, arbitrary: accentedArb },
  { weight: 1, arbitrary: cjkArb },
  { weight: 1, arbitrary: emojiArb },
  { weight: 1, arbitrary: rtlArb },
  { weight: 2, arbitrary: oddStartArb },
  { weight: 1, arbitrary: mathArb },
  { weight: 1, arbitrary: punctuatedArb },
  { weight: 2, arbitrary: withTrap(fc.oneof(labelLineArb, markerArb, separatorLineArb), englishPromptArb) },
  { weight: 1, arbitrary: fc.tuple(englishPromptArb, englishParagraphArb).map(([a, b]) => `${a}\n\n${b}`) },
);

export const adversarialResponseArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 6, arbitrary: englishParagraphArb },
  { weight: 3, arbitrary: numberedListArb },
  { weight: 2, arbitrary: withTrap(labelLineArb, englishParagraphArb) },
  { weight: 2, arbitrary: withTrap(markerArb, englishParagraphArb) },
  { weight: 2, arbitrary: withTrap(separatorLineArb, englishParagraphArb) },
  { weight: 2, arbitrary: blankLinesArb },
  { weight: 1, arbitrary: cjkArb },
  { weight: 1, arbitrary: rtlArb },
  { weight: 1, arbitrary: emojiArb },
  { weight: 1, arbitrary: fc.constantFrom('42', '+', '=', 'Yes.', 'No') },
);

/** A text every numbering style, separator and marker collides with: it can only stand alone. */
export const poisonTextArb: fc.Arbitrary<string> = fc
  .tuple(englishParagraphArb, fc.shuffledSubarray([...LABEL_LINES, ...SEPARATOR_LINES, ...MARKERS], { minLength: LABEL_LINES.length + SEPARATOR_LINES.length + MARKERS.length }))
  .map(([text, traps]) => `${text}\n\n${traps.join('\n')}`);

/** Responses that are all framing traps. */
export const trapResponseArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 3, arbitrary: numberedListArb },
  { weight: 3, arbitrary: withTrap(labelLineArb, englishParagraphArb) },
  { weight: 3, arbitrary: withTrap(markerArb, englishParagraphArb) },
  { weight: 3, arbitrary: withTrap(separatorLineArb, englishParagraphArb) },
  { weight: 2, arbitrary: blankLinesArb },
  { weight: 1, arbitrary: poisonTextArb },
  { weight: 2, arbitrary: englishParagraphArb },
);

/** A sentence plus and minus one character and one word: lengths too close to tell apart. */
export const nearEqualFamilyArb: fc.Arbitrary<string[]> = fc
  .tuple(fc.constantFrom(...VERBS), englishWords(4, 25), fc.constantFrom('s', 'x', '!'), fc.constantFrom('now', 'please', 'today'))
  .map(([verb, words, ch, extra]) => {
    const base = [verb, ...words].join(' ');
    const shorter = [verb, ...words.slice(0, -1)].join(' ');
    return [base, `${base}${ch}`, base.slice(0, -1), `${base} ${extra}`, shorter];
  })
  .chain((family) => fc.subarray(family, { minLength: 2 }));

/**
 * Marks a response as number `i` without hiding any trap: the tag goes at the end of the
 * first line holding a letter (labels and markers stay where they were), or on a line of
 * its own before a text that has no letters.
 */
export function tagResponse(response: string, i: number): string {
  const tag = ` \u27E6R${i}\u27E7`;
  const lines = response.split('\n');
  const at = lines.findIndex((l) => /\p{L}/u.test(l) && !/\r$/.test(l));
  if (at < 0) return `${tag.trim()}\n${response}`;
  lines[at] = `${lines[at] as string}${tag}`;
  return lines.join('\n');
}

/** The tags of a response text, in the order they appear. */
export function tagsIn(text: string): number[] {
  return [...text.matchAll(/\u27E6R(\d+)\u27E7/gu)].map((m) => Number(m[1]));
}

export function toTaggedPairs(texts: ReadonlyArray<readonly [string, string]>): Pair[] {
  return texts.map(([prompt, response], source) => ({ source, prompt, response: tagResponse(response, source) }));
}

/**
 * A dataset: single adversarial pairs with families of twins and near-equal prompts
 * spread among them (positions are shuffled, so families land in groups by chance).
 */
export const adversarialPairsArb = (minLength = 8, maxLength = 40): fc.Arbitrary<Pair[]> =>
  fc
    .tuple(
      fc.array(fc.tuple(adversarialPromptArb, adversarialResponseArb), { minLength, maxLength }),
      fc.array(fc.oneof(nearEqualFamilyArb, nfcNfdTwinsArb, punctuationTwinsArb), { maxLength: 3 }),
      fc.array(adversarialResponseArb, { minLength: 15, maxLength: 15 }),
    )
    .chain(([singles, families, extraResponses]) => {
      const familyPairs = families.flat().map((p, i) => [p, extraResponses[i % extraResponses.length] as string] as const);
      return fc.shuffledSubarray([...singles, ...familyPairs], { minLength: singles.length + familyPairs.length });
    })
    .map(toTaggedPairs);

/** English prompts with framing-trap responses, some of which can only stand alone. */
export const trapPairsArb = (minLength = 6, maxLength = 30): fc.Arbitrary<Pair[]> =>
  fc
    .array(fc.tuple(fc.oneof({ weight: 4, arbitrary: englishPromptArb }, { weight: 1, arbitrary: withTrap(fc.oneof(labelLineArb, markerArb, separatorLineArb), englishPromptArb) }), trapResponseArb), {
      minLength,
      maxLength,
    })
    .map(toTaggedPairs);

/** Prompts that are mostly near-equal families and NFC/NFD twins: sorts must notice the doubt. */
export const nearEqualPairsArb: fc.Arbitrary<Pair[]> = fc
  .tuple(
    fc.array(fc.oneof(nearEqualFamilyArb, nfcNfdTwinsArb, punctuationTwinsArb), { minLength: 2, maxLength: 5 }),
    fc.array(fc.oneof(englishPromptArb, accentedArb, mathArb, punctuatedArb, oddStartArb), { maxLength: 4 }),
    fc.array(englishParagraphArb, { minLength: 10, maxLength: 10 }),
  )
  .chain(([families, singles, responses]) => {
    const prompts = [...families.flat(), ...singles];
    return fc.shuffledSubarray(prompts, { minLength: prompts.length }).map((ps) => ps.map((p, i) => [p, responses[i % responses.length] as string] as const));
  })
  .map(toTaggedPairs);
