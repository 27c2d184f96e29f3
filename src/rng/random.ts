import seedrandom from 'seedrandom';

/**
 * A seeded random source. Every random choice in mosaic-it goes through one of these;
 * nothing reads Math.random, the clock, or the order of anything unordered.
 */
export interface Rng {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Uniform integer in [lo, hi], both included. */
  between(lo: number, hi: number): number;
  /** One element, uniformly. The array must not be empty. */
  pick<T>(items: readonly T[]): T;
  /** True with probability p. */
  chance(p: number): boolean;
  /** A new array with the items in a uniformly random order (Fisher-Yates). */
  shuffled<T>(items: readonly T[]): T[];
}

/**
 * An independent stream for one purpose, named by the seed and a path such as
 * ("compose", epoch, group). Separate streams mean a change in one decision does not
 * shift every later one, and any group can be rebuilt on its own (sharding relies on it).
 * Alea is used because it is fast to seed, which matters with one stream per group.
 */
export function rngFor(seed: number | string, ...path: Array<string | number>): Rng {
  return wrap(seedrandom.alea([String(seed), ...path.map(String)].join('\u001f')));
}

function wrap(source: () => number): Rng {
  const rng: Rng = {
    next: source,
    int(n) {
      return Math.floor(source() * n);
    },
    between(lo, hi) {
      return lo + Math.floor(source() * (hi - lo + 1));
    },
    pick(items) {
      if (items.length === 0) throw new RangeError('pick from an empty list');
      return items[Math.floor(source() * items.length)] as (typeof items)[number];
    },
    chance(p) {
      return source() < p;
    },
    shuffled(items) {
      const out = items.slice();
      shuffleInPlace(out, rng);
      return out;
    },
  };
  return rng;
}

/** Fisher-Yates over any indexable array (typed arrays included, for large inputs). */
export function shuffleInPlace<T>(items: { length: number; [i: number]: T }, rng: Rng): void {
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(rng.next() * (i + 1));
    const tmp = items[i] as T;
    items[i] = items[j] as T;
    items[j] = tmp;
  }
}

/** Weighted choice; weights must be positive. */
export function pickWeighted<T>(items: readonly T[], weights: readonly number[], rng: Rng): T {
  let total = 0;
  for (const w of weights) total += w;
  let r = rng.next() * total;
  for (let i = 0; i < items.length; i++) {
    r -= weights[i] as number;
    if (r < 0) return items[i] as T;
  }
  // Floating-point rounding can leave r at a hair above zero; the last item takes it.
  return items[items.length - 1] as T;
}
