import { totalmem } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import { UsageError } from '../errors.js';
import type { Shard } from '../mosaic/augment.js';

const UNITS: Readonly<Record<string, number>> = { '': 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40 };

/** "512M", "2G", "1.5GiB", "800MB", "1073741824" -> bytes (binary units: M = 2^20). */
export function parseMemoryFlag(text: string, flag = '--memory'): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*$/i.exec(text);
  const bytes = match ? Math.floor(Number(match[1]) * (UNITS[(match[2] ?? '').toLowerCase()] as number)) : NaN;
  if (!Number.isFinite(bytes) || bytes < 1) {
    throw new UsageError(`expected a size such as 512M, 2G or 1.5GiB, found ${JSON.stringify(text)}`, flag);
  }
  return bytes;
}

/**
 * The memory budget for pair texts when --memory is not given: an eighth of the
 * machine's RAM, and at most a quarter of the JavaScript heap, where the texts live (the
 * rest of the heap is the working set of reading and writing). Past it, texts spill to
 * disk, so a dataset larger than memory still runs.
 */
export function defaultMemoryBudget(): number {
  return Math.floor(Math.min(totalmem() / 8, getHeapStatistics().heap_size_limit / 4));
}

/** "i/n", 0 <= i < n: this run's share when n runs split the work. */
export function parseShardFlag(text: string, flag = '--shard'): Shard {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(count)) {
    throw new UsageError(`expected i/n such as 0/4 (run i of n, counted from 0), found ${JSON.stringify(text)}`, flag);
  }
  if (count < 1 || index >= count) {
    throw new UsageError(`expected 0 <= i < n in i/n, found ${JSON.stringify(text)}`, flag);
  }
  return { index, count };
}
