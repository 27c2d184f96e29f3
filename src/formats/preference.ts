import { DataError, describeValue } from '../errors.js';
import type { SourceLocation } from '../location.js';
import type { FieldMap } from './field-map.js';
import { describeFields, isObject, type JsonObject } from './record-fields.js';

/**
 * What to do with a preference record (DPO, ORPO: a `chosen` and a `rejected` answer):
 * - `skip` (default): leave it out, counted under the `preference` skip reason;
 * - `chosen`: read it as an ordinary record whose answer is the chosen one.
 * The rejected answer is never a training target.
 */
export const PREFERENCE_POLICIES = ['skip', 'chosen'] as const;
export type PreferencePolicy = (typeof PREFERENCE_POLICIES)[number];

/**
 * What to do with a KTO record labelled undesirable (`"label": false`, LLaMA-Factory's
 * kto_tag and TRL's KTO column): `skip` (default) leaves it out, counted under
 * `kto-undesirable`; `keep` reads it like any record. `"label": true` is always read.
 */
export const KTO_POLICIES = ['skip', 'keep'] as const;
export type KtoPolicy = (typeof KTO_POLICIES)[number];

/** Whether a record is preference data: it carries both a chosen and a rejected answer. */
export function isPreference(record: JsonObject): boolean {
  return record.chosen !== undefined && record.rejected !== undefined;
}

/** Whether a record is a KTO sample marked undesirable. */
export function isUndesirable(record: JsonObject): boolean {
  return record.label === false;
}

/**
 * A preference record rewritten as the supervised record it holds with the chosen answer,
 * in the layouts LLaMA-Factory's ranking datasets and TRL's preference datasets use:
 * - a text `chosen` with an alpaca-like record (`instruction`, `input`) becomes its
 *   `output`; with a TRL `prompt` text, its `completion`;
 * - a message `chosen` ends the record's conversation (`conversations` or `messages`,
 *   or the list --map names), as LLaMA-Factory's sharegpt-like ranking data has it;
 * - a list of messages `chosen` continues that conversation, or is TRL's `completion`
 *   after a `prompt` list, or, alone, the whole conversation (TRL's implicit prompt).
 * `rejected` is dropped. The rewritten record is then detected and read as any other.
 */
export function withChosenAnswer(record: JsonObject, map: FieldMap | undefined, location: SourceLocation): JsonObject {
  const { chosen, rejected: _rejected, ...rest } = record;
  const listField = [map?.messages, 'conversations', 'messages'].find((f) => f !== undefined && Array.isArray(rest[f]));
  const list = listField === undefined ? undefined : (rest[listField] as unknown[]);
  if (typeof chosen === 'string') {
    if (chosen.trim() === '') throw new DataError(`field "chosen": expected non-empty text, found ${describeValue(chosen)}`, location);
    const response = rest.instruction === undefined && typeof rest.prompt === 'string' ? 'completion' : 'output';
    return { ...rest, [response]: chosen };
  }
  if (isObject(chosen)) {
    if (listField === undefined || list === undefined) {
      throw new DataError(`field "chosen": a message answers a conversation, expected "conversations" or "messages" beside it; ${describeFields(record)}`, location);
    }
    return { ...rest, [listField]: [...list, chosen] };
  }
  if (Array.isArray(chosen) && chosen.length > 0) {
    if (listField !== undefined && list !== undefined) return { ...rest, [listField]: [...list, ...chosen] };
    if (Array.isArray(rest.prompt)) return { ...rest, completion: chosen };
    if (rest.prompt === undefined) return { ...rest, messages: chosen };
  }
  throw new DataError(`field "chosen": expected text, a message or a non-empty list of messages, found ${Array.isArray(chosen) ? 'an empty list' : describeValue(chosen)}`, location);
}
