/** Summary of per-sample token lengths. */
export interface LengthStats {
  readonly count: number;
  readonly total: number;
  readonly min: number;
  readonly p50: number;
  readonly p90: number;
  readonly p95: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
}

/** One histogram bin: lengths from `from` to `to`, both inclusive. */
export interface HistogramBin {
  readonly from: number;
  readonly to: number;
  readonly count: number;
}

/**
 * Nearest-rank percentile of ascending `sorted`: the ceil(p/100 * n)-th smallest value
 * (the smallest for p = 0). Chosen over interpolation because it is always a length
 * that occurs in the data and can be checked by hand. p * n is multiplied before the
 * division: 7 / 100 * 100 is 7.000000000000001 in floating point, whose ceil is 8.
 */
export function nearestRank(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0) throw new RangeError('no values');
  const rank = Math.max(1, Math.ceil((p * n) / 100));
  return sorted[Math.min(rank, n) - 1] as number;
}

/** Stats of the lengths, or null when there are none. `lengths` is not modified. */
export function lengthStats(lengths: ArrayLike<number>): LengthStats | null {
  if (lengths.length === 0) return null;
  const sorted = sortedCopy(lengths);
  let total = 0;
  for (let i = 0; i < sorted.length; i++) total += sorted[i] as number;
  return {
    count: sorted.length,
    total,
    min: sorted[0] as number,
    p50: nearestRank(sorted, 50),
    p90: nearestRank(sorted, 90),
    p95: nearestRank(sorted, 95),
    p99: nearestRank(sorted, 99),
    max: sorted[sorted.length - 1] as number,
    mean: total / sorted.length,
  };
}

/** Most histogram bins inspect draws when not told (inspect --bins). */
export const DEFAULT_BINS = 10;

/**
 * Equal-width bins over the integers min..max: each bin spans `width` integers, the
 * smallest width that needs at most `bins` bins. Integer edges keep every range readable
 * ("120-159") and every count checkable; the last bin stops at max. Fewer bins than asked
 * come out when the lengths span fewer integers than `bins` times the width.
 */
export function histogram(lengths: ArrayLike<number>, bins: number): HistogramBin[] {
  if (!Number.isInteger(bins) || bins < 1) throw new RangeError(`bins must be a whole number >= 1, got ${bins}`);
  if (lengths.length === 0) return [];
  let min = Infinity;
  let max = -Infinity;
  for (let i = 0; i < lengths.length; i++) {
    const v = lengths[i] as number;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const width = Math.max(1, Math.ceil((max - min + 1) / bins));
  const used = Math.floor((max - min) / width) + 1;
  const counts = new Float64Array(used);
  for (let i = 0; i < lengths.length; i++) {
    const at = Math.floor(((lengths[i] as number) - min) / width);
    counts[at] = (counts[at] as number) + 1;
  }
  return Array.from(counts, (count, i) => ({ from: min + i * width, to: Math.min(max, min + (i + 1) * width - 1), count }));
}

function sortedCopy(values: ArrayLike<number>): Float64Array {
  // Typed-array sort is numeric; a plain array's default sort would compare strings.
  const copy = Float64Array.from(values);
  copy.sort();
  return copy;
}
