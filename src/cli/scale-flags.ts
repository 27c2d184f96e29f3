import { totalmem } from 'node:os';
import { getHeapStatistics } from 'node:v8';
import { UsageError, OptionError } from '../errors.js';
import type { Shard } from '../mosaic/augment.js';
import { shardFromText, sizeFromText } from '../option-texts.js';

/** "512M", "2G", "1.5GiB", "800MB", "1073741824" -> bytes (binary units: M = 2^20). */
export function parseMemoryFlag(text: string, flag = '--memory'): number {
  return underFlag(flag, () => sizeFromText(text));
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
  return underFlag(flag, () => shardFromText(text));
}

/** The option table's parsers name the option by its key; here the flag is known. */
function underFlag<T>(flag: string, parse: () => T): T {
  try {
    return parse();
  } catch (error) {
    throw error instanceof OptionError ? new UsageError(error.detail(), flag) : error;
  }
}
