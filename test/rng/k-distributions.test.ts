import { describe, expect, it } from 'vitest';
import { K_DISTRIBUTIONS, kSampler, type KDistribution } from '../../src/rng/k-distributions.js';
import { rngFor } from '../../src/rng/random.js';

function draws(dist: KDistribution, maxK: number, n: number, seed: number | string = 11, ...path: Array<string | number>): number[] {
  const sample = kSampler(dist, maxK);
  const rng = rngFor(seed, 'k-test', dist, maxK, ...path);
  return Array.from({ length: n }, () => sample(rng));
}

function histogram(values: readonly number[], maxK: number): number[] {
  const h = new Array<number>(maxK + 1).fill(0);
  for (const v of values) h[v] = (h[v] as number) + 1;
  return h;
}

const mean = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0) / xs.length;

const SKEWED: readonly KDistribution[] = ['exp', 'pareto', 'lognormal', 'logistic'];

describe('kSampler ranges', () => {
  for (const dist of K_DISTRIBUTIONS) {
    for (const maxK of [1, 2, 3, 5, 10, 17]) {
      it(`${dist} with maxK ${maxK} draws integers in [1, ${maxK}]`, () => {
        for (const k of draws(dist, maxK, 2000)) {
          if (dist === 'all') {
            expect(k).toBe(Number.POSITIVE_INFINITY);
            continue;
          }
          expect(Number.isInteger(k)).toBe(true);
          expect(k).toBeGreaterThanOrEqual(1);
          expect(k).toBeLessThanOrEqual(maxK);
        }
      });
    }
  }

  it('fixed is always maxK', () => {
    for (const maxK of [1, 4, 10]) expect(new Set(draws('fixed', maxK, 500))).toEqual(new Set([maxK]));
  });

  it('rejects a maxK that is not a positive integer', () => {
    for (const bad of [0, -1, 1.5, Number.NaN]) {
      expect(() => kSampler('uniform', bad)).toThrow(RangeError);
    }
  });
});

describe('kSampler shapes', () => {
  it('uniform hits every value 1..maxK about equally often', () => {
    const maxK = 10;
    const n = 20_000;
    const h = histogram(draws('uniform', maxK, n), maxK);
    for (let k = 1; k <= maxK; k++) {
      // Expected 2000, sd ~42: 200 is almost 5 sd.
      expect(h[k]).toBeGreaterThan(n / maxK - 200);
      expect(h[k]).toBeLessThan(n / maxK + 200);
    }
  });

  // P(k = maxK) = P(x < 1 | accepted), from the laws in DESIGN.md, for maxK = 10.
  const P_MAX: Record<string, number> = {
    exp: (1 - Math.exp(-1)) / (1 - Math.exp(-10)), // 0.632
    pareto: 0.5 / (10 / 11), // x = 1/(1-U) - 1: P(x < 1) = 1/2, P(x < 10) = 10/11
    lognormal: 0.5 / 0.98935, // P(e^Z < 1) / P(e^Z < 10) = 0.5 / Phi(ln 10)
    logistic: (1 / (1 + Math.exp(-0.5)) - 0.5) / (1 / (1 + Math.exp(-5)) - 0.5), // scale 2 on (0, 10)
  };

  for (const dist of SKEWED) {
    it(`${dist} has its mode at maxK and its mean above uniform's`, () => {
      const maxK = 10;
      const n = 20_000;
      const values = draws(dist, maxK, n);
      const h = histogram(values, maxK);
      const mode = h.indexOf(Math.max(...h));
      expect(mode).toBe(maxK);
      expect(mean(values)).toBeGreaterThan((maxK + 1) / 2 + 1);
      expect(Math.abs((h[maxK] as number) / n - (P_MAX[dist] as number))).toBeLessThan(0.02);
      // The whole range is reachable, not just the top (maxK 4: P(k = 1) >= 0.02 for all four).
      const small = histogram(draws(dist, 4, 5000), 4);
      for (let k = 1; k <= 4; k++) expect(small[k]).toBeGreaterThan(20);
    });
  }

  it('with maxK 1 every distribution but "all" gives 1', () => {
    for (const dist of K_DISTRIBUTIONS) {
      if (dist === 'all') continue;
      expect(new Set(draws(dist, 1, 300))).toEqual(new Set([1]));
    }
  });
});

describe('kSampler determinism', () => {
  for (const dist of K_DISTRIBUTIONS) {
    if (dist === 'fixed' || dist === 'all') continue;
    it(`${dist}: same seed path, same sequence; other seed or path, other sequence`, () => {
      const a = draws(dist, 10, 200, 5, 'epoch', 0);
      const b = draws(dist, 10, 200, 5, 'epoch', 0);
      expect(b).toEqual(a);
      expect(draws(dist, 10, 200, 6, 'epoch', 0)).not.toEqual(a);
      expect(draws(dist, 10, 200, 5, 'epoch', 1)).not.toEqual(a);
      expect(draws(dist, 10, 200, '5', 'epoch', 0)).toEqual(a); // seeds are named by their text
    });
  }
});
