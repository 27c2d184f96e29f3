/**
 * Every meta-instruction is true as a careful person reads it (spec/readings.md), over
 * adversarial datasets and over the real data in ../shared/data. What the reader would do
 * comes from helpers/reading-oracle.ts, never from src/'s own measures.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readPairs } from '../../src/io/read-pairs.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { K_DISTRIBUTIONS } from '../../src/rng/k-distributions.js';
import type { Mosaic, Pair } from '../../src/types.js';
import { adversarialPairsArb, nearEqualPairsArb, tagsIn, trapPairsArb } from '../helpers/adversarial-arbitraries.js';
import {
  SORT_RULES,
  cutVerdict,
  markerCollisionIn,
  metaLint,
  numberingCollisionIn,
  separatorCollisionIn,
  sortVerdict,
  statedCounts,
  type SortRule,
} from '../helpers/reading-oracle.js';
import { findInOrder, layoutsOf, type Layout } from '../helpers/unit-oracle.js';
import { runAll } from '../helpers/unit-run.js';

const ALL_STRATEGIES = 'primary,format,permute,maskout';
const ALL_KINDS = [
  'primary',
  'format',
  ...['reverse', 'random', 'alpha', 'alpha-desc', 'words', 'words-desc', 'chars', 'chars-desc', 'odd-even', 'even-odd'].map((r) => `permute:${r}`),
  ...['random', 'longest', 'shortest', 'odd', 'even'].map((r) => `maskout:${r}`),
];

function range1(k: number): number[] {
  return Array.from({ length: k }, (_, i) => i + 1);
}
function same(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((n, i) => n === b[i]);
}
const show = (v: unknown) => {
  const s = JSON.stringify(v);
  return s.length > 300 ? `${s.slice(0, 300)}…` : s;
};

function kindOf(m: Mosaic): string {
  return m.meta.strategy === 'permute' || m.meta.strategy === 'maskout' ? `${m.meta.strategy}:${m.meta.rule}` : m.meta.strategy;
}

/** Order and mask against the rule, as the reader derives them from the prompts alone. */
function ruleProblems(m: Mosaic, prompts: readonly string[]): string[] {
  const k = prompts.length;
  const { strategy, rule, order, masked } = m.meta;
  const out: string[] = [];
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
        const v = sortVerdict(rule as SortRule, prompts);
        if ('doubtful' in v) out.push(`[sort] permute ${rule} chosen but doubtful (${v.doubtful}) for ${show(prompts)}`);
        else if (!same(order, v.order)) out.push(`[sort] permute ${rule} gave ${show(order)}, a reader gets ${show(v.order)} for ${show(prompts)}`);
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
      const v = cutVerdict(rule, prompts, n);
      if ('doubtful' in v) out.push(`[cut] maskout ${rule} n=${n} chosen but doubtful (${v.doubtful}) for ${show(prompts)}`);
      else if (!same(masked, v.order)) out.push(`[cut] maskout ${rule} masked ${show(masked)}, a reader masks ${show(v.order)} for ${show(prompts)}`);
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

function layoutProblems(m: Mosaic, prompts: readonly string[], responses: readonly string[]): string[] {
  const k = prompts.length;
  const out: string[] = [];
  const layouts = layoutsOf(m, prompts, responses);
  if (layouts.length === 0) return [`[layout] no layout explains ${kindOf(m)} k=${k}: ${show(m.prompt)}`];
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
    for (const p of metaLint(meta)) out.push(`[lint] ${p}: ${show(meta)}`);
    const allowed = plausibleCounts(m, k);
    for (const c of statedCounts(meta)) if (!allowed.has(c)) out.push(`[count] states ${c} (k=${k}, masked ${m.meta.masked.length}): ${show(meta)}`);
  }
  return out;
}

/** Every problem a careful reader would find with this mosaic. */
function mosaicProblems(m: Mosaic, pairs: readonly Pair[], tagged: boolean): string[] {
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

/** Checks a run; tallies kinds and what the oracle would allow; returns the problems. */
function checkRun(mosaics: readonly Mosaic[], pairs: readonly Pair[], tagged: boolean, tally: Map<string, number>): string[] {
  const problems: string[] = [];
  const bump = (key: string) => tally.set(key, (tally.get(key) ?? 0) + 1);
  for (const m of mosaics) {
    bump(kindOf(m));
    const prompts = m.meta.sources.map((s) => (pairs[s] as Pair).prompt);
    if (prompts.length >= 2) {
      for (const r of SORT_RULES) if ('order' in sortVerdict(r, prompts)) bump(`oracle-allows:${r}`);
      if ('order' in cutVerdict('longest', prompts, 1)) bump('oracle-allows:longest-1');
    }
    for (const p of mosaicProblems(m, pairs, tagged)) problems.push(`${p}`);
  }
  return problems;
}

function summarize(problems: readonly string[], limit = 8): string {
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
function coverageProblems(mosaics: readonly Mosaic[], pairs: readonly Pair[], epochs: number): string[] {
  const out: string[] = [];
  for (let e = 0; e < epochs; e++) {
    const used = mosaics.filter((m) => m.meta.epoch === e).flatMap((m) => m.meta.sources);
    const sorted = [...used].sort((a, b) => a - b);
    if (!same(sorted, pairs.map((_, i) => i))) out.push(`[coverage] epoch ${e} used sources ${show(sorted)} of ${pairs.length} pairs`);
  }
  return out;
}

const optionsArb = (maxK: number) =>
  fc.record({
    seed: fc.nat({ max: 1_000_000 }),
    epochs: fc.integer({ min: 1, max: 2 }),
    maxK: fc.integer({ min: 2, max: maxK }),
    kDist: fc.constantFrom(...K_DISTRIBUTIONS),
  });

/** Runs augment over each generated dataset and fails with a summary of every problem found. */
async function assertTrueAsRead(
  datasets: fc.Arbitrary<Pair[]>,
  options: fc.Arbitrary<{ seed: number; epochs: number; maxK: number; kDist: string }>,
  seed: number,
  numRuns: number,
): Promise<Map<string, number>> {
  const tally = new Map<string, number>();
  await fc.assert(
    // Shrinking is capped by count, not time, so that nothing here depends on the machine's speed.
    fc.asyncProperty(fc.limitShrink(datasets, 150), fc.limitShrink(options, 20), async (pairs, o) => {
      const { mosaics } = await runAll(pairs, { ...o, maxTokens: 4000, strategies: ALL_STRATEGIES, permuteRules: 'all', maskoutRules: 'all' });
      const problems = [...checkRun(mosaics, pairs, true, tally), ...coverageProblems(mosaics, pairs, o.epochs)];
      if (problems.length > 0) throw new Error(summarize(problems));
    }),
    { seed, numRuns },
  );
  return tally;
}

function sumOf(tally: Map<string, number>, prefix: string): number {
  return [...tally].filter(([k]) => k.startsWith(prefix)).reduce((s, [, n]) => s + n, 0);
}

describe('meta-instructions are true as read', () => {
  it('adversarial datasets: order, sorts, cuts, collisions and wording', { timeout: 180_000 }, async () => {
    const tally = await assertTrueAsRead(adversarialPairsArb(8, 40), optionsArb(10), 1301, 300);
    // The properties above mean something only if rules were chosen, and could have been.
    expect(sumOf(tally, 'permute:'), show([...tally])).toBeGreaterThan(50);
    expect(sumOf(tally, 'maskout:'), show([...tally])).toBeGreaterThan(50);
    for (const r of [...SORT_RULES, 'longest-1']) expect(tally.get(`oracle-allows:${r}`) ?? 0, r).toBeGreaterThan(20);
    const missing = ALL_KINDS.filter((k) => !tally.has(k));
    expect(missing, `kinds never chosen: ${show([...tally])}`).toEqual([]);
  });

  it('near-equal lengths and NFC/NFD twins: sorts and cuts only when not in doubt', { timeout: 180_000 }, async () => {
    const tally = await assertTrueAsRead(nearEqualPairsArb, optionsArb(5), 1302, 250);
    expect(sumOf(tally, 'permute:'), show([...tally])).toBeGreaterThan(20);
    expect(sumOf(tally, 'maskout:'), show([...tally])).toBeGreaterThan(20);
  });

  it('framing traps in every response: no colliding label, separator or marker; no pair lost', { timeout: 180_000 }, async () => {
    const tally = await assertTrueAsRead(trapPairsArb(6, 30), optionsArb(10), 1303, 200);
    expect(sumOf(tally, 'permute:'), show([...tally])).toBeGreaterThan(20);
    expect(sumOf(tally, 'maskout:'), show([...tally])).toBeGreaterThan(20);
    expect(tally.get('format') ?? 0).toBeGreaterThan(0);
  });
});

interface AlpacaRecord {
  instruction: string;
  input?: string;
  output: string;
}
function alpacaPairs(file: string): Pair[] {
  const records = JSON.parse(readFileSync(new URL(`../../../shared/data/${file}`, import.meta.url), 'utf8')) as AlpacaRecord[];
  return records.map((r, source) => ({
    source,
    prompt: r.input ? `${r.instruction}\n${r.input}` : r.instruction,
    response: r.output,
  }));
}

/** The messages datasets, read as augment reads them. */
async function sharedPairs(file: string): Promise<Pair[]> {
  if (file.startsWith('alpaca') || file.startsWith('identity')) return alpacaPairs(file);
  const pairs = await readPairs([fileURLToPath(new URL(`../../../shared/data/${file}`, import.meta.url))], { invalidRecords: 'skip' });
  // Skipped records leave gaps in the record indices; the checks look pairs up by source.
  return pairs.map((p, source) => ({ ...p, source }));
}

describe('meta-instructions on the real data are true as read', () => {
  for (const [file, seeds] of [
    ['alpaca_en_demo.json', [7, 2024, 31337]],
    ['identity.json', [7, 2024, 99, 5]],
    ['kto_en_demo.json', [7, 2024]],
    ['v1_sft_demo.jsonl', [7, 2024]],
  ] as const) {
    it(`${file}: all strategies and rules`, { timeout: 180_000 }, async () => {
      const pairs = await sharedPairs(file);
      expect(pairs.length).toBeGreaterThan(50);
      const tally = new Map<string, number>();
      const problems: string[] = [];
      for (const seed of seeds) {
        const { mosaics } = await runAll(pairs, {
          seed,
          epochs: 2,
          maxK: 10,
          maxTokens: 4000,
          strategies: ALL_STRATEGIES,
          permuteRules: 'all',
          maskoutRules: 'all',
        });
        problems.push(...checkRun(mosaics, pairs, false, tally));
      }
      expect(problems.length, summarize(problems)).toBe(0);
      if (file === 'alpaca_en_demo.json') {
        const missing = ALL_KINDS.filter((k) => !tally.has(k));
        expect(missing, show([...tally])).toEqual([]);
      }
    });
  }
});
