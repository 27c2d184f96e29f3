import { DataError, describeValue } from '../errors.js';
import type { Pair } from '../types.js';
import type { SourceLocation } from '../location.js';
import type { Dialogue } from './conversation.js';
import { describeMismatch, detectFormat } from './detect.js';
import type { FieldMap } from './field-map.js';
import { inElement, recordViews } from './field-paths.js';
import type { MultiTurn, RecordPairs, SkipReason } from './format-names.js';
import { inputFormat, readSpecFor, type InputFormat } from './input-formats.js';
import { isPreference, isUndesirable, withChosenAnswer, type KtoPolicy, type PreferencePolicy } from './preference.js';
import { columnSkip, isObject, recordOf, requireFields, type JsonObject } from './record-fields.js';
import type { ReadSpec } from './read-spec.js';

/** How to read records. */
export interface RecordSpec {
  /**
   * The format every record must have. Leave it out only for one-off records: a file should
   * be detected once (`detectFormat` on its first record) and this set for the rest.
   */
  readonly format?: InputFormat;
  /** Custom field and role names (see `parseFieldMap`). */
  readonly map?: FieldMap;
  readonly multiTurn: MultiTurn;
  /** Preference records (chosen/rejected): skipped (default) or read with the chosen answer. */
  readonly preference?: PreferencePolicy;
  /** KTO records labelled false: skipped (default) or kept. */
  readonly ktoUndesirable?: KtoPolicy;
}

/** What a record is read through: its views (see recordViews), or why it gives no pairs before any field is read. */
export type RecordViewsOrSkip = { readonly views: ReturnType<typeof recordViews> } | { readonly skip: SkipReason };

/**
 * The record as the format readers see it, before its format is known: a KTO sample
 * labelled undesirable or a preference record left out (by policy), field paths of the
 * map resolved, and a preference record's chosen answer put where a response is read.
 */
export function viewsOf(value: unknown, location: SourceLocation, spec: Omit<RecordSpec, 'format' | 'multiTurn'>): RecordViewsOrSkip {
  if (!isObject(value)) return { views: [{ record: value as JsonObject }] };
  if (spec.ktoUndesirable !== 'keep' && isUndesirable(value)) return { skip: 'kto-undesirable' };
  const preference = isPreference(value);
  if (preference && spec.preference !== 'chosen') return { skip: 'preference' };
  const record = preference ? withChosenAnswer(value, spec.map, location) : value;
  return { views: recordViews(record, spec.map, location) };
}

/**
 * Turns one parsed record (a JSON value or a Parquet row object) into pairs, all with the
 * given `source` index and the record's system prompt, or into the reason it gives none.
 * Throws a DataError for a malformed record or one that is not of `spec.format`, and a
 * UsageError when `spec.map` has keys that format cannot use.
 */
export function recordToPairs(value: unknown, location: SourceLocation, source: number, spec: RecordSpec): RecordPairs {
  if (!isObject(value)) {
    const which = spec.format === undefined ? '' : ` (${recordOf(spec.format)})`;
    throw new DataError(`expected a JSON object${which}, found ${describeValue(value)}`, location, 'not-an-object');
  }
  const seen = viewsOf(value, location, spec);
  if ('skip' in seen) return seen;
  const format = spec.format ?? detectFormat(seen.views[0]?.record, spec.map);
  if (format === null) throw new DataError(describeMismatch(value, spec.map), location);
  const read = readSpecFor(format, spec.map);
  // Elements of a "*" list each give their pairs; the record is skipped only when none does.
  const pairs: Pair[] = [];
  let skipped: SkipReason | undefined;
  for (const { record, element } of seen.views) {
    let result: RecordPairs;
    try {
      result = readView(record, read, location, source, spec.multiTurn);
    } catch (error) {
      if (element === undefined || !(error instanceof DataError) || spec.map === undefined) throw error;
      throw inElement(error, spec.map, element, location);
    }
    if ('skip' in result) skipped ??= result.skip;
    else for (const pair of result.pairs) pairs.push(pair);
  }
  return pairs.length > 0 || skipped === undefined ? { pairs } : { skip: skipped };
}

function readView(record: JsonObject, read: ReadSpec<InputFormat>, location: SourceLocation, source: number, multiTurn: MultiTurn): RecordPairs {
  requireFields(record, read, location);
  const skip = columnSkip(record, read);
  if (skip !== undefined) return { skip };
  const dialogue = inputFormat(read.format).read(record, read, location);
  if ('skip' in dialogue) return dialogue;
  return applyMultiTurn(dialogue, multiTurn, source);
}

function applyMultiTurn(dialogue: Dialogue, policy: MultiTurn, source: number): RecordPairs {
  const { exchanges, system } = dialogue;
  if (exchanges.length > 1 && policy === 'skip') return { skip: 'multi-turn' };
  const kept = policy === 'split' ? exchanges : exchanges.slice(0, 1);
  const pairs = kept.map(({ prompt, response }): Pair =>
    system === undefined ? { source, prompt, response } : { source, prompt, response, system },
  );
  return { pairs };
}
