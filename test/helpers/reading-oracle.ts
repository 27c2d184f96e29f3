/**
 * A careful reader's oracle for spec/readings.md (issue 13), written from the spec alone:
 * it never calls src/ measuring, sorting or collision code, so a property test comparing
 * the two can fail. Clarity over speed: every reading is computed the plain way, pairwise
 * comparisons included. These are the English readings and the collisions of any pack;
 * the Chinese readings, and the judge that reads each mosaic in its meta.lang, are in
 * chinese-oracle.ts.
 */

// ---------------------------------------------------------------- measures

const graphemeSegmenter = new Intl.Segmenter('en', { granularity: 'grapheme' });
const wordSegmenter = new Intl.Segmenter('en', { granularity: 'word' });

function nfc(text: string): string {
  return text.normalize('NFC');
}

/** User-perceived characters of the NFC text, whitespace clusters included. */
export function graphemeClusters(text: string): string[] {
  return Array.from(graphemeSegmenter.segment(nfc(text)), (s) => s.segment);
}

function isWhitespaceCluster(cluster: string): boolean {
  return /^\s+$/u.test(cluster);
}

function isPunctuationCluster(cluster: string): boolean {
  return /^\p{P}+$/u.test(cluster);
}

/** Reading (a) of "characters", the one the sentence states: graphemes, whitespace not counted. */
export function graphemesStated(text: string): number {
  return graphemeClusters(text).filter((g) => !isWhitespaceCluster(g)).length;
}

/** Reading (b): every grapheme, whitespace included. */
export function graphemesWithSpace(text: string): number {
  return graphemeClusters(text).length;
}

/** Reading (c): graphemes that are neither whitespace nor punctuation. */
export function graphemesNoPunct(text: string): number {
  return graphemeClusters(text).filter((g) => !isWhitespaceCluster(g) && !isPunctuationCluster(g)).length;
}

const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/** Reading (a) of "words": Unicode word segments holding a letter or a digit. */
export function unicodeWords(text: string): number {
  let count = 0;
  for (const s of wordSegmenter.segment(nfc(text))) if (LETTER_OR_DIGIT.test(s.segment)) count++;
  return count;
}

/** Reading (b): whitespace-separated tokens holding a letter or a digit ("+" and "=" are not words). */
export function spaceWords(text: string): number {
  return nfc(text)
    .split(/\s+/u)
    .filter((token) => LETTER_OR_DIGIT.test(token)).length;
}

/** Scripts written without spaces between words: counting words means nothing there. */
const SPACELESS_LETTER =
  /(?=\p{L})[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Thai}\p{Script=Lao}\p{Script=Khmer}\p{Script=Myanmar}]/u;

export function spacelessScript(text: string): boolean {
  return SPACELESS_LETTER.test(nfc(text));
}

export type AlphaKeyProblem = 'no-letter' | 'script';

/**
 * Why a prompt cannot take part in an alphabetical sort, or null when it can: it needs a
 * first letter with only whitespace or punctuation before it, and that letter must be Latin.
 */
export function alphaKeyProblem(text: string): AlphaKeyProblem | null {
  const s = nfc(text);
  const first = /\p{L}/u.exec(s);
  if (first === null) return 'no-letter';
  if (!/^[\s\p{P}]*$/u.test(s.slice(0, first.index))) return 'no-letter';
  if (!/^\p{Script=Latin}$/u.test(first[0])) return 'script';
  return null;
}

/** The text from its first letter on, or null when the prompt cannot be sorted alphabetically. */
export function alphaKeyOf(text: string): string | null {
  if (alphaKeyProblem(text) !== null) return null;
  const s = nfc(text);
  return s.slice((/\p{L}/u.exec(s) as RegExpExecArray).index);
}

// ---------------------------------------------------------------- sorting and cutting

export type DoubtReason = 'too-few' | 'ties' | 'too-close' | 'readings-disagree' | 'script' | 'no-letter' | 'bad-count';
export type Verdict = { order: number[] } | { doubtful: DoubtReason };

export const SORT_RULES = ['alpha', 'alpha-desc', 'words', 'words-desc', 'chars', 'chars-desc'] as const;
export type SortRule = (typeof SORT_RULES)[number];

/**
 * The 1-based numbers of the items in ascending order, or null when any two items compare
 * equal (no strict order). Each item's place is the number of items that come before it.
 */
export function strictOrder<K>(keys: readonly K[], compare: (a: K, b: K) => number): number[] | null {
  for (let i = 0; i < keys.length; i++) {
    for (let j = i + 1; j < keys.length; j++) if (compare(keys[i] as K, keys[j] as K) === 0) return null;
  }
  const order: number[] = new Array<number>(keys.length).fill(0);
  for (let i = 0; i < keys.length; i++) {
    let before = 0;
    for (let j = 0; j < keys.length; j++) if (j !== i && compare(keys[j] as K, keys[i] as K) < 0) before++;
    if (order[before] !== 0) throw new Error('comparison is not a total order');
    order[before] = i + 1;
  }
  return order;
}

const byNumber = (a: number, b: number) => a - b;

export function sameOrder(a: readonly number[] | null, b: readonly number[]): boolean {
  return a !== null && a.length === b.length && a.every((n, i) => n === b[i]);
}

/** ceil(10% of larger) without floating-point surprises (0.1 * 30 is 3.0000000000000004). */
export function tenPercentOf(larger: number): number {
  return Math.ceil(larger / 10);
}

/** Neighbours in `order` differ by at least max(floor, ceil(10% of the larger)) under `values`. */
function wellSeparated(values: readonly number[], order: readonly number[], floor: number): boolean {
  for (let i = 0; i + 1 < order.length; i++) {
    const a = values[(order[i] as number) - 1] as number;
    const b = values[(order[i + 1] as number) - 1] as number;
    const larger = Math.max(a, b);
    if (Math.abs(a - b) < Math.max(floor, tenPercentOf(larger))) return false;
  }
  return true;
}

/** Sorts by a numeric reading (a), requiring a margin under (a) and the same strict order under the others. */
export function numericSort(stated: readonly number[], others: ReadonlyArray<readonly number[]>, floor: number): Verdict {
  const order = strictOrder(stated, byNumber);
  if (order === null) return { doubtful: 'ties' };
  if (!wellSeparated(stated, order, floor)) return { doubtful: 'too-close' };
  for (const reading of others) if (!sameOrder(strictOrder(reading, byNumber), order)) return { doubtful: 'readings-disagree' };
  return { order };
}

const collatorBase = new Intl.Collator('en', { sensitivity: 'base' });
const collatorNoPunct = new Intl.Collator('en', { sensitivity: 'base', ignorePunctuation: true });

/** The key cut to its first three whitespace-separated words, as written. */
function firstThreeWords(key: string): string {
  const m = /^\S+(?:\s+\S+){0,2}/u.exec(key);
  return m === null ? key : m[0];
}

function alphaSort(prompts: readonly string[]): Verdict {
  const problems = prompts.map(alphaKeyProblem);
  if (problems.includes('no-letter')) return { doubtful: 'no-letter' };
  if (problems.includes('script')) return { doubtful: 'script' };
  const keys = prompts.map((p) => alphaKeyOf(p) as string);
  const order = strictOrder(keys, (a, b) => collatorBase.compare(a, b));
  if (order === null) return { doubtful: 'ties' };
  if (!sameOrder(strictOrder(keys, (a, b) => collatorNoPunct.compare(a, b)), order)) return { doubtful: 'readings-disagree' };
  const cut = keys.map(firstThreeWords);
  if (!sameOrder(strictOrder(cut, (a, b) => collatorBase.compare(a, b)), order)) return { doubtful: 'readings-disagree' };
  return { order };
}

/** What a careful reader would do with a sort rule, or why the rule must not be offered. */
export function sortVerdict(rule: SortRule, prompts: readonly string[]): Verdict {
  if (prompts.length < 2) return { doubtful: 'too-few' };
  let v: Verdict;
  if (rule === 'alpha' || rule === 'alpha-desc') {
    v = alphaSort(prompts);
  } else if (rule === 'words' || rule === 'words-desc') {
    if (prompts.some(spacelessScript)) return { doubtful: 'script' };
    v = numericSort(prompts.map(unicodeWords), [prompts.map(spaceWords)], 1);
  } else {
    v = numericSort(prompts.map(graphemesStated), [prompts.map(graphemesWithSpace), prompts.map(graphemesNoPunct)], 2);
  }
  if ('order' in v && rule.endsWith('-desc')) return { order: [...v.order].reverse() };
  return v;
}

export function expectedSort(rule: SortRule, prompts: readonly string[]): number[] | 'doubtful' {
  const v = sortVerdict(rule, prompts);
  return 'order' in v ? v.order : 'doubtful';
}

/**
 * Which n prompts a reader masks for "the n longest / shortest" (in words), ascending,
 * or why that is in doubt.
 */
export function cutVerdict(rule: 'longest' | 'shortest', prompts: readonly string[], n: number): Verdict {
  const k = prompts.length;
  if (k < 2) return { doubtful: 'too-few' };
  if (!Number.isInteger(n) || n < 1 || n > k - 1) return { doubtful: 'bad-count' };
  if (prompts.some(spacelessScript)) return { doubtful: 'script' };
  return cutOver([prompts.map(unicodeWords), prompts.map(spaceWords)], rule, n, 1);
}

/**
 * The cut of the n most extreme prompts by readings[0] (the stated one), ascending, or why
 * it is in doubt: a tie or a gap under the margin at the cut (at least `floor`), or another
 * reading that would put a kept prompt past a masked one. Ties inside either side of the
 * cut do not matter.
 */
export function cutOver(readings: ReadonlyArray<readonly number[]>, rule: 'longest' | 'shortest', n: number, floor: number): Verdict {
  const a = readings[0] as readonly number[];
  const extreme = (x: number, y: number) => (rule === 'longest' ? x > y : x < y);
  const ranked: number[] = [];
  for (let i = 1; i <= a.length; i++) {
    let at = ranked.length;
    while (at > 0 && extreme(a[i - 1] as number, a[(ranked[at - 1] as number) - 1] as number)) at--;
    ranked.splice(at, 0, i);
  }
  const masked = ranked.slice(0, n);
  const kept = ranked.slice(n);
  const lastMasked = a[(masked[n - 1] as number) - 1] as number;
  const firstKept = a[(kept[0] as number) - 1] as number;
  if (lastMasked === firstKept) return { doubtful: 'ties' };
  if (Math.abs(lastMasked - firstKept) < Math.max(floor, tenPercentOf(Math.max(lastMasked, firstKept)))) return { doubtful: 'too-close' };
  for (const r of readings) {
    for (const m of masked) for (const q of kept) if (!extreme(r[m - 1] as number, r[q - 1] as number)) return { doubtful: 'readings-disagree' };
  }
  return { order: masked.sort(byNumber) };
}

export function expectedCut(rule: 'longest' | 'shortest', prompts: readonly string[], n: number): number[] | 'doubtful' {
  const v = cutVerdict(rule, prompts, n);
  return 'order' in v ? v.order : 'doubtful';
}

// ---------------------------------------------------------------- collisions

export interface NumberingLike {
  readonly instruction: string;
  readonly answer: string;
}
export interface MarkerLike {
  readonly open: string;
  readonly close: string;
}

function linesOf(text: string): string[] {
  return text.replace(/\r/g, '').split('\n');
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/**
 * A line that begins (after any whitespace, the full-width space 　 that indents a Chinese
 * paragraph too) with the label, any number, trailing whitespace dropped. A reader takes a
 * label for the style's however it spaces, colons and digits are written, so a space in
 * the label may be left out (or doubled), ":" and "：" stand for each other, and the number
 * may be in full-width digits: "问题1：" and "问题 １:" are both "问题 {n}：",
 * "Instruction3：" is "Instruction {n}:". The same for every pack: stricter than English
 * needs, never laxer.
 */
function labelAtLineStart(pattern: string): RegExp {
  const trimmed = pattern.replace(/\s+$/u, '');
  const piece = (s: string): string =>
    Array.from(s)
      .map((c) => (/\s/u.test(c) ? '\\s*' : c === ':' || c === '：' ? '[:：]' : escapeRegExp(c)))
      .join('')
      .replace(/(?:\\s\*)+/gu, '\\s*');
  return new RegExp(`^\\s*${trimmed.split('{n}').map(piece).join('[0-9０-９]+')}`, 'iu');
}

/** The first line of `text` that a reader could take for one of the style's labels, or null. */
export function numberingCollisionIn(style: NumberingLike, text: string): string | null {
  const labels = [labelAtLineStart(style.instruction), labelAtLineStart(style.answer)];
  for (const line of linesOf(text)) if (labels.some((re) => re.test(line))) return line;
  return null;
}

/**
 * The first line (or blank line) of `text` a reader could take for the separator, or null.
 * A blank line is one with nothing visible on it: spaces, tabs, a no-break space or the
 * full-width space 　 that indents Chinese paragraphs.
 */
export function separatorCollisionIn(separator: string, text: string): string | null {
  const visible = separator.trim();
  if (visible === '') {
    const blank = /\n[^\S\n]*\n/u.exec(text);
    if (blank === null) return null;
    const before = text.slice(0, blank.index).split('\n').pop() as string;
    return `a blank line after ${JSON.stringify(before.length > 40 ? `…${before.slice(-40)}` : before)}`;
  }
  const squeezedSep = visible.replace(/\s/gu, '');
  const chars = Array.from(squeezedSep);
  const single = chars.every((c) => c === chars[0]) ? (chars[0] as string) : null;
  for (const line of linesOf(text)) {
    if (line.trim() === visible) return line;
    if (single === null) continue;
    const squeezed = Array.from(line.replace(/\s/gu, ''));
    if (squeezed.length >= 3 && squeezed.every((c) => c === single)) return line;
  }
  return null;
}

/** The marker string `text` contains (case-insensitively), or null. */
export function markerCollisionIn(marker: MarkerLike, text: string): string | null {
  const lower = text.toLowerCase();
  for (const s of [marker.open, marker.close]) if (lower.includes(s.toLowerCase())) return s;
  return null;
}

export function numberingCollides(style: NumberingLike, texts: readonly string[]): boolean {
  return texts.some((t) => numberingCollisionIn(style, t) !== null);
}
export function separatorCollides(separator: string, texts: readonly string[]): boolean {
  return texts.some((t) => separatorCollisionIn(separator, t) !== null);
}
export function markerCollides(marker: MarkerLike, texts: readonly string[]): boolean {
  return texts.some((t) => markerCollisionIn(marker, t) !== null);
}

// ---------------------------------------------------------------- the English sentence

const COUNT_WORDS: Readonly<Record<string, number>> = {
  one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10, both: 2,
};
const NOUNS_SINGULAR = ['instruction', 'task', 'prompt', 'request', 'question', 'answer', 'response', 'reply', 'item'];
const NOUNS_PLURAL = ['instructions', 'tasks', 'prompts', 'requests', 'questions', 'answers', 'responses', 'replies', 'items'];
/** Words that may stand between a count and its noun ("the three numbered tasks"). */
const BETWEEN = new Set([
  'numbered', 'separate', 'remaining', 'other', 'given', 'listed', 'following', 'original', 'individual', 'different',
  'longest', 'shortest', 'wordiest', 'briefest', 'odd-numbered', 'even-numbered',
]);
/** A digit right after one of these is a count, not an instruction number. */
const BEFORE_COUNT = new Set(['the', 'all', 'these', 'those', 'are', 'only', 'both']);

const QUOTED = /"[^"]*"|“[^”]*”|«[^»]*»/gu;

function tokensOf(text: string): string[] {
  return (text.toLowerCase().match(/[\p{L}\p{N}]+(?:[-'’][\p{L}\p{N}]+)*|[^\s\p{L}\p{N}]/gu) ?? []) as string[];
}

function countValue(token: string): number | null {
  if (/^\d+$/u.test(token)) return Number(token);
  return COUNT_WORDS[token] ?? null;
}

/** The noun a count at tokens[i] quantifies (skipping adjectives), or null. */
function nounAfter(tokens: readonly string[], i: number): string | null {
  let j = i + 1;
  while (j < tokens.length && BETWEEN.has(tokens[j] as string)) j++;
  const t = tokens[j];
  return t !== undefined && (NOUNS_SINGULAR.includes(t) || NOUNS_PLURAL.includes(t)) ? t : null;
}

/** Counts the sentence states of instructions/answers (e.g. "the five tasks" gives 5). */
export function statedCounts(text: string): number[] {
  const tokens = tokensOf(text.replace(QUOTED, ' «Q» '));
  const out: number[] = [];
  tokens.forEach((t, i) => {
    const v = countValue(t);
    if (v !== null && nounAfter(tokens, i) !== null) out.push(v);
  });
  return out;
}

/**
 * Problems a careful English reader would see in a meta-instruction; [] when it reads cleanly.
 * Quoted labels and markers are checked for what follows them, then set aside, so their
 * own digits and punctuation are not mistaken for the sentence's.
 */
export function metaLint(text: string): string[] {
  const problems: string[] = [];
  const straightQuotes = (text.match(/"/g) ?? []).length;
  if (straightQuotes % 2 !== 0) problems.push('unbalanced quotes');
  for (const m of text.matchAll(QUOTED)) {
    const after = text[(m.index as number) + m[0].length];
    if (after !== undefined && /[.,;:!?]/u.test(after)) problems.push(`quoted ${m[0]} directly followed by "${after}"`);
  }
  for (const m of text.matchAll(/\{[^{}]*\}/gu)) problems.push(`placeholder left: ${m[0]}`);

  const plain = text.replace(QUOTED, ' «Q» ');
  for (const m of plain.matchAll(/[.,;:!?]\s*[.,;:!?]/gu)) problems.push(`doubled punctuation "${m[0]}"`);
  const lower = plain.toLowerCase();
  for (const m of lower.matchAll(/\ball\s+(?:two|2)\b/gu)) problems.push(`"${m[0]}"`);
  for (const m of lower.matchAll(/\beach\s+of\s+the\s+(?:one|1)\b/gu)) problems.push(`"${m[0]}"`);

  const tokens = tokensOf(plain);
  tokens.forEach((t, i) => {
    const v = countValue(t);
    if (v === null) return;
    const noun = nounAfter(tokens, i);
    if (noun !== null && v > 1 && NOUNS_SINGULAR.includes(noun)) problems.push(`count ${t} with singular "${noun}"`);
    if (noun !== null && v === 1 && NOUNS_PLURAL.includes(noun)) problems.push(`count ${t} with plural "${noun}"`);
    if (/^\d+$/u.test(t) && v >= 2 && v <= 10 && (noun !== null || BEFORE_COUNT.has(tokens[i - 1] ?? ''))) {
      problems.push(`count ${t} written as a digit`);
    }
  });
  return problems;
}
