import type { Rng } from './random.js';

export const K_DISTRIBUTIONS = ['uniform', 'fixed', 'all', 'exp', 'pareto', 'lognormal', 'logistic'] as const;
export type KDistribution = (typeof K_DISTRIBUTIONS)[number];

/** Draws the target number of pairs for the next group; Infinity means "as many as fit". */
export type KSampler = (rng: Rng) => number;

/**
 * The skewed distributions follow the Mosaic-IT paper: draw x from a heavy-tailed law,
 * redraw until it lies below max (and above 0 for the logistic, which is symmetric),
 * then k = max - floor(x). Small x is most likely, so k is most often max.
 */
export function kSampler(dist: KDistribution, maxK: number): KSampler {
  if (!Number.isInteger(maxK) || maxK < 1) throw new RangeError(`maxK must be a positive integer, got ${maxK}`);
  switch (dist) {
    case 'uniform':
      return (rng) => rng.between(1, maxK);
    case 'fixed':
      return () => maxK;
    case 'all':
      return () => Number.POSITIVE_INFINITY;
    case 'exp':
      return skewed(maxK, (rng) => -Math.log(1 - rng.next()), (x) => x < maxK);
    case 'pareto':
      // Pareto with shape 1 and scale 1 is 1/U; minus 1 starts its support at 0.
      return skewed(maxK, (rng) => 1 / (1 - rng.next()) - 1, (x) => x < maxK);
    case 'lognormal':
      return skewed(maxK, (rng) => Math.exp(standardNormal(rng)), (x) => x < maxK);
    case 'logistic':
      return skewed(maxK, (rng) => logistic(rng, 2), (x) => x > 0 && x < maxK);
  }
}

function skewed(maxK: number, draw: (rng: Rng) => number, accept: (x: number) => boolean): KSampler {
  return (rng) => {
    let x = draw(rng);
    while (!accept(x)) x = draw(rng);
    return maxK - Math.floor(x);
  };
}

/** Box-Muller; uses two uniforms per normal so the stream stays simple to reason about. */
function standardNormal(rng: Rng): number {
  const u1 = 1 - rng.next(); // (0, 1]: log stays finite
  const u2 = rng.next();
  return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
}

function logistic(rng: Rng, scale: number): number {
  let u = rng.next();
  while (u === 0) u = rng.next();
  return scale * Math.log(u / (1 - u));
}
