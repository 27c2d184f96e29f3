import { describe, expect, it } from 'vitest';
import { histogram, lengthStats, nearestRank } from '../../src/inspect/length-stats.js';

// The per-pair lengths of test/fixtures/inspect/pairs.jsonl under the approx counter
// (worked out in inspect-datasets.test.ts), in file order.
const FIXTURE = [4, 5, 4, 7, 5, 13, 14, 8, 7, 22];

describe('nearestRank', () => {
  const sorted = [10, 20, 30, 40, 50, 60, 70, 80, 90, 100];
  it('is the ceil(p/100 * n)-th smallest value', () => {
    expect(nearestRank(sorted, 50)).toBe(50); // ceil(5) = 5th
    expect(nearestRank(sorted, 51)).toBe(60); // ceil(5.1) = 6th
    expect(nearestRank(sorted, 90)).toBe(90); // ceil(9) = 9th
    expect(nearestRank(sorted, 91)).toBe(100); // ceil(9.1) = 10th
    expect(nearestRank(sorted, 100)).toBe(100);
    expect(nearestRank(sorted, 0)).toBe(10); // rank at least 1
  });

  it('takes exact ranks where p/100 * n is a whole number in decimal but not in binary', () => {
    // 7 / 100 * 100 is 7.000000000000001 in floating point, whose ceil would be rank 8;
    // 7% of 100 values is the 7th.
    const hundred = Array.from({ length: 100 }, (_, i) => i + 1);
    expect(nearestRank(hundred, 7)).toBe(7);
    const twenty = Array.from({ length: 20 }, (_, i) => i + 1);
    expect(nearestRank(twenty, 95)).toBe(19);
  });

  it('refuses an empty list', () => {
    expect(() => nearestRank([], 50)).toThrow(RangeError);
  });
});

describe('lengthStats', () => {
  it('matches the hand-computed stats of the fixture', () => {
    // sorted: 4 4 5 5 7 7 8 13 14 22; total 89; n = 10
    // p50: ceil(5) = 5th = 7; p90: ceil(9) = 9th = 14; p95: ceil(9.5) = 10th = 22; p99: 10th = 22
    expect(lengthStats(FIXTURE)).toEqual({ count: 10, total: 89, min: 4, p50: 7, p90: 14, p95: 22, p99: 22, max: 22, mean: 8.9 });
  });

  it('leaves its input unsorted and gives null for no lengths', () => {
    const input = Float64Array.from(FIXTURE);
    lengthStats(input);
    expect(Array.from(input)).toEqual(FIXTURE);
    expect(lengthStats([])).toBeNull();
  });

  it('sorts numerically, not as text', () => {
    // As text the order would be "100" < "20" < "9": min 100, max 9.
    expect(lengthStats([100, 9, 20])).toMatchObject({ min: 9, p50: 20, max: 100 });
  });
});

describe('histogram', () => {
  it('10 bins over the fixture: width ceil((22 - 4 + 1) / 10) = 2', () => {
    expect(histogram(FIXTURE, 10)).toEqual([
      { from: 4, to: 5, count: 4 }, // 4 4 5 5
      { from: 6, to: 7, count: 2 }, // 7 7
      { from: 8, to: 9, count: 1 }, // 8
      { from: 10, to: 11, count: 0 },
      { from: 12, to: 13, count: 1 }, // 13
      { from: 14, to: 15, count: 1 }, // 14
      { from: 16, to: 17, count: 0 },
      { from: 18, to: 19, count: 0 },
      { from: 20, to: 21, count: 0 },
      { from: 22, to: 22, count: 1 }, // 22; the last bin stops at max
    ]);
  });

  it('4 bins: width ceil(19 / 4) = 5', () => {
    expect(histogram(FIXTURE, 4)).toEqual([
      { from: 4, to: 8, count: 7 }, // 4 4 5 5 7 7 8
      { from: 9, to: 13, count: 1 },
      { from: 14, to: 18, count: 1 },
      { from: 19, to: 22, count: 1 },
    ]);
  });

  it('fewer bins when the lengths span fewer integers, one bin for one length', () => {
    expect(histogram([3, 5, 5], 10)).toEqual([
      { from: 3, to: 3, count: 1 },
      { from: 4, to: 4, count: 0 },
      { from: 5, to: 5, count: 2 },
    ]);
    expect(histogram([7, 7], 10)).toEqual([{ from: 7, to: 7, count: 2 }]);
    expect(histogram([], 10)).toEqual([]);
  });

  it('counts every length exactly once', () => {
    const lengths = Array.from({ length: 1000 }, (_, i) => (i * 7919) % 2048);
    for (const bins of [1, 3, 10, 64]) {
      const h = histogram(lengths, bins);
      expect(h.length).toBeLessThanOrEqual(bins);
      expect(h.reduce((s, b) => s + b.count, 0)).toBe(1000);
      for (const b of h) expect(lengths.filter((n) => n >= b.from && n <= b.to).length).toBe(b.count);
    }
  });

  it('refuses a bin count that is not a whole number >= 1', () => {
    expect(() => histogram(FIXTURE, 0)).toThrow(RangeError);
    expect(() => histogram(FIXTURE, 2.5)).toThrow(RangeError);
  });
});
