/**
 * The measures that sort and cut rules speak of, as a reader of the meta-instruction
 * takes them, from the platform's Unicode segmentation rather than a table of our own.
 * Each measure has the reading a sentence states and the other readings a careful person
 * might reasonably use instead; rules.ts offers a rule only where they all agree.
 * Every measure reads NFC text, so a composed and a decomposed accent are one character.
 */

/** Characters: user-perceived characters (extended grapheme clusters). */
export interface CharCounts {
  /** Not counting whitespace: the reading the sentences state. */
  readonly stated: number;
  /** Counting whitespace too. */
  readonly withSpace: number;
  /** Counting neither whitespace nor punctuation. */
  readonly letters: number;
}

/** Words. */
export interface WordCounts {
  /** Unicode word segments holding a letter or digit: the stated reading. */
  readonly stated: number;
  /** Whitespace-separated tokens holding a letter or digit. */
  readonly spaced: number;
}

/** Where alphabetical order starts reading a text. */
export interface AlphaKey {
  /** The text from its first letter on. */
  readonly key: string;
  /** The first letter, whose script decides which alphabet applies. */
  readonly letter: string;
}

const graphemes = new Intl.Segmenter('und', { granularity: 'grapheme' });
const wordSegments = new Intl.Segmenter('und', { granularity: 'word' });

const ASCII = /^[\x00-\x7f]*$/;
const WHITESPACE_CLUSTER = /^\s+$/u;
const PUNCTUATION_CLUSTER = /^\p{P}+$/u;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;
const FIRST_LETTER = /\p{L}/u;
const ONLY_SPACE_OR_PUNCTUATION = /^[\s\p{P}]*$/u;
// Scripts written without spaces between words: a word count means nothing there.
const SPACELESS = /(?=\p{L})[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;

export function charCounts(text: string): CharCounts {
  // ASCII text, the common case, needs no segmenter: every character is its own cluster
  // except CR LF, which is one (and whitespace), so the counts come from a scan.
  return ASCII.test(text) ? asciiCharCounts(text) : segmentedCharCounts(text);
}

/**
 * Characters without whitespace, each run of ASCII letters and digits counted as one:
 * how a reader of Chinese counts 字数 in text with a Latin word or a number in it.
 * `stated` is charCounts(text).stated.
 */
export function charsWithRunsAsOne(text: string, stated: number): number {
  let inRuns = 0;
  let runs = 0;
  for (const run of text.normalize('NFC').match(ASCII_RUNS) ?? []) {
    inRuns += run.length;
    runs++;
  }
  return stated - inRuns + runs;
}

const ASCII_RUNS = /[A-Za-z0-9]+/g;

function segmentedCharCounts(text: string): CharCounts {
  let all = 0;
  let space = 0;
  let punctuation = 0;
  for (const { segment } of graphemes.segment(text.normalize('NFC'))) {
    all++;
    if (WHITESPACE_CLUSTER.test(segment)) space++;
    else if (PUNCTUATION_CLUSTER.test(segment)) punctuation++;
  }
  return { stated: all - space, withSpace: all, letters: all - space - punctuation };
}

function asciiCharCounts(text: string): CharCounts {
  let all = text.length;
  let space = 0;
  let punctuation = 0;
  for (let i = 0; i < text.length; i++) {
    const kind = ASCII_KIND[text.charCodeAt(i)] as number;
    if (kind === SPACE) {
      space++;
      if (text.charCodeAt(i) === 0x0d && text.charCodeAt(i + 1) === 0x0a) {
        all--;
        i++;
      }
    } else if (kind === PUNCT) punctuation++;
  }
  return { stated: all - space, withSpace: all, letters: all - space - punctuation };
}

const OTHER = 0;
const SPACE = 1;
const PUNCT = 2;
/** Each ASCII character's kind, from the same regular expressions the general path uses. */
const ASCII_KIND = Uint8Array.from({ length: 128 }, (_, c) => {
  const ch = String.fromCharCode(c);
  if (WHITESPACE_CLUSTER.test(ch)) return SPACE;
  return PUNCTUATION_CLUSTER.test(ch) ? PUNCT : OTHER;
});

/** Word counts, or null for text in a script written without spaces. */
export function wordCounts(text: string): WordCounts | null {
  if (SPACELESS.test(text)) return null;
  const nfc = text.normalize('NFC');
  let stated = 0;
  let spaced = 0;
  // No word-boundary rule joins across whitespace, so each whitespace-separated token can
  // be segmented alone. An ASCII token whose letters and digits form one run between its
  // leading and trailing punctuation is one word (nothing breaks between letters and
  // digits, and punctuation at a token's edge has no letter beyond it to join); only the
  // rest ("e.g.", "well-known", "a+b", non-ASCII) needs the segmenter. A property test
  // holds the two together.
  for (const token of nfc.split(/\s+/u)) {
    if (!LETTER_OR_DIGIT.test(token)) continue;
    spaced++;
    if (ONE_ASCII_WORD.test(token)) stated++;
    else for (const s of wordSegments.segment(token)) if (LETTER_OR_DIGIT.test(s.segment)) stated++;
  }
  return { stated, spaced };
}

const ONE_ASCII_WORD = /^[\x21-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e]*[A-Za-z0-9]+[\x21-\x2f\x3a-\x40\x5b-\x60\x7b-\x7e]*$/;

/**
 * The text as alphabetical order reads it, from its first letter; null when anything but
 * whitespace or punctuation comes before that letter (a digit, an emoji, a symbol) or there
 * is no letter: such a text has no place in an alphabet.
 */
export function alphaKey(text: string): AlphaKey | null {
  const nfc = text.normalize('NFC');
  const first = FIRST_LETTER.exec(nfc);
  if (first === null || !ONLY_SPACE_OR_PUNCTUATION.test(nfc.slice(0, first.index))) return null;
  const key = nfc.slice(first.index);
  return { key, letter: String.fromCodePoint(key.codePointAt(0) as number) };
}

/**
 * The start of an alphabetical key within which its order must be decided, for a reader
 * to see it at a glance: so many whitespace-separated words, or user-perceived
 * characters for scripts written without spaces.
 */
export function alphaHead(key: string, unit: 'words' | 'chars', count: number): string {
  if (unit === 'words') return key.split(/\s+/u, count).join(' ');
  let head = '';
  let n = 0;
  for (const { segment } of graphemes.segment(key)) {
    if (n++ === count) break;
    head += segment;
  }
  return head;
}

/** Everything the rules may ask of one text, each measured on first use. */
export class TextMeasures {
  private chars?: CharCounts;
  private runsAsOne?: number;
  private words?: WordCounts | null;
  private alpha?: AlphaKey | null;
  /** The last head asked for, by its unit and count: packs rarely differ within a run. */
  private head?: { readonly unit: string; readonly count: number; readonly text: string };

  constructor(readonly text: string) {}

  charCounts(): CharCounts {
    return (this.chars ??= charCounts(this.text));
  }

  /** Asked only in groups with Chinese text, where it is a reading of 字数. */
  charsWithRunsAsOne(): number {
    return (this.runsAsOne ??= charsWithRunsAsOne(this.text, this.charCounts().stated));
  }

  wordCounts(): WordCounts | null {
    if (this.words === undefined) this.words = wordCounts(this.text);
    return this.words;
  }

  alphaKey(): AlphaKey | null {
    if (this.alpha === undefined) this.alpha = alphaKey(this.text);
    return this.alpha;
  }

  /** alphaHead of this text's alphabetical key; the text must have one. */
  alphaHead(unit: 'words' | 'chars', count: number): string {
    const h = this.head;
    if (h !== undefined && h.unit === unit && h.count === count) return h.text;
    const text = alphaHead((this.alphaKey() as AlphaKey).key, unit, count);
    this.head = { unit, count, text };
    return text;
  }
}

/**
 * Measures of recently seen prompts. A prompt is measured each time a group it is in is
 * decided: while the planner tries candidates, and again in each epoch. Segmenting is the
 * costly part, so measures are kept per text, in two generations: when the young one is
 * full it becomes the old one, and a text found only in the old one moves back. Texts in
 * use stay, memory stays bounded, and nothing is cleared all at once.
 */
let young = new Map<string, TextMeasures>();
let old = new Map<string, TextMeasures>();
const GENERATION = 65_536;

export function measuresOf(text: string): TextMeasures {
  let m = young.get(text);
  if (m !== undefined) return m;
  m = old.get(text) ?? new TextMeasures(text);
  if (young.size >= GENERATION) {
    old = young;
    young = new Map();
  }
  young.set(text, m);
  return m;
}
