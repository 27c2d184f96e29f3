import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  ALPACA,
  ALPACA_COUNT,
  augment,
  byEpoch,
  checkProvenance,
  jsonl,
  loadAlpaca,
  range1,
  readJsonlFile,
  summaryCounts,
  tempDir,
  withMeta,
  writeFixture,
  type AlpacaIn,
  type MetaRecord,
} from '../helpers/e2e-cli.js';

const work = tempDir();
let alpaca: AlpacaIn[] = [];

/** Runs augment --meta into the shared temp folder and returns the records and summary. */
async function run(name: string, inputs: readonly string[], flags: readonly string[] = [], input?: string) {
  const out = join(work.dir, name);
  const r = await augment(inputs, out, ['--meta', ...flags], input === undefined ? {} : { input });
  expect(r.status, r.stderr).toBe(0);
  return { records: withMeta(readJsonlFile(out)), summary: summaryCounts(r.stderr) };
}

/** Each epoch's sources, checked to be used at most once within the epoch. */
function epochSourceSets(records: readonly MetaRecord[]): Map<number, Set<number>> {
  const sets = new Map<number, Set<number>>();
  for (const [epoch, list] of byEpoch(records)) {
    const seen = new Set<number>();
    for (const r of list) {
      for (const s of r.meta.sources) {
        expect(seen.has(s), `epoch ${epoch} uses source ${s} twice`).toBe(false);
        seen.add(s);
      }
    }
    sets.set(epoch, seen);
  }
  return sets;
}

beforeAll(() => {
  alpaca = loadAlpaca();
  expect(alpaca.length).toBe(ALPACA_COUNT);
});
afterAll(() => work.cleanup());

describe('--meta provenance on alpaca_en_demo.json (defaults)', () => {
  let records: MetaRecord[] = [];
  let summary: ReturnType<typeof summaryCounts>;
  beforeAll(async () => {
    ({ records, summary } = await run('default.jsonl', [ALPACA]));
  });

  it('every record quotes its sources verbatim, in order, and stays within 2048 tokens', async () => {
    expect(records.length).toBe(summary.mosaics);
    records.forEach((r, i) => checkProvenance(r, alpaca, 2048, `record ${i}`));
  });

  it('uses several strategies and groups of more than one pair', async () => {
    const strategies = new Set(records.map((r) => r.meta.strategy));
    expect(strategies).toEqual(new Set(['primary', 'format', 'permute', 'maskout']));
    expect(records.some((r) => r.meta.sources.length > 1)).toBe(true);
    expect(Math.max(...records.map((r) => r.meta.sources.length))).toBeLessThanOrEqual(10);
  });

  it('has epochs 0..3 in order, each using every kept pair exactly once', async () => {
    const epochs = records.map((r) => r.meta.epoch);
    expect([...new Set(epochs)]).toEqual([0, 1, 2, 3]);
    expect(epochs).toEqual([...epochs].sort((a, b) => a - b));
    const dropped = summary.dropped ?? 0;
    const sets = epochSourceSets(records);
    const all = range1(ALPACA_COUNT).map((n) => n - 1);
    for (const [epoch, set] of sets) {
      expect(set.size, `epoch ${epoch} covers all pairs but the ${dropped} dropped`).toBe(ALPACA_COUNT - dropped);
      expect(all.filter((s) => !set.has(s)), `epoch ${epoch} misses the same pairs as epoch 0`).toEqual(
        all.filter((s) => !(sets.get(0) as Set<number>).has(s)),
      );
    }
  });

  it('epochs are shuffled differently', async () => {
    const firstSources = [0, 1].map((e) => records.filter((r) => r.meta.epoch === e).flatMap((r) => r.meta.sources));
    expect(firstSources[0]).not.toEqual(firstSources[1]);
  });
});

describe('--max-tokens 256 on alpaca_en_demo.json', () => {
  it('drops pairs over the budget, reports how many, keeps every record within it, and never uses the dropped pairs', async () => {
    const { records, summary } = await run('budget.jsonl', [ALPACA], ['--max-tokens', '256']);
    expect(summary.dropped).not.toBeNull();
    const dropped = summary.dropped as number;
    expect(dropped).toBeGreaterThan(0);
    expect(dropped).toBeLessThan(ALPACA_COUNT);
    records.forEach((r, i) => checkProvenance(r, alpaca, 256, `record ${i}`));
    const sets = epochSourceSets(records);
    expect([...sets.keys()]).toEqual([0, 1, 2, 3]);
    const used = new Set(records.flatMap((r) => r.meta.sources));
    expect(ALPACA_COUNT - used.size, 'pairs never used = pairs reported dropped').toBe(dropped);
    for (const [epoch, set] of sets) {
      expect(set.size, `epoch ${epoch}`).toBe(ALPACA_COUNT - dropped);
      expect([...set].every((s) => used.has(s))).toBe(true);
      // Every epoch uses the same kept set: a dropped pair appears in none.
      expect([...used].every((s) => set.has(s)), `epoch ${epoch} uses a pair another epoch dropped`).toBe(true);
    }
  });
});

describe('several inputs', () => {
  it('continues source indices across the same file given twice', async () => {
    const { records } = await run('twice.jsonl', [ALPACA, ALPACA], ['--epochs', '1']);
    const doubled = [...alpaca, ...alpaca];
    records.forEach((r, i) => checkProvenance(r, doubled, 2048, `record ${i}`));
    const sets = epochSourceSets(records);
    expect([...sets.keys()]).toEqual([0]);
    const set = sets.get(0) as Set<number>;
    expect(set.size).toBe(2 * ALPACA_COUNT);
    expect(Math.max(...set)).toBe(2 * ALPACA_COUNT - 1);
  });

  it('numbers records in the order the files are given (JSONL then JSON array, and reversed)', async () => {
    const a: AlpacaIn[] = [
      { instruction: 'Name a primary colour.', input: '', output: 'Red is a primary colour.' },
      { instruction: 'Translate to French.', input: 'Good morning', output: 'Bonjour.' },
      { instruction: 'What is 2 + 3?', output: 'Two plus three is five.' },
    ];
    const b: AlpacaIn[] = [
      { instruction: 'Give a synonym for quick.', input: '', output: 'Fast.' },
      { instruction: 'Summarise the sentence.', input: 'The cat sat on the warm mat all afternoon.', output: 'A cat lazed on a mat.' },
      { instruction: 'Spell the word cat backwards.', output: 'The word backwards is tac.' },
      { instruction: 'Name the largest planet.', input: '', output: 'Jupiter is the largest planet.' },
    ];
    const fa = writeFixture(work.dir, 'a.jsonl', jsonl(a));
    const fb = writeFixture(work.dir, 'b.json', JSON.stringify(b, null, 2));
    for (const [name, files, data] of [
      ['ab.jsonl', [fa, fb], [...a, ...b]],
      ['ba.jsonl', [fb, fa], [...b, ...a]],
    ] as const) {
      const { records, summary } = await run(name, files, ['--epochs', '3', '--max-k', '4', '--seed', '5']);
      expect(summary.pairs).toBe(7);
      records.forEach((r, i) => checkProvenance(r, data, 2048, `${name} record ${i}`));
      for (const [epoch, set] of epochSourceSets(records)) {
        expect([...set].sort((x, y) => x - y), `${name} epoch ${epoch}`).toEqual([0, 1, 2, 3, 4, 5, 6]);
      }
    }
  });

  it('numbers stdin ("-") in its place among the inputs', async () => {
    const a: AlpacaIn[] = [
      { instruction: 'Say hello.', output: 'Hello there, friend.' },
      { instruction: 'Count to three.', output: 'One, two, three.' },
    ];
    const b: AlpacaIn[] = [
      { instruction: 'Name a fruit.', output: 'An apple is a fruit.' },
      { instruction: 'Name a vegetable.', input: 'green', output: 'Spinach is a green vegetable.' },
      { instruction: 'Name a tree.', output: 'An oak is a tree.' },
    ];
    const fa = writeFixture(work.dir, 'stdin-a.jsonl', jsonl(a));
    const { records, summary } = await run('stdin-mix.jsonl', ['-', fa], ['--epochs', '2', '--max-k', '3'], jsonl(b));
    expect(summary.pairs).toBe(5);
    records.forEach((r, i) => checkProvenance(r, [...b, ...a], 2048, `record ${i}`));
  });
});

describe('strategy and grouping options', () => {
  it('--strategies primary,reverse,random-order,format uses only primary, format and permute reverse/random', async () => {
    const { records } = await run('aliases.jsonl', [ALPACA], ['--strategies', 'primary,reverse,random-order,format', '--epochs', '2']);
    records.forEach((r, i) => checkProvenance(r, alpaca, 2048, `record ${i}`));
    const strategies = new Set(records.map((r) => r.meta.strategy));
    for (const s of strategies) expect(['primary', 'format', 'permute']).toContain(s);
    const rules = new Set(records.filter((r) => r.meta.strategy === 'permute').map((r) => r.meta.rule));
    expect(rules).toEqual(new Set(['reverse', 'random']));
    for (const r of records) {
      const k = r.meta.sources.length;
      if (r.meta.strategy !== 'permute') {
        expect(r.meta.rule).toBeNull();
        expect(r.meta.order).toEqual(range1(k));
      } else if (r.meta.rule === 'reverse') {
        expect(r.meta.order).toEqual(range1(k).reverse());
      }
    }
  });

  it('--strategies maskout --maskout-rules odd masks exactly the odd-numbered instructions', async () => {
    const { records } = await run('odd.jsonl', [ALPACA], ['--strategies', 'maskout', '--maskout-rules', 'odd', '--epochs', '2']);
    records.forEach((r, i) => checkProvenance(r, alpaca, 2048, `record ${i}`));
    const multi = records.filter((r) => r.meta.sources.length > 1);
    expect(multi.length).toBeGreaterThan(0);
    // The odd rule needs four instructions; smaller groups fall back to primary.
    expect(multi.some((r) => r.meta.sources.length >= 4)).toBe(true);
    for (const r of multi) {
      const k = r.meta.sources.length;
      if (k < 4) {
        expect(r.meta.strategy).toBe('primary');
        continue;
      }
      expect(r.meta.strategy).toBe('maskout');
      expect(r.meta.rule).toBe('odd');
      expect(r.meta.masked).toEqual(range1(k).filter((n) => n % 2 === 1));
      expect(r.meta.order).toEqual(range1(k).filter((n) => n % 2 === 0));
      expect(r.meta.numbered, 'odd/even masks need visible numbers').toBe(true);
    }
    for (const r of records.filter((x) => x.meta.sources.length === 1)) {
      expect(r.meta.strategy).not.toBe('maskout');
      expect(r.meta.masked).toEqual([]);
    }
  });

  it('--k-dist fixed --max-k 3 makes groups of 3 when the budget allows', async () => {
    // 999 = 3 x 333 and a budget no group comes near: every group has exactly 3.
    const { records } = await run('fixed.jsonl', [ALPACA], ['--k-dist', 'fixed', '--max-k', '3', '--max-tokens', '1000000', '--epochs', '2']);
    expect(records.map((r) => r.meta.sources.length)).toEqual(new Array(2 * 333).fill(3));
    records.forEach((r, i) => checkProvenance(r, alpaca, 1000000, `record ${i}`));
  });

  it('--k-dist fixed --max-k 3 leaves a short group only at the end of an epoch', async () => {
    const pairs: AlpacaIn[] = range1(10).map((n) => ({ instruction: `Write the number ${n} in words.`, output: `The number is ${n}.` }));
    const f = writeFixture(work.dir, 'ten.jsonl', jsonl(pairs));
    const { records } = await run('fixed-ten.jsonl', [f], ['--k-dist', 'fixed', '--max-k', '3', '--epochs', '3']);
    records.forEach((r, i) => checkProvenance(r, pairs, 2048, `record ${i}`));
    for (const [epoch, list] of byEpoch(records)) {
      expect(list.map((r) => r.meta.sources.length), `epoch ${epoch}`).toEqual([3, 3, 3, 1]);
    }
  });

  it('--k-dist fixed --max-k 3 on the default budget: short groups only at epoch ends or budget cuts', async () => {
    const { records } = await run('fixed-budget.jsonl', [ALPACA], ['--k-dist', 'fixed', '--max-k', '3', '--epochs', '2']);
    records.forEach((r, i) => checkProvenance(r, alpaca, 2048, `record ${i}`));
    for (const [epoch, list] of byEpoch(records)) {
      list.forEach((r, i) => {
        const k = r.meta.sources.length;
        expect(k).toBeLessThanOrEqual(3);
        if (k < 3 && i < list.length - 1) {
          // Cut by the budget: the pair that starts the next group could not be added.
          // Its own size plus this group's tokens must come near the budget; a sample
          // far from 2048 tokens with room left would be a wrongly short group.
          const next = list[i + 1] as MetaRecord;
          const nextPair = alpaca[next.meta.sources[0] as number] as AlpacaIn;
          const roughNext = (nextPair.instruction.length + (nextPair.input ?? '').length + nextPair.output.length) / 2;
          expect(r.meta.tokens + roughNext, `epoch ${epoch} group ${i} is short without a budget reason`).toBeGreaterThan(2048 * 0.5);
        }
      });
    }
  });

  it('--epochs 1 produces only epoch 0, using every pair once', async () => {
    const { records } = await run('one.jsonl', [ALPACA], ['--epochs', '1']);
    expect(new Set(records.map((r) => r.meta.epoch))).toEqual(new Set([0]));
    const set = epochSourceSets(records).get(0) as Set<number>;
    expect(set.size).toBe(ALPACA_COUNT);
  });
});
