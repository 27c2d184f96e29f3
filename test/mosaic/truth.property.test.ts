/**
 * Every meta-instruction is true of its response, over random datasets and options.
 * The expected answer order is re-derived from meta and the source pairs with the
 * independent oracles in helpers/unit-oracle.ts.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { approxTokenCount } from '../../src/tokens/approx.js';
import { builtInPacks } from '../../src/language/built-in.js';
import { ENGLISH } from '../../src/language/english.js';
import type { LanguagePack } from '../../src/language/pack.js';
import { MASKOUT_RULES, PERMUTE_RULES, type MaskoutRule, type Mosaic, type Pair, type PermuteRule } from '../../src/types.js';
import { allowedRules, optionsArb, pairsArb, textArb, toPairs, type GeneratedOptions } from '../helpers/unit-arbitraries.js';
import {
  DECORATION_CHARS,
  findInOrder,
  isPermutationOf1toK,
  label,
  layoutsOf,
  maskCountRange,
  oracleFill,
  oraclePermute,
  packOf,
  range1,
} from '../helpers/unit-oracle.js';
import { runAll } from '../helpers/unit-run.js';
import { expectedCut, markerCollides, numberingCollides } from '../helpers/reading-oracle.js';

const NUMBERED_PERMUTE = new Set(['random', 'odd-even', 'even-odd']);
const NUMBERED_MASKOUT = new Set(['random', 'odd', 'even']);

/** Checks meta.order / meta.masked against the rule, from the source prompts alone. */
function expectRuleHolds(m: Mosaic, prompts: readonly string[]): void {
  const k = prompts.length;
  const { strategy, rule, order, masked } = m.meta;
  if (strategy === 'primary' || strategy === 'format') {
    expect(rule).toBeNull();
    expect(masked).toEqual([]);
    expect(order).toEqual(range1(k));
    return;
  }
  expect(k, 'permute/maskout need two instructions').toBeGreaterThanOrEqual(2);
  if (strategy === 'permute') {
    expect(PERMUTE_RULES as readonly string[]).toContain(rule);
    expect(masked).toEqual([]);
    // Chinese mosaics are read by their own measures (pinyin, 字数): readings-zh.test.ts.
    if (m.meta.lang !== 'en') return;
    const want = oraclePermute(rule as string, prompts);
    expect(want, `rule ${rule} is ambiguous for ${JSON.stringify(prompts)}`).not.toBeNull();
    if (want === 'free') {
      expect(isPermutationOf1toK(order, k)).toBe(true);
      expect(order).not.toEqual(range1(k));
    } else {
      expect(order).toEqual(want);
    }
    return;
  }
  expect(MASKOUT_RULES as readonly string[]).toContain(rule);
  expect(masked.length).toBeGreaterThanOrEqual(1);
  expect(masked.length).toBeLessThanOrEqual(k - 1);
  expect(new Set(masked).size).toBe(masked.length);
  expect(masked).toEqual([...masked].sort((a, b) => a - b));
  for (const n of masked) expect(n >= 1 && n <= k).toBe(true);
  expect(order).toEqual(range1(k).filter((n) => !masked.includes(n)));
  const [lo, hi] = maskCountRange(k);
  switch (rule) {
    case 'random':
      expect(masked.length).toBeGreaterThanOrEqual(lo);
      expect(masked.length).toBeLessThanOrEqual(hi);
      break;
    case 'longest':
    case 'shortest': {
      expect(masked.length).toBeGreaterThanOrEqual(lo);
      expect(masked.length).toBeLessThanOrEqual(hi);
      // The n longest (shortest) as a reader counts words, with no doubt at the cut.
      if (m.meta.lang === 'en') expect(expectedCut(rule, prompts, masked.length)).toEqual(masked);
      break;
    }
    case 'odd':
      expect(masked).toEqual(range1(k).filter((n) => n % 2 === 1));
      break;
    case 'even':
      expect(masked).toEqual(range1(k).filter((n) => n % 2 === 0));
      break;
  }
}

/** Formatting a single pair costs at least this much on top of the plain pair, at most: */
function maxSingleFormatOverhead(pack: LanguagePack): number {
  let most = 0;
  for (const mk of pack.markers) {
    for (const t of pack.markerClauses.one) {
      const clause = oracleFill(t, { open: mk.open, close: mk.close }, pack);
      most = Math.max(most, approxTokenCount(clause) + 2 + approxTokenCount(mk.open) + approxTokenCount(mk.close) + 2);
    }
  }
  return most;
}
/** Per pack: a single pair under format speaks its own language (meta.lang). */
const MAX_SINGLE_FORMAT = new Map(builtInPacks().map((pack) => [pack.name, maxSingleFormatOverhead(pack)]));

/** All per-mosaic checks. */
export function expectMosaicTrue(m: Mosaic, pairs: readonly Pair[], o: GeneratedOptions): void {
  const src = m.meta.sources.map((s) => pairs[s] as Pair);
  const prompts = src.map((p) => p.prompt);
  const responses = src.map((p) => p.response);
  const k = src.length;
  const { strategy, rule, order, masked, numbered } = m.meta;

  // 1. truth of the rule
  expectRuleHolds(m, prompts);
  const answered = order.map((n) => responses[n - 1] as string);
  expect(findInOrder(m.response, answered), 'answers in meta order').not.toBeNull();
  expect(findInOrder(m.prompt, prompts), 'instructions in source order').not.toBeNull();
  const allowedChars = new Set([...DECORATION_CHARS, ...answered.flatMap((a) => Array.from(a))]);
  for (const n of masked) {
    const r = responses[n - 1] as string;
    if (answered.some((a) => a.includes(r))) continue;
    if (Array.from(r).every((ch) => allowedChars.has(ch))) continue;
    expect(m.response.includes(r), `masked answer ${n} leaked`).toBe(false);
  }
  const layouts = layoutsOf(m, prompts, responses);
  expect(layouts.length, `no layout explains\n${JSON.stringify(m, null, 1)}`).toBeGreaterThan(0);

  // 2. numbering
  if (strategy === 'permute' && NUMBERED_PERMUTE.has(rule as string)) expect(numbered).toBe(true);
  if (strategy === 'maskout' && NUMBERED_MASKOUT.has(rule as string)) expect(numbered).toBe(true);
  if (numbered) {
    expect(k).toBeGreaterThanOrEqual(2);
    for (const l of layouts) {
      // The layout put label(n) right before answer n; the label must show n.
      for (const n of order) expect(label((l.numbering as { answer: string }).answer, n)).toMatch(new RegExp(`(^|\\D)${n}(\\D|$)`));
    }
  }
  // The numbers as the mosaic's pack writes lists and sequences.
  const pack = packOf(m);
  if (strategy === 'permute' && rule === 'random') expect(m.prompt).toContain(order.join(pack.sequence));
  if (strategy === 'maskout' && rule === 'random') expect(m.prompt).toContain(oracleFill('{list}', { list: masked }, pack));
  if (strategy === 'format') expect(layouts.every((l) => l.markers !== null)).toBe(true);
  if (strategy === 'primary' && k >= 2) expect(layouts.some((l) => l.markers === null)).toBe(true);

  // 3. budget
  expect(m.meta.tokens).toBe(approxTokenCount(m.prompt) + approxTokenCount(m.response));
  expect(m.meta.tokens).toBeLessThanOrEqual(o.maxTokens);

  // 5. strategy and rule allowed, or a justified fallback to primary
  const allowed = allowedRules(o);
  const rules = allowed.get(strategy);
  if (rules !== undefined && (rule === null || rules.has(rule))) {
    if (strategy === 'primary' || strategy === 'format') expect(rule).toBeNull();
    return;
  }
  expect(strategy, `strategy ${strategy}:${rule} not allowed by ${JSON.stringify(o.strategies)}`).toBe('primary');
  if (k === 1) {
    if (allowed.has('format')) {
      const plain = approxTokenCount(prompts[0] as string) + approxTokenCount(responses[0] as string);
      expect(plain + (MAX_SINGLE_FORMAT.get(m.meta.lang) as number), 'format fits, so primary was not needed').toBeGreaterThan(o.maxTokens);
    }
    return;
  }
  // The fallback is judged with the English readings only; Chinese mosaics' chosen rules
  // are judged in readings-zh.test.ts, their fallbacks are not.
  if (m.meta.lang !== 'en') return;
  // Every text of the group, masked answers too, rules styles out.
  const texts = [...prompts, ...responses];
  const canNumber = ENGLISH.numbering.some((style) => !numberingCollides(style, texts));
  const canMark = ENGLISH.markers.some((marker) => !markerCollides(marker, texts));
  if (allowed.has('format')) expect(canMark, 'format applies to any group with a free marker').toBe(false);
  for (const r of allowed.get('permute') ?? []) {
    const want = oraclePermute(r, prompts);
    if (want === 'free' || (want !== null && NUMBERED_PERMUTE.has(r))) expect(canNumber, `permute ${r} was eligible`).toBe(false);
    else expect(want, `permute ${r} was eligible`).toBeNull();
  }
  for (const r of allowed.get('maskout') ?? []) {
    if (NUMBERED_MASKOUT.has(r)) {
      // random needs a free numbering style; odd and even also four instructions.
      if (r === 'random' || k >= 4) expect(canNumber, `maskout ${r} was eligible`).toBe(false);
      continue;
    }
    const [lo, hi] = maskCountRange(k);
    let someDoubt = false;
    for (let n = lo; n <= hi; n++) if (expectedCut(r as 'longest' | 'shortest', prompts, n) === 'doubtful') someDoubt = true;
    expect(someDoubt, `maskout ${r} was eligible`).toBe(true);
  }
}

describe('every mosaic tells the truth', () => {
  it('random datasets and options', async () => {
    await fc.assert(
      fc.asyncProperty(pairsArb(1, 30), optionsArb, async (pairs, o) => {
        const { mosaics } = await runAll(pairs, o);
        for (const m of mosaics) expectMosaicTrue(m, pairs, o);
      }),
      { numRuns: 250 },
    );
  });

  it('many short pairs, generous budget, every strategy and rule (large groups)', async () => {
    const shortText = fc.oneof(fc.constantFrom('a', 'ab', 'b a', 'Apple', 'apple', '😀', 'x y z', '12'), textArb);
    const pairs = fc.array(fc.tuple(shortText, shortText), { minLength: 10, maxLength: 40 }).map(toPairs);
    const opts = optionsArb.map((o) => ({ ...o, maxTokens: 3000, maxK: 12, strategies: ['permute', 'maskout', 'format'], permuteRules: 'all' as const, maskoutRules: 'all' as const }));
    await fc.assert(
      fc.asyncProperty(pairs, opts, async (ps, o) => {
        const { mosaics } = await runAll(ps, o);
        for (const m of mosaics) expectMosaicTrue(m, ps, o);
      }),
      { numRuns: 80 },
    );
  });

  it('sort rules with ties fall back to primary, and only then', async () => {
    // Few distinct texts: ties in words, characters and case-folded text are common.
    const tiny = fc.constantFrom('a', 'b', 'A', 'a b', 'c d', 'abc', 'x y z', 'Hello', 'hello', '😀');
    const pairs = fc.array(fc.tuple(tiny, tiny), { minLength: 2, maxLength: 20 }).map(toPairs);
    const SORTS: PermuteRule[] = ['alpha', 'alpha-desc', 'words', 'words-desc', 'chars', 'chars-desc'];
    const opts = fc
      .record({
        base: optionsArb,
        strategies: fc.constantFrom(['permute'], ['maskout'], ['permute', 'maskout']),
        permuteRules: fc.subarray(SORTS, { minLength: 1 }),
        maskoutRules: fc.subarray<MaskoutRule>(['longest', 'shortest'], { minLength: 1 }),
      })
      .map(({ base, ...rest }) => ({ ...base, ...rest, maxTokens: 3000 }));
    let fallbacks = 0;
    await fc.assert(
      fc.asyncProperty(pairs, opts, async (ps, o) => {
        const { mosaics } = await runAll(ps, o);
        for (const m of mosaics) {
          expectMosaicTrue(m, ps, o);
          if (m.meta.strategy === 'primary' && m.meta.sources.length >= 2) fallbacks++;
        }
      }),
      { numRuns: 120 },
    );
    // The property above only means something if fallbacks actually happened.
    expect(fallbacks).toBeGreaterThan(10);
  });

  it('a masked answer never appears (uniquely tagged responses)', async () => {
    const tagged = fc
      .array(fc.tuple(textArb, textArb), { minLength: 2, maxLength: 25 })
      .map((ts) => toPairs(ts.map(([p, r], i) => [p, `«R${i}» ${r}`] as const)));
    const opts = optionsArb.map((o) => ({ ...o, strategies: ['maskout'], maxTokens: Math.max(o.maxTokens, 800) }));
    await fc.assert(
      fc.asyncProperty(tagged, opts, async (pairs, o) => {
        const { mosaics } = await runAll(pairs, o);
        for (const m of mosaics) {
          const srcs = m.meta.sources;
          m.meta.masked.forEach((n) => expect(m.response).not.toContain(`«R${srcs[n - 1]}»`));
          m.meta.order.forEach((n) => expect(m.response).toContain(`«R${srcs[n - 1]}»`));
          // Tags appear in exactly meta.order.
          const tags = [...m.response.matchAll(/«R(\d+)»/g)].map((x) => Number(x[1]));
          expect(tags).toEqual(m.meta.order.map((n) => srcs[n - 1]));
        }
      }),
      { numRuns: 60 },
    );
  });
});
