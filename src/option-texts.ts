import { OptionError } from './errors.js';
import { REJECTION_KINDS } from './preference/rejection.js';

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
 * "order=2,missing" -> { order: 2, missing: 1 }: each kind named, with its weight (1 when
 * none is given). The option's schema checks the names and fills the kinds left out with 0.
 */
export function rejectionWeightsFromText(text: string, option = 'rejectWith'): Record<string, number> {
  const weights: Record<string, number> = {};
  for (const part of text.split(',')) {
    const [name = '', weight, extra] = part.split('=').map((s) => s.trim());
    const value = weight === undefined ? 1 : Number(weight);
    if (name === '' || extra !== undefined || !(value >= 0) || (weight !== undefined && !/^\d+(\.\d+)?$/.test(weight))) {
      throw new OptionError(option, `expected kind or kind=weight (a number >= 0), found ${JSON.stringify(part.trim())}`);
    }
    if (!(REJECTION_KINDS as readonly string[]).includes(name)) throw new OptionError(option, `unknown kind "${name}"; expected ${REJECTION_KINDS.join(', ')}`);
    if (name in weights) throw new OptionError(option, `"${name}" is named twice`);
    weights[name] = value;
  }
  return weights;
}
