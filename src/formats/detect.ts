import { describeValue } from '../errors.js';
import { quoteList, type FieldMap } from './field-keys.js';
import { DETECTION_ORDER, formatsTaking, INPUT_FORMATS, readSpecFor, type InputFormat } from './input-formats.js';
import { describeFields, isObject, type JsonObject } from './record-fields.js';
import type { ReadSpec } from './read-spec.js';

/**
 * Guesses the input format from a record's field names (under `map`, when given), or null
 * when no format fits. Meant for the first record of a file: the caller then reads every
 * record of that file as this format, so that a stray record is an error rather than being
 * read some other way. When several formats fit, the one that would read more of the
 * record's fields wins (dolly over alpaca for a record with "context"; sharegpt over
 * messages when messages carry "from").
 */
export function detectFormat(record: unknown, map?: FieldMap): InputFormat | null {
  if (!isObject(record)) return null;
  const allowed = map === undefined ? INPUT_FORMATS : formatsTaking(map);
  let best: InputFormat | null = null;
  let bestScore = -1;
  // Ties go to the format tried first (InputFormatEntry.detection).
  for (const format of DETECTION_ORDER) {
    if (!allowed.includes(format)) continue;
    const spec = readSpecFor(format, map);
    if (!expectedFields(spec).every((name) => record[name] !== undefined)) continue;
    const score = fitScore(record, spec);
    if (score > bestScore) {
      best = format;
      bestScore = score;
    }
  }
  return best;
}

/**
 * One line for a record no format fits: the fields found, and what each format (that the
 * map allows) expects, e.g. `found fields "text"; expected one of: alpaca ("instruction",
 * "output"), sharegpt ("conversations"), ...`.
 */
export function describeMismatch(record: unknown, map?: FieldMap): string {
  if (!isObject(record)) return `expected a JSON object, found ${describeValue(record)}`;
  const formats = map === undefined ? INPUT_FORMATS : formatsTaking(map);
  const expected = formats.map((format) => `${format} (${quoteList(expectedFields(readSpecFor(format, map)))})`);
  return `${describeFields(record)}; expected one of: ${expected.join(', ')}`;
}

/** Fields a record of this format must have: the format's own plus every field the map names. */
export function expectedFields(spec: ReadSpec): string[] {
  const names = spec.required.map((key) => spec.fields[key] as string);
  for (const name of spec.mapped.values()) if (!names.includes(name)) names.push(name);
  return names;
}

function fitScore(record: JsonObject, spec: ReadSpec): number {
  const present = (name: string) => record[name] !== undefined && record[name] !== null;
  let score = [...new Set(Object.values(spec.fields))].filter(present).length;
  const list = spec.fields.messages === undefined ? undefined : record[spec.fields.messages];
  if (Array.isArray(list) && isObject(list[0]) && list[0][spec.roleKey] !== undefined) score++;
  // Lists in prompt/response only make sense as TRL's conversational prompt-completion.
  if (spec.format === 'prompt-completion' && Array.isArray(record[spec.fields.prompt as string])) score++;
  return score;
}
