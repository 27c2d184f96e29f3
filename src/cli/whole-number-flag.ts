import { UsageError } from '../errors.js';

/**
 * A flag's value as a whole number from `min` to `max`, or a usage error naming the
 * flag. For command-only flags (-n, --limit, --bins); build options go through the zod
 * schema in options.ts instead.
 */
export function wholeNumberFlag(text: string, flag: string, min = 1, max = Number.MAX_SAFE_INTEGER): number {
  const n = /^\s*\d+\s*$/.test(text) ? Number(text) : NaN;
  if (!Number.isSafeInteger(n)) throw new UsageError(`expected a whole number, found ${JSON.stringify(text)}`, flag);
  if (n < min) throw new UsageError(`expected at least ${min}, found ${JSON.stringify(text)}`, flag);
  if (n > max) throw new UsageError(`expected at most ${max}, found ${JSON.stringify(text)}`, flag);
  return n;
}
