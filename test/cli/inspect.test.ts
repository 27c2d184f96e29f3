import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALPACA, ALPACA_COUNT, augment, readJsonlFile, runCli, STACK_FRAME, stderrLines, useTempDirs, withMeta, writeFixture } from '../helpers/e2e-cli.js';

const dir = useTempDirs();

import { MOSAIC_MIX, MOSAICS, PAIRS } from '../helpers/inspect-fixture.js';

/** The JSON report, as a script would read it; the test restates only the keys it needs. */
interface Report {
  tokenizer: { name: string; exact: boolean };
  baselineEpochs: number;
  sources: { files: string[]; records: number; pairs: number } | null;
  files: Array<{
    file: string;
    format: string | null;
    records: number;
    pairs: number;
    skipped: Record<string, number>;
    tokens: { count: number; total: number; min: number; p50: number; p90: number; p95: number; p99: number; max: number; mean: number } | null;
    histogram: Array<{ from: number; to: number; count: number }>;
    mosaic: {
      mosaics: number;
      k: Array<{ k: number; count: number }>;
      strategies: Record<string, number>;
      rules: Record<string, number>;
      epochs: number[];
      sourcesUsed: number;
    } | null;
    cost: {
      baselineEpochs: number;
      mosaic: { samples: number; tokens: number; passes: Array<{ epoch: number; samples: number; tokens: number }> };
      baseline: { samplesPerEpoch: number; tokensPerEpoch: number | null; samples: number; tokens: number | null };
      ratio: { samples: number | null; tokens: number | null };
      saving: { samples: number | null; tokens: number | null };
    } | null;
  }>;
}

async function inspectJson(args: readonly string[]): Promise<Report> {
  const r = await runCli(['inspect', '--json', ...args]);
  expect(r.status, r.stderr).toBe(0);
  expect(r.stderr).toBe('');
  return JSON.parse(r.stdout.toString('utf8')) as Report;
}

const sum = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

describe('inspect --json on the hand-written fixtures (hand-computed in test/inspect/datasets.test.ts)', () => {
  it('pairs.jsonl: 11 records, 10 pairs, one multi-turn skip; lengths 4 5 4 7 5 13 14 8 7 22', async () => {
    const report = await inspectJson([PAIRS, '--tokenizer', 'approx']);
    expect(report.tokenizer).toEqual({ name: 'approx', exact: false });
    const [file] = report.files;
    expect(file).toMatchObject({ file: PAIRS, format: 'alpaca', records: 11, pairs: 10, mosaic: null, cost: null });
    expect(file?.skipped['multi-turn']).toBe(1);
    // sorted 4 4 5 5 7 7 8 13 14 22: total 89; nearest rank p50 5th, p90 9th, p95 10th
    expect(file?.tokens).toEqual({ count: 10, total: 89, min: 4, p50: 7, p90: 14, p95: 22, p99: 22, max: 22, mean: 8.9 });
    // width ceil(19 / 10) = 2 from 4
    expect(file?.histogram.map((b) => [b.from, b.to, b.count])).toEqual([
      [4, 5, 4],
      [6, 7, 2],
      [8, 9, 1],
      [10, 11, 0],
      [12, 13, 1],
      [14, 15, 1],
      [16, 17, 0],
      [18, 19, 0],
      [20, 21, 0],
      [22, 22, 1],
    ]);
  });

  it('mosaics.jsonl with --sources and --baseline-epochs 2: k, mixes and cost', async () => {
    const report = await inspectJson([MOSAICS, '--tokenizer', 'approx', '--sources', PAIRS, '--baseline-epochs', '2', '--bins', '3']);
    expect(report.baselineEpochs).toBe(2);
    expect(report.sources).toEqual({ files: [PAIRS], records: 11, pairs: 10 });
    const [file] = report.files;
    // lengths 33 29 59 14 104 49 14
    expect(file?.tokens).toEqual({ count: 7, total: 302, min: 14, p50: 33, p90: 104, p95: 104, p99: 104, max: 104, mean: 302 / 7 });
    // 3 bins over 14..104: width ceil(91 / 3) = 31: 14-44 (14 14 29 33), 45-75 (49 59), 76-104 (104)
    expect(file?.histogram).toEqual([
      { from: 14, to: 44, count: 4 },
      { from: 45, to: 75, count: 2 },
      { from: 76, to: 104, count: 1 },
    ]);
    expect(file?.mosaic).toEqual(MOSAIC_MIX);
    // 2 epochs of plain tuning: 20 samples, 2 * 89 = 178 tokens; 7 / 20 = 0.35; 302 / 178
    expect(file?.cost).toEqual({
      baselineEpochs: 2,
      mosaic: {
        samples: 7,
        tokens: 302,
        passes: [
          { epoch: 0, samples: 4, tokens: 135 },
          { epoch: 1, samples: 3, tokens: 167 },
        ],
      },
      baseline: { samplesPerEpoch: 10, tokensPerEpoch: 89, samples: 20, tokens: 178 },
      ratio: { samples: 7 / 20, tokens: 302 / 178 },
      saving: { samples: 1 - 7 / 20, tokens: 1 - 302 / 178 },
    });
  });

  it('several files, one section each, in the order given; stdin as "-"', async () => {
    const r = await runCli(['inspect', '--json', '--tokenizer', 'approx', MOSAICS, '-'], { input: `${JSON.stringify({ instruction: 'Say hi', output: 'Hi.' })}\n` });
    expect(r.status, r.stderr).toBe(0);
    const report = JSON.parse(r.stdout.toString('utf8')) as Report;
    expect(report.files.map((f) => [f.file, f.records, f.tokens?.total])).toEqual([
      [MOSAICS, 7, 302],
      ['<stdin>', 1, 4], // "Say hi" 2 + "Hi." 2
    ]);
  });
});

describe('inspect text report', () => {
  it('prints the stats, the histogram, the mixes and the cost on stdout', async () => {
    const r = await runCli(['inspect', '--tokenizer', 'approx', '--sources', PAIRS, PAIRS, MOSAICS]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe('');
    const text = r.stdout.toString('utf8');
    expect(text).toContain(`${PAIRS}\n  format     alpaca (detected)\n  records    11\n  pairs      10\n`);
    expect(text).toContain('min 4  p50 7  p90 14  p95 22  p99 22  max 22');
    // the histogram: the largest bin (4 pairs) 40 blocks, the 2-pair bin 20, an empty bin none
    expect(text).toMatch(/^ +4-5 +█{40} +4$/m);
    expect(text).toMatch(/^ +6-7 +█{20} +2$/m);
    expect(text).toMatch(/^ +10-11 {2} {40} +0$/m);
    expect(text).toMatch(/^ +primary +3 +42\.9%$/m);
    expect(text).toContain('77% fewer training samples than 3 epochs of plain tuning');
  });
});

describe('inspect of an augment --meta output', () => {
  it('counted with the same tokenizer, every length is within the budget and k, strategies and passes add up', async () => {
    const work = dir();
    const out = join(work, 'mosaics.jsonl');
    const a = await augment([ALPACA], out, ['--meta', '--tokenizer', 'approx', '--max-tokens', '400', '--epochs', '3', '-q']);
    expect(a.status, a.stderr).toBe(0);
    const records = withMeta(readJsonlFile(out));

    const report = await inspectJson([out, '--tokenizer', 'approx', '--sources', ALPACA]);
    const file = report.files[0];
    if (!file?.tokens || !file.mosaic || !file.cost) throw new Error(`no mosaic report: ${JSON.stringify(file)}`);
    expect(file.records).toBe(records.length);
    expect(file.tokens.max).toBeLessThanOrEqual(400);
    // The same counter as augment's budget: the lengths are meta.tokens.
    expect(file.tokens.total).toBe(sum(records.map((r) => r.meta.tokens)));
    expect(file.tokens.max).toBe(Math.max(...records.map((r) => r.meta.tokens)));
    expect(sum(file.mosaic.k.map((e) => e.count))).toBe(records.length);
    for (const { k, count } of file.mosaic.k) expect(count).toBe(records.filter((r) => r.meta.sources.length === k).length);
    expect(sum(Object.values(file.mosaic.strategies))).toBe(records.length);
    expect(file.mosaic.epochs).toEqual([0, 1, 2]);
    expect(sum(file.histogram.map((b) => b.count))).toBe(records.length);
    expect(file.cost.mosaic.passes.map((p) => p.epoch)).toEqual([0, 1, 2]);
    expect(sum(file.cost.mosaic.passes.map((p) => p.samples))).toBe(records.length);

    // Plain tuning trains once per epoch on every pair some mosaic uses: those not dropped
    // for being over the budget alone, the same set in every pass.
    const used = new Set(records.flatMap((r) => r.meta.sources));
    expect(used.size).toBeLessThanOrEqual(ALPACA_COUNT);
    expect(file.cost.baseline.samplesPerEpoch).toBe(used.size);
    expect(file.cost.baseline.samples).toBe(3 * used.size);
    expect(file.cost.ratio.samples).toBeCloseTo(records.length / (3 * used.size), 12);
    // Each pass holds each used pair once, plus the meta-instructions: more tokens than one epoch.
    expect(file.cost.baseline.tokensPerEpoch).not.toBeNull();
    for (const pass of file.cost.mosaic.passes) expect(pass.tokens).toBeGreaterThanOrEqual(file.cost.baseline.tokensPerEpoch ?? Infinity);
  });
});

describe('inspect errors', () => {
  for (const [flag, value] of [
    ['--baseline-epochs', '0'],
    ['--baseline-epochs', '2.5'],
    ['--bins', '0'],
  ] as const) {
    it(`${flag} ${value}: usage error, exit 2, the flag named`, async () => {
      const r = await runCli(['inspect', PAIRS, flag, value]);
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toContain(flag);
      expect(r.stderr).not.toMatch(STACK_FRAME);
      expect(r.stdout.length).toBe(0);
    });
  }

  it('a broken file: data error, exit 1, one line naming file and line', async () => {
    const work = dir();
    const broken = writeFixture(work, 'broken.jsonl', '{"instruction": "Say hi", "output": "Hi."}\n{"instruction": oops\n');
    const r = await runCli(['inspect', '--tokenizer', 'approx', broken]);
    expect(r.status, r.stderr).toBe(1);
    expect(stderrLines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toContain(`${broken}:2`);
    expect(r.stderr).not.toMatch(STACK_FRAME);
    expect(r.stdout.length).toBe(0);
  });

  it('--sources that are not what augment read: data error, exit 1, one line', async () => {
    const r = await runCli(['inspect', '--tokenizer', 'approx', MOSAICS, '--sources', ALPACA]);
    expect(r.status, r.stderr).toBe(1);
    expect(stderrLines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toContain(`${MOSAICS}:1: meta.sources names record`);
    expect(r.stderr).toContain('--sources');
  });

  it('a later record without meta in a mosaic file: data error naming its line', async () => {
    const work = dir();
    const lines = [
      JSON.stringify({ instruction: 'Say hi', input: '', output: 'Hi.', meta: { epoch: 0, sources: [0], strategy: 'primary', rule: null } }),
      JSON.stringify({ instruction: 'Name a color', input: '', output: 'Blue' }),
    ];
    const file = writeFixture(work, 'partial.jsonl', `${lines.join('\n')}\n`);
    const r = await runCli(['inspect', '--tokenizer', 'approx', file]);
    expect(r.status, r.stderr).toBe(1);
    expect(r.stderr).toContain(`${file}:2: field "meta"`);
    expect(stderrLines(r.stderr)).toHaveLength(1);
  });
});
