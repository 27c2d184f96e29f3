import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { formatInspectReport } from '../../src/cli/inspect-report.js';
import { inspectDatasets } from '../../src/inspect/inspect.js';
import { approxCounter } from '../../src/tokens/approx.js';

const PAIRS = fileURLToPath(new URL('../fixtures/inspect/pairs.jsonl', import.meta.url));
const MOSAICS = fileURLToPath(new URL('../fixtures/inspect/mosaics.jsonl', import.meta.url));

/** The bar of a labelled row: its label, its blocks, its count. */
function bars(text: string): Array<[string, number, number]> {
  return [...text.matchAll(/^ {4} *(\S+) +(█*) +(\d+)$/gm)].map((m) => [m[1] as string, (m[2] as string).length, Number(m[3])]);
}

describe('formatInspectReport', () => {
  it('draws the histogram scaled to the largest bin, 40 blocks wide, with every bin shown', async () => {
    const text = formatInspectReport(await inspectDatasets([PAIRS], { counter: approxCounter }));
    // counts 4 2 1 0 1 1 0 0 0 1: 40 * count / 4 blocks
    expect(bars(text)).toEqual([
      ['4-5', 40, 4],
      ['6-7', 20, 2],
      ['8-9', 10, 1],
      ['10-11', 0, 0],
      ['12-13', 10, 1],
      ['14-15', 10, 1],
      ['16-17', 0, 0],
      ['18-19', 0, 0],
      ['20-21', 0, 0],
      ['22', 10, 1],
    ]);
    expect(text).toContain('min 4  p50 7  p90 14  p95 22  p99 22  max 22');
    expect(text).toContain('skipped    1 record (multi-turn 1)');
    expect(text).toContain('approx, an estimate');
  });

  it('a rare bin next to a crowded one still gets a block', async () => {
    const report = await inspectDatasets([PAIRS], { counter: approxCounter });
    const file = report.files[0];
    if (!file) throw new Error('no file');
    const crowded = { ...report, files: [{ ...file, histogram: [{ from: 1, to: 1, count: 1000 }, { from: 2, to: 2, count: 1 }] }] };
    expect(bars(formatInspectReport(crowded))).toEqual([
      ['1', 40, 1000],
      ['2', 1, 1],
    ]);
  });

  it('states the k distribution, the mixes and the cost in words, with the hint when tokens are unknown', async () => {
    const withSources = formatInspectReport(await inspectDatasets([MOSAICS], { counter: approxCounter, sources: [PAIRS] }));
    expect(withSources).toContain('77% fewer training samples than 3 epochs of plain tuning'); // 1 - 7/30
    expect(withSources).toContain('13% more tokens'); // 302/267 - 1
    expect(withSources).toMatch(/plain tuning, 3 epochs +30 +267$/m);
    expect(withSources).toMatch(/mosaic \/ plain +0\.233 +1\.131$/m);
    expect(withSources).toMatch(/^ {4}permute:reverse +1 +14\.3%$/m);
    const alone = formatInspectReport(await inspectDatasets([MOSAICS], { counter: approxCounter }));
    expect(alone).toMatch(/plain tuning, 3 epochs +30 +\?$/m);
    expect(alone).toContain('pass --sources');
  });
});
