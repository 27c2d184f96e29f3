/**
 * A Chinese reader's oracle, written from the stated Chinese readings (README "Languages")
 * alone, like reading-oracle.ts: it never calls src/ measuring, sorting, pinyin or
 * collision code. Its tools are the platform (Intl.Segmenter, Intl.Collator('zh')) and
 * pinyin-pro, the dictionary a reader looks a syllable up in.
 *
 * - 字数: graphemes of NFC text without whitespace; the order (or cut) must be the same with
 *   whitespace counted, without whitespace or punctuation, and, when a prompt holds Han, with
 *   each run of ASCII letters/digits counted as one character; neighbours at least
 *   max(2, ceil(larger/10)) apart.
 * - pinyin order: keys from the first letter (only whitespace/punctuation before it, a Han
 *   letter); Intl.Collator('zh', base), no ties, the same ignoring punctuation, decided
 *   within the first 3 characters; and at the first differing character of each neighbouring
 *   pair, the syllables read in context (pinyin-pro) differ and run the collator's way.
 * - word rules: never in a Chinese mosaic.
 * - the meta-instruction: a Chinese reader's lint, its counts and its number lists.
 *
 * The file ends with the judge both property tests use (readings.test.ts,
 * readings-zh.test.ts): it reads each mosaic in its own language, meta.lang "en" with the
 * English readings of reading-oracle.ts, "zh" with the readings here.
 */
import { pinyin } from 'pinyin-pro';
import type { Mosaic, Pair } from '../../src/types.js';
import { tagsIn } from './adversarial-arbitraries.js';
import {
  cutOver,
  SORT_RULES,
  cutVerdict,
  graphemeClusters,
  graphemesNoPunct,
  graphemesStated,
  graphemesWithSpace,
  markerCollisionIn,
  metaLint,
  numberingCollisionIn,
  numericSort,
  sameOrder,
  separatorCollisionIn,
  sortVerdict,
  statedCounts,
  strictOrder,
  type DoubtReason,
  type SortRule,
} from './reading-oracle.js';
import { findInOrder, layoutsOf, type Layout } from './unit-oracle.js';

export type ZhDoubtReason = DoubtReason | 'same-syllable' | 'pinyin-order';
export type ZhVerdict = { order: number[] } | { doubtful: ZhDoubtReason };

// ---------------------------------------------------------------- 字数

const HAN = /\p{Script=Han}/u;

export function hasHan(text: string): boolean {
  return HAN.test(text);
}

/** Reading (d): whitespace not counted, each run of ASCII letters/digits one character ("Python" 1, "2024年" 2). */
export function charsLatinRunAsOne(text: string): number {
  return graphemesStated(text.normalize('NFC').replace(/[A-Za-z0-9]+/gu, 'x'));
}

/** The readings of 字数 over a group: the stated one first, then those that must agree with it. */
export function zhCharReadings(prompts: readonly string[]): number[][] {
  const readings = [prompts.map(graphemesStated), prompts.map(graphemesWithSpace), prompts.map(graphemesNoPunct)];
  if (prompts.some(hasHan)) readings.push(prompts.map(charsLatinRunAsOne));
  return readings;
}

// ---------------------------------------------------------------- pinyin order

const zhBase = new Intl.Collator('zh', { sensitivity: 'base' });
const zhNoPunct = new Intl.Collator('zh', { sensitivity: 'base', ignorePunctuation: true });

/** The pinyin key (text from its first letter), or why the prompt cannot be put in pinyin order. */
export function pinyinKeyOf(text: string): string | { doubtful: 'no-letter' | 'script' } {
  const s = text.normalize('NFC');
  const first = /\p{L}/u.exec(s);
  if (first === null || !/^[\s\p{P}]*$/u.test(s.slice(0, first.index))) return { doubtful: 'no-letter' };
  if (!/^\p{Script=Han}$/u.test(first[0])) return { doubtful: 'script' };
  return s.slice(first.index);
}

const syllableCache = new Map<string, string[]>();

/** The toneless, lower-cased syllable a reader says for each grapheme of the key, read in context. */
export function syllablesOf(key: string): string[] {
  const cached = syllableCache.get(key);
  if (cached !== undefined) return cached;
  const perCodePoint = pinyin(key, { toneType: 'none', type: 'array', v: true }) as string[];
  if (perCodePoint.length !== Array.from(key).length) {
    throw new Error(`oracle: pinyin-pro gave ${perCodePoint.length} readings for ${Array.from(key).length} code points of ${JSON.stringify(key)}`);
  }
  const out: string[] = [];
  let at = 0;
  for (const g of graphemeClusters(key)) {
    out.push((perCodePoint[at] as string).toLowerCase());
    at += Array.from(g).length;
  }
  if (syllableCache.size > 5000) syllableCache.clear();
  syllableCache.set(key, out);
  return out;
}

const HEAD = 3;

/**
 * Why a reader could doubt that `a` comes before `b` (the collator's order) when reading
 * their pinyin, or null: at the first of the first three characters where they differ, the
 * syllables must differ and run the same way.
 */
export function pinyinDoubt(a: string, b: string): 'same-syllable' | 'pinyin-order' | 'too-close' | null {
  const ga = graphemeClusters(a).slice(0, HEAD);
  const gb = graphemeClusters(b).slice(0, HEAD);
  for (let p = 0; p < HEAD; p++) {
    const ca = ga[p] ?? '';
    const cb = gb[p] ?? '';
    if (zhBase.compare(ca, cb) === 0) continue;
    const sa = ca === '' ? '' : (syllablesOf(a)[p] as string);
    const sb = cb === '' ? '' : (syllablesOf(b)[p] as string);
    const c = zhBase.compare(sa, sb);
    if (sa === sb || c === 0) return 'same-syllable';
    return c > 0 ? 'pinyin-order' : null;
  }
  return 'too-close';
}

function zhAlphaSort(prompts: readonly string[]): ZhVerdict {
  const keyed = prompts.map(pinyinKeyOf);
  for (const reason of ['no-letter', 'script'] as const) {
    if (keyed.some((k) => typeof k !== 'string' && k.doubtful === reason)) return { doubtful: reason };
  }
  const keys = keyed as string[];
  const order = strictOrder(keys, (x, y) => zhBase.compare(x, y));
  if (order === null) return { doubtful: 'ties' };
  if (!sameOrder(strictOrder(keys, (x, y) => zhNoPunct.compare(x, y)), order)) return { doubtful: 'readings-disagree' };
  const heads = keys.map((k) => graphemeClusters(k).slice(0, HEAD).join(''));
  if (!sameOrder(strictOrder(heads, (x, y) => zhBase.compare(x, y)), order)) return { doubtful: 'too-close' };
  for (let i = 0; i + 1 < order.length; i++) {
    const doubt = pinyinDoubt(keys[(order[i] as number) - 1] as string, keys[(order[i + 1] as number) - 1] as string);
    if (doubt !== null) return { doubtful: doubt };
  }
  return { order };
}

/** What a careful Chinese reader would do with a sort rule, or why it must not be offered. */
export function zhSortVerdict(rule: SortRule, prompts: readonly string[]): ZhVerdict {
  if (prompts.length < 2) return { doubtful: 'too-few' };
  let v: ZhVerdict;
  if (rule === 'words' || rule === 'words-desc') return { doubtful: 'script' };
  if (rule === 'alpha' || rule === 'alpha-desc') v = zhAlphaSort(prompts);
  else {
    const [stated, ...others] = zhCharReadings(prompts);
    v = numericSort(stated as number[], others, 2);
  }
  if ('order' in v && rule.endsWith('-desc')) return { order: [...v.order].reverse() };
  return v;
}

/** Which n prompts a Chinese reader masks for "字数最多/最少的 n 条", ascending, or why that is in doubt. */
export function zhCutVerdict(rule: 'longest' | 'shortest', prompts: readonly string[], n: number): ZhVerdict {
  const k = prompts.length;
  if (k < 2) return { doubtful: 'too-few' };
  if (!Number.isInteger(n) || n < 1 || n > k - 1) return { doubtful: 'bad-count' };
  return cutOver(zhCharReadings(prompts), rule, n, 2);
}

// ---------------------------------------------------------------- the Chinese sentence

const ZH_QUOTED = /“[^“”]*”/gu;

/**
 * Problems a careful Chinese reader would see in a meta-instruction; [] when it reads
 * cleanly. Quoted labels and markers are checked for what follows them, then set aside.
 */
export function zhMetaLint(text: string): string[] {
  const problems: string[] = [];
  const opens = (text.match(/“/gu) ?? []).length;
  const closes = (text.match(/”/gu) ?? []).length;
  if (opens !== closes || text.replace(ZH_QUOTED, '').includes('“') || text.replace(ZH_QUOTED, '').includes('”')) problems.push('unbalanced quotes');
  if (text.includes('"')) problems.push('ASCII quote " (Chinese quotes are “ ”)');
  for (const m of text.matchAll(ZH_QUOTED)) {
    const after = text[(m.index as number) + m[0].length];
    if (after !== undefined && /[，。、；：！？,.;:!?]/u.test(after)) problems.push(`quoted ${m[0]} directly followed by "${after}"`);
  }
  for (const m of text.matchAll(/\{[^{}]*\}/gu)) problems.push(`placeholder left: ${m[0]}`);
  const plain = text.replace(ZH_QUOTED, '〈引〉').replace(/\d+(?:[.,:]\d+)+/gu, '0');
  for (const m of plain.matchAll(/[,.;:?!]/gu)) problems.push(`ASCII "${m[0]}" at …${plain.slice(Math.max(0, (m.index as number) - 8), (m.index as number) + 2)}`);
  if (!text.trimEnd().endsWith('。')) problems.push('does not end with 。');
  for (const m of plain.matchAll(/二[条个项]/gu)) problems.push(`"${m[0]}" (say 两)`);
  return problems;
}

const NUMERALS: Readonly<Record<string, number>> = { 一: 1, 二: 2, 两: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9 };

/** 一..九, 两, 十, 十三, 二十, 二十四; null for anything else. */
export function chineseNumber(s: string): number | null {
  if (s.length === 1) return s === '十' ? 10 : (NUMERALS[s] ?? null);
  const m = /^([一二三四五六七八九])?十([一二三四五六七八九])?$/u.exec(s);
  if (m === null) return null;
  return (m[1] ? (NUMERALS[m[1]] as number) : 1) * 10 + (m[2] ? (NUMERALS[m[2]] as number) : 0);
}

/**
 * The counts a Chinese meta-instruction states (a numeral or digits before 条/个/项) and
 * its lists of instruction numbers (第 2、5 条, 按 3、1、2 的顺序). 一 that means "the one"
 * or "each" (每一条, 另一条, 前一条, 最后一条, 一项也不要…) is no count; in a permute or
 * primary sentence neither is "较短的一条", one of two. Counts of markers are not counts of
 * instructions (两个标记).
 */
export function zhNumbersIn(text: string, strategy: string): { counts: number[]; lists: number[][] } {
  const plain = text.replace(ZH_QUOTED, '〈引〉');
  const counts: number[] = [];
  const lists: number[][] = [];
  for (const m of plain.matchAll(/([一二两三四五六七八九十]+)[条个项]/gu)) {
    const before = plain.slice(0, m.index);
    const after = plain.slice((m.index as number) + m[0].length);
    const value = chineseNumber(m[1] as string);
    if (value === null || /第\s*$/u.test(before) || /^(?:标记|标签)/u.test(after)) continue;
    if (m[1] === '一') {
      if (/(?:每|另|任何|前|后|面的|逐)$/u.test(before) || /^[也像]/u.test(after)) continue;
      if (strategy !== 'maskout' && /(?:的|那)$/u.test(before)) continue;
    }
    counts.push(value);
  }
  for (const m of plain.matchAll(/\d+(?:\s*、\s*\d+)*/gu)) {
    const before = plain.slice(0, m.index);
    const after = plain.slice((m.index as number) + m[0].length);
    const numbers = m[0].split('、').map((x) => Number(x.trim()));
    if (numbers.length === 1 && /^\s*[条个项]/u.test(after) && !/第\s*$/u.test(before)) counts.push(numbers[0] as number);
    else lists.push(numbers);
  }
  return { counts, lists };
}

/** A run of three or more English words outside quotes, or null. */
export function englishSentenceIn(text: string): string | null {
  const m = /[A-Za-z]+(?:[\s,']+[A-Za-z]+){2,}/u.exec(text.replace(ZH_QUOTED, ' '));
  return m === null ? null : m[0];
}

// ---------------------------------------------------------------- judging a mosaic in its own language

export const LANGS = ['en', 'zh'] as const;

/** The sort verdict in the mosaic's language. */
export function sortVerdictIn(lang: string, rule: SortRule, prompts: readonly string[]): ZhVerdict {
  return lang === 'zh' ? zhSortVerdict(rule, prompts) : sortVerdict(rule, prompts);
}

/** The cut verdict in the mosaic's language (English cuts by words, Chinese by 字数). */
export function cutVerdictIn(lang: string, rule: 'longest' | 'shortest', prompts: readonly string[], n: number): ZhVerdict {
  return lang === 'zh' ? zhCutVerdict(rule, prompts, n) : cutVerdict(rule, prompts, n);
}

function range1(k: number): number[] {
  return Array.from({ length: k }, (_, i) => i + 1);
}
function same(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((n, i) => n === b[i]);
}
export const show = (v: unknown): string => {
  const s = JSON.stringify(v);
  return s.length > 300 ? `${s.slice(0, 300)}…` : s;
};

export function kindOf(m: Mosaic): string {
  return m.meta.strategy === 'permute' || m.meta.strategy === 'maskout' ? `${m.meta.strategy}:${m.meta.rule}` : m.meta.strategy;
}

/** Order and mask against the rule, as the reader of meta.lang derives them from the prompts alone. */
function ruleProblems(m: Mosaic, prompts: readonly string[]): string[] {
  const k = prompts.length;
  const { strategy, rule, order, masked, lang } = m.meta;
  const out: string[] = [];
  if (!(LANGS as readonly string[]).includes(lang)) out.push(`[lang] no reader for meta.lang ${show(lang)}`);
  const isPermutation = same([...order].sort((a, b) => a - b), range1(k));
  if (strategy === 'primary' || strategy === 'format') {
    if (!same(order, range1(k)) || masked.length > 0) out.push(`[order] ${strategy} with order ${show(order)} masked ${show(masked)}`);
    return out;
  }
  if (k < 2) out.push(`[rule] ${kindOf(m)} with k=${k}`);
  if (strategy === 'permute') {
    if (!isPermutation || masked.length > 0) out.push(`[order] permute order ${show(order)} is not a permutation of 1..${k}`);
    switch (rule) {
      case 'reverse':
        if (!same(order, range1(k).reverse())) out.push(`[order] reverse gave ${show(order)}`);
        break;
      case 'random':
        if (same(order, range1(k))) out.push(`[order] permute random gave the identity ${show(order)}`);
        break;
      case 'odd-even':
      case 'even-odd': {
        if (k < 4) out.push(`[eligible] permute ${rule} with k=${k} (needs k >= 4)`);
        const odd = range1(k).filter((n) => n % 2 === 1);
        const even = range1(k).filter((n) => n % 2 === 0);
        const want = rule === 'odd-even' ? [...odd, ...even] : [...even, ...odd];
        if (!same(order, want)) out.push(`[order] ${rule} gave ${show(order)}, want ${show(want)}`);
        break;
      }
      default: {
        const v = sortVerdictIn(lang, rule as SortRule, prompts);
        if ('doubtful' in v) out.push(`[sort] ${lang} permute ${rule} chosen but doubtful (${v.doubtful}) for ${show(prompts)}`);
        else if (!same(order, v.order)) out.push(`[sort] ${lang} permute ${rule} gave ${show(order)}, a reader gets ${show(v.order)} for ${show(prompts)}`);
      }
    }
    return out;
  }
  // maskout
  const n = masked.length;
  if (n < 1 || n > k - 1) out.push(`[mask] maskout ${rule} masks ${n} of ${k}`);
  if (!same([...masked].sort((a, b) => a - b), masked) || new Set(masked).size !== n || masked.some((x) => x < 1 || x > k)) {
    out.push(`[mask] masked ${show(masked)} is not an ascending set within 1..${k}`);
  }
  if (!same(order, range1(k).filter((x) => !masked.includes(x)))) out.push(`[order] maskout order ${show(order)} with masked ${show(masked)}`);
  switch (rule) {
    case 'odd':
    case 'even': {
      if (k < 4) out.push(`[eligible] maskout ${rule} with k=${k} (needs k >= 4)`);
      const want = range1(k).filter((x) => x % 2 === (rule === 'odd' ? 1 : 0));
      if (!same(masked, want)) out.push(`[mask] maskout ${rule} masked ${show(masked)}, want ${show(want)}`);
      break;
    }
    case 'longest':
    case 'shortest': {
      const v = cutVerdictIn(lang, rule, prompts, n);
      if ('doubtful' in v) out.push(`[cut] ${lang} maskout ${rule} n=${n} chosen but doubtful (${v.doubtful}) for ${show(prompts)}`);
      else if (!same(masked, v.order)) out.push(`[cut] ${lang} maskout ${rule} masked ${show(masked)}, a reader masks ${show(v.order)} for ${show(prompts)}`);
      break;
    }
    default:
      break;
  }
  return out;
}

/** The meta-instruction: the prompt minus the block of (labelled) instructions. */
function metaTextOf(m: Mosaic, prompts: readonly string[], l: Layout): string | null {
  const numbering = l.numbering;
  const block = prompts.map((p, i) => (numbering ? numbering.instruction.split('{n}').join(String(i + 1)) : '') + p).join(l.separator);
  if (l.metaFirst && m.prompt.endsWith(block)) return m.prompt.slice(0, m.prompt.length - block.length).trim();
  if (!l.metaFirst && m.prompt.startsWith(block)) return m.prompt.slice(block.length).trim();
  return null;
}

/** The meta-instruction of a mosaic as its pack's layout isolates it, or null when no layout explains the mosaic. */
export function metaInstructionOf(m: Mosaic, prompts: readonly string[], responses: readonly string[]): string | null {
  const l = layoutsOf(m, prompts, responses)[0];
  return l === undefined ? null : metaTextOf(m, prompts, l);
}

/** Counts the sentence may state: k, and for masks the masked and the answered. */
function plausibleCounts(m: Mosaic, k: number): Set<number> {
  const n = m.meta.masked.length;
  const s = new Set([k, n, k - n]);
  if (m.meta.rule === 'odd-even' || m.meta.rule === 'even-odd') {
    s.add(Math.ceil(k / 2));
    s.add(Math.floor(k / 2));
  }
  return s;
}

/** What a reader of meta.lang finds wrong with the meta-instruction's wording and numbers. */
export function sentenceProblems(m: Mosaic, meta: string, k: number): string[] {
  const out: string[] = [];
  const allowed = plausibleCounts(m, k);
  if (m.meta.lang === 'zh') {
    for (const p of zhMetaLint(meta)) out.push(`[lint] ${p}: ${show(meta)}`);
    const { counts, lists } = zhNumbersIn(meta, m.meta.strategy);
    for (const c of counts) if (!allowed.has(c)) out.push(`[count] states ${c} (k=${k}, masked ${m.meta.masked.length}): ${show(meta)}`);
    const want = m.meta.strategy === 'maskout' ? m.meta.masked : m.meta.strategy === 'permute' ? m.meta.order : null;
    for (const list of lists) {
      if (want === null || !same(list, want)) out.push(`[count] lists ${show(list)} (${kindOf(m)}, order ${show(m.meta.order)}, masked ${show(m.meta.masked)}): ${show(meta)}`);
    }
    return out;
  }
  for (const p of metaLint(meta)) out.push(`[lint] ${p}: ${show(meta)}`);
  for (const c of statedCounts(meta)) if (!allowed.has(c)) out.push(`[count] states ${c} (k=${k}, masked ${m.meta.masked.length}): ${show(meta)}`);
  return out;
}

function layoutProblems(m: Mosaic, prompts: readonly string[], responses: readonly string[]): string[] {
  const k = prompts.length;
  const out: string[] = [];
  const layouts = layoutsOf(m, prompts, responses);
  if (layouts.length === 0) return [`[layout] no ${m.meta.lang} layout explains ${kindOf(m)} k=${k}: ${show(m.prompt)}`];
  const texts = [...prompts, ...responses];
  const where = (j: number) => (j < k ? `prompt ${j + 1}` : `response ${j - k + 1}`);
  for (const l of layouts) {
    texts.forEach((t, j) => {
      if (l.numbering) {
        const hit = numberingCollisionIn(l.numbering, t);
        if (hit !== null) out.push(`[collide] numbering ${show(l.numbering.answer)} vs line ${show(hit)} of ${where(j)} (${kindOf(m)})`);
      } else if (k >= 2) {
        const hit = separatorCollisionIn(l.separator, t);
        if (hit !== null) out.push(`[collide] separator ${show(l.separator)} vs ${show(hit)} in ${where(j)} (${kindOf(m)})`);
      }
      if (l.markers) {
        const hit = markerCollisionIn(l.markers, t);
        if (hit !== null) out.push(`[collide] marker ${show(l.markers.open)} vs ${show(hit)} in ${where(j)}`);
      }
    });
    const meta = metaTextOf(m, prompts, l);
    if (meta === null) {
      out.push(`[layout] cannot isolate the meta-instruction of ${show(m.prompt)}`);
      continue;
    }
    if (meta === '') {
      if (k >= 2) out.push(`[layout] no meta-instruction found for k=${k}: ${show(m.prompt)}`);
      continue;
    }
    out.push(...sentenceProblems(m, meta, k));
  }
  return out;
}

/**
 * Every problem a careful reader of the mosaic's language would find with it. `tagged`:
 * the responses carry ⟦Rn⟧ tags (adversarial-arbitraries.ts), so the answers are checked
 * by tag; otherwise by finding the answers in meta.order.
 */
export function mosaicProblems(m: Mosaic, pairs: readonly Pair[], tagged: boolean): string[] {
  const src = m.meta.sources.map((s) => pairs[s] as Pair);
  const prompts = src.map((p) => p.prompt);
  const responses = src.map((p) => p.response);
  const out = ruleProblems(m, prompts);
  const answered = m.meta.order.map((n) => responses[n - 1] as string);
  if (tagged) {
    const want = m.meta.order.map((n) => m.meta.sources[n - 1] as number);
    const got = tagsIn(m.response);
    if (!same(got, want)) out.push(`[answers] response carries answers ${show(got)}, meta.order says ${show(want)}`);
  } else {
    if (findInOrder(m.response, answered) === null) out.push(`[answers] answers not in meta.order ${show(m.meta.order)}`);
    for (const n of m.meta.masked) {
      const r = responses[n - 1] as string;
      if (!answered.some((a) => a.includes(r)) && m.response.includes(r)) out.push(`[answers] masked answer ${n} appears`);
    }
  }
  out.push(...layoutProblems(m, prompts, responses));
  return out;
}

/**
 * Checks a run; tallies kinds (and lang:kind), and what the oracle would allow per
 * language (oracle-allows:rule, oracle-allows:zh:rule); returns the problems.
 */
export function checkRun(mosaics: readonly Mosaic[], pairs: readonly Pair[], tagged: boolean, tally: Map<string, number>): string[] {
  const problems: string[] = [];
  const bump = (key: string) => tally.set(key, (tally.get(key) ?? 0) + 1);
  for (const m of mosaics) {
    const lang = m.meta.lang;
    bump(kindOf(m));
    bump(`${lang}:${kindOf(m)}`);
    const prompts = m.meta.sources.map((s) => (pairs[s] as Pair).prompt);
    if (prompts.length >= 2) {
      const prefix = lang === 'en' ? 'oracle-allows:' : `oracle-allows:${lang}:`;
      for (const r of SORT_RULES) if ('order' in sortVerdictIn(lang, r, prompts)) bump(`${prefix}${r}`);
      if ('order' in cutVerdictIn(lang, 'longest', prompts, 1)) bump(`${prefix}longest-1`);
    }
    problems.push(...mosaicProblems(m, pairs, tagged));
  }
  return problems;
}

export function summarize(problems: readonly string[], limit = 8): string {
  const byKind = new Map<string, number>();
  for (const p of problems) {
    const kind = /^\[[a-z]+\]/.exec(p)?.[0] ?? '?';
    byKind.set(kind, (byKind.get(kind) ?? 0) + 1);
  }
  const counts = [...byKind].map(([k, n]) => `${k} ${n}`).join(', ');
  const firstOfEach = [...byKind.keys()].map((k) => problems.find((p) => p.startsWith(k)) as string);
  const rest = problems.filter((p) => !firstOfEach.includes(p)).slice(0, Math.max(0, limit - firstOfEach.length));
  return `${problems.length} problems (${counts}):\n  ${[...firstOfEach, ...rest].join('\n  ')}`;
}

/** Each pass uses every pair exactly once: these texts all fit, so a collision may end a group but never drop a pair. */
export function coverageProblems(mosaics: readonly Mosaic[], pairs: readonly Pair[], epochs: number): string[] {
  const out: string[] = [];
  for (let e = 0; e < epochs; e++) {
    const used = mosaics.filter((m) => m.meta.epoch === e).flatMap((m) => m.meta.sources);
    const sorted = [...used].sort((a, b) => a - b);
    if (!same(sorted, pairs.map((_, i) => i))) out.push(`[coverage] epoch ${e} used sources ${show(sorted)} of ${pairs.length} pairs`);
  }
  return out;
}
