import { DataError, describeValue } from '../errors.js';
import type { Pair, SourceLocation } from '../types.js';
import { readAlpaca } from './alpaca.js';
import { readMessageRecord, type Dialogue, type DialogueOrSkip } from './conversation.js';
import { describeMismatch, detectFormat } from './detect.js';
import { readDolly } from './dolly.js';
import type { FieldMap } from './field-map.js';
import type { InputFormat, MultiTurn, RecordPairs } from './format-names.js';
import { readPromptCompletion } from './prompt-completion.js';
import { columnSkip, isObject, recordOf, requireFields, type JsonObject } from './record-fields.js';
import { readSpecFor, type ReadSpec } from './read-spec.js';

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
}

type Reader = (record: JsonObject, spec: ReadSpec, location: SourceLocation) => DialogueOrSkip;

const READERS: Readonly<Record<InputFormat, Reader>> = {
  alpaca: readAlpaca,
  dolly: readDolly,
  sharegpt: readMessageRecord,
  messages: readMessageRecord,
  'prompt-completion': readPromptCompletion,
};

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
  const format = spec.format ?? detectFormat(value, spec.map);
  if (format === null) throw new DataError(describeMismatch(value, spec.map), location);
  const read = readSpecFor(format, spec.map);
  requireFields(value, read, location);
  const skip = columnSkip(value, read);
  if (skip !== undefined) return { skip };
  const dialogue = READERS[format](value, read, location);
  if ('skip' in dialogue) return dialogue;
  return applyMultiTurn(dialogue, spec.multiTurn, source);
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
