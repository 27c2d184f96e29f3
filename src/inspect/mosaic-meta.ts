import { DataError, describeValue } from '../errors.js';
import { isObject } from '../formats/record-fields.js';
import type { SourceLocation } from '../location.js';

/** The part of a record's `meta` (as augment --meta writes it) that inspect reads. */
export interface MetaView {
  readonly epoch: number;
  readonly sources: readonly number[];
  readonly strategy: string;
  readonly rule: string | null;
  /** Null for files written before meta carried the language. */
  readonly lang: string | null;
}

/**
 * Whether a record carries mosaic provenance. Decided on a file's first record, like the
 * format: other datasets have `meta` fields too, so only one with a `sources` list counts.
 */
export function hasMosaicMeta(record: unknown): boolean {
  return isObject(record) && isObject(record.meta) && Array.isArray(record.meta.sources);
}

/**
 * The provenance of one record of a file whose first record had it. A record without it,
 * or with a field of the wrong kind, is a data error: the numbers built from it would
 * otherwise be silently wrong.
 */
export function readMeta(record: unknown, location: SourceLocation): MetaView {
  const meta = isObject(record) ? record.meta : undefined;
  if (!isObject(meta)) {
    throw new DataError(`field "meta": expected the object augment --meta writes (the file's first record has one), found ${describeValue(meta)}`, location);
  }
  const { epoch, sources, strategy, rule, lang } = meta;
  if (!isCount(epoch)) throw new DataError(`field "meta.epoch": expected a whole number >= 0, found ${describeValue(epoch)}`, location);
  if (!Array.isArray(sources) || sources.length === 0 || !sources.every(isCount)) {
    throw new DataError(`field "meta.sources": expected a non-empty list of record indices (whole numbers >= 0), found ${describeSources(sources)}`, location);
  }
  if (typeof strategy !== 'string' || strategy === '') {
    throw new DataError(`field "meta.strategy": expected a strategy name, found ${describeValue(strategy)}`, location);
  }
  if (rule !== undefined && rule !== null && typeof rule !== 'string') {
    throw new DataError(`field "meta.rule": expected a rule name or null, found ${describeValue(rule)}`, location);
  }
  if (lang !== undefined && (typeof lang !== 'string' || lang === '')) {
    throw new DataError(`field "meta.lang": expected a language pack's name, found ${describeValue(lang)}`, location);
  }
  return { epoch, sources: sources as number[], strategy, rule: typeof rule === 'string' ? rule : null, lang: lang ?? null };
}

function isCount(value: unknown): value is number {
  return typeof value === 'number' && Number.isSafeInteger(value) && value >= 0;
}

function describeSources(value: unknown): string {
  if (!Array.isArray(value)) return describeValue(value);
  if (value.length === 0) return 'an empty list';
  const bad = value.find((v) => !isCount(v));
  return `a list holding ${describeValue(bad)}`;
}
