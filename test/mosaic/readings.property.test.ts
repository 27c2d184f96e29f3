/**
 * Every meta-instruction is true as a careful person reads it (spec/readings.md), over
 * adversarial datasets and over the real data in ../shared/data. Each mosaic is read in its
 * own language (meta.lang): English with helpers/reading-oracle.ts, Chinese with
 * helpers/chinese-oracle.ts (whose judge both use), never with src/'s own measures. The
 * Chinese data has its own file, readings-zh.test.ts.
 */
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readPairs } from '../../src/io/read-pairs.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { K_DISTRIBUTIONS } from '../../src/rng/k-distributions.js';
import type { Mosaic, Pair } from '../../src/types.js';
import { adversarialPairsArb, nearEqualPairsArb, trapPairsArb } from '../helpers/adversarial-arbitraries.js';
import { SORT_RULES } from '../helpers/reading-oracle.js';
import { checkRun, coverageProblems, show, summarize } from '../helpers/chinese-oracle.js';
import { runAll } from '../helpers/unit-run.js';

const ALL_STRATEGIES = ['primary', 'format', 'permute', 'maskout'];
const ALL_KINDS = [
  'primary',
  'format',
  ...['reverse', 'random', 'alpha', 'alpha-desc', 'words', 'words-desc', 'chars', 'chars-desc', 'odd-even', 'even-odd'].map((r) => `permute:${r}`),
  ...['random', 'longest', 'shortest', 'odd', 'even'].map((r) => `maskout:${r}`),
];

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
  options: fc.Arbitrary<{ seed: number; epochs: number; maxK: number; kDist: (typeof K_DISTRIBUTIONS)[number] }>,
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
      if (file === 'identity.json') {
        // Its Chinese prompts get Chinese meta-instructions, read here with the Chinese readings.
        expect(sumOf(tally, 'zh:permute:') + sumOf(tally, 'zh:maskout:'), show([...tally])).toBeGreaterThan(10);
        expect(sumOf(tally, 'en:permute:') + sumOf(tally, 'en:maskout:'), show([...tally])).toBeGreaterThan(10);
      }
    });
  }
});

describe('each mosaic is read in its own language', () => {
  it('a mosaic read in the other language, or with its sort undone, is flagged (en and zh)', { timeout: 60_000 }, async () => {
    for (const [file, lang] of [
      ['identity.json', 'zh'],
      ['alpaca_en_demo.json', 'en'],
    ] as const) {
      const pairs = await sharedPairs(file);
      const { mosaics } = await runAll(pairs, { seed: 7, epochs: 1, maxK: 10, maxTokens: 4000, strategies: ['permute'], permuteRules: ['alpha', 'chars', 'reverse'] });
      const m = mosaics.find((x) => x.meta.lang === lang && x.meta.rule === 'alpha' && x.meta.sources.length >= 3) as Mosaic;
      expect(m, `a ${lang} alphabetical mosaic from ${file}`).toBeDefined();
      expect(checkRun([m], pairs, false, new Map())).toEqual([]);
      const otherLang = { ...m, meta: { ...m.meta, lang: m.meta.lang === 'zh' ? 'en' : 'zh' } };
      expect(checkRun([otherLang], pairs, false, new Map()).join('\n')).toMatch(/\[layout\] no (en|zh) layout explains/);
      const unsorted = { ...m, meta: { ...m.meta, order: [...m.meta.order].reverse() } };
      expect(checkRun([unsorted], pairs, false, new Map()).join('\n')).toMatch(new RegExp(`^\\[sort\\] ${lang} permute alpha gave`));
    }
  });
});
