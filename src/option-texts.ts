import { OptionError } from './errors.js';

/**
 * Parsers the option table names for options whose text (a flag's argument, a string in
 * a config file) is not already the value. Errors name the option by its key.
 */

/**
 * "12" -> 12. Anything else ("12.5", "1e3", "12abc", "-3") stays text, so that the
 * option's schema refuses it quoting what was typed.
 */
export function wholeFromText(text: string): number | string {
  return /^\s*\d+\s*$/.test(text) ? Number(text) : text;
}

const UNITS: Readonly<Record<string, number>> = { '': 1, k: 2 ** 10, m: 2 ** 20, g: 2 ** 30, t: 2 ** 40 };

/** "512M", "2G", "1.5GiB", "800MB", "1073741824" -> bytes (binary units: M = 2^20). */
export function sizeFromText(text: string, option = 'memory'): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*([kmgt]?)(?:i?b)?\s*$/i.exec(text);
  const bytes = match ? Math.floor(Number(match[1]) * (UNITS[(match[2] ?? '').toLowerCase()] as number)) : NaN;
  if (!Number.isFinite(bytes) || bytes < 1) {
    throw new OptionError(option, `expected a size such as 512M, 2G or 1.5GiB, found ${JSON.stringify(text)}`);
  }
  return bytes;
}

/** One run's share when n runs split the work: run `index` of `count`, from 0. */
export interface ShardOf {
  readonly index: number;
  readonly count: number;
}

/** "i/n", 0 <= i < n. */
export function shardFromText(text: string, option = 'shard'): ShardOf {
  const match = /^\s*(\d+)\s*\/\s*(\d+)\s*$/.exec(text);
  const index = match ? Number(match[1]) : NaN;
  const count = match ? Number(match[2]) : NaN;
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(count)) {
    throw new OptionError(option, `expected i/n such as 0/4 (run i of n, counted from 0), found ${JSON.stringify(text)}`);
  }
  if (count < 1 || index >= count) {
    throw new OptionError(option, `expected 0 <= i < n in i/n, found ${JSON.stringify(text)}`);
  }
  return { index, count };
}

/**
 * "a=2, b" -> a: 2, b: 1, in order: a comma list of names, each with an optional positive
 * weight (1 when none is given). The option's own check names what the names must be.
 * A Map, so that a name such as "__proto__" stays an entry (and is refused as unknown).
 */
export function weightsFromText(text: string, option: string): Map<string, number> {
  const out = new Map<string, number>();
  for (const raw of text.split(',')) {
    const item = raw.trim();
    if (item === '') throw new OptionError(option, `empty entry in "${text}"`);
    const [name = '', weightText, extra] = item.split('=').map((s) => s.trim());
    if (extra !== undefined) throw new OptionError(option, `"${item}" is not name or name=weight`);
    const weight = weightText === undefined ? 1 : Number(weightText);
    if (weightText !== undefined && (weightText === '' || !Number.isFinite(weight) || weight <= 0)) {
      throw new OptionError(option, `weight of "${name}" must be a positive number, got "${weightText}"`);
    }
    // A record cannot hold a name twice, so a repeat is caught while it is still visible.
    if (out.has(name)) throw new OptionError(option, `"${name}" is listed twice`);
    out.set(name, weight);
  }
  return out;
}
