import { DataError, describeValue } from '../errors.js';
import type { SourceLocation } from '../location.js';
import { quoteList } from './field-keys.js';
import type { SkipReason } from './format-names.js';
import type { ReadSpec } from './read-spec.js';

import { isObject, type JsonObject } from './json-object.js';

export { isObject, type JsonObject };

/** Non-empty text, kept byte for byte: nothing is trimmed. */
export function requireText(record: JsonObject, field: string, location: SourceLocation): string {
  const value = record[field];
  if (typeof value !== 'string' || value.trim() === '') {
    throw new DataError(`field "${field}": expected non-empty text, found ${describeValue(value)}`, location);
  }
  return value;
}

/** A string field that may be absent or null (Parquet writes null for a missing optional column). */
export function optionalString(record: JsonObject, field: string | undefined, location: SourceLocation): string | undefined {
  if (field === undefined) return undefined;
  const value = record[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') {
    throw new DataError(`field "${field}": expected a string, found ${describeValue(value)}`, location);
  }
  return value;
}

/** A blank system prompt says nothing, and pairs without a system prompt must not be split from it. */
export function meaningfulSystem(text: string | undefined): string | undefined {
  return text === undefined || text.trim() === '' ? undefined : text;
}

/** `prompt` plus "\n" and `input` when the input is non-empty: alpaca's rule, which dolly's context follows too. */
export function joinInput(prompt: string, input: string | undefined): string {
  return input !== undefined && input !== '' ? `${prompt}\n${input}` : prompt;
}

/** "an alpaca record", "a sharegpt record", ... (a format's name is read as written). */
export function recordOf(format: string): string {
  return `${/^[aeiou]/.test(format) ? 'an' : 'a'} ${format} record`;
}

/** One-line "found fields ..." for mismatch messages; long records are cut short. */
export function describeFields(record: JsonObject): string {
  const names = Object.keys(record);
  if (names.length === 0) return 'found an object with no fields';
  const shown = quoteList(names.slice(0, 8));
  return `found fields ${shown}${names.length > 8 ? ` and ${names.length - 8} more` : ''}`;
}

/** Up to 40 characters of a found string value, quoted and escaped so that messages stay on one line. */
export function quoteFound(value: unknown): string {
  if (typeof value !== 'string') return describeValue(value);
  return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
}

/**
 * Checks that a record has what `spec` reads before reading it, so that a record of another
 * format gets one message naming the expected fields instead of an error about one of them.
 */
export function requireFields(record: JsonObject, spec: ReadSpec, location: SourceLocation): void {
  for (const [key, name] of spec.mapped) {
    if (record[name] !== undefined) continue;
    const hint = key === 'system' ? ' (for a system role value, map system-role)' : '';
    throw new DataError(`field "${name}" (--map ${key}=${name}) is missing${hint}; ${describeFields(record)}`, location);
  }
  const missing = spec.required.filter((key) => record[spec.fields[key] as string] === undefined);
  if (missing.length > 0) {
    const names = spec.required.map((key) => spec.fields[key] as string);
    const noun = names.length === 1 ? 'field' : 'fields';
    throw new DataError(`expected ${recordOf(spec.format)} with ${noun} ${quoteList(names)}; ${describeFields(record)}`, location);
  }
}

const TOOL_COLUMNS = ['tools', 'functions'] as const;
const MEDIA_COLUMNS = ['images', 'videos', 'audios'] as const;

/**
 * Record-level signs that a sample is not plain text: tool descriptions (the answer may
 * depend on them) or media (LLaMA-Factory's multimodal columns). Fields the spec reads are
 * never taken for these.
 */
export function columnSkip(record: JsonObject, spec: ReadSpec): SkipReason | undefined {
  const used = new Set(Object.values(spec.fields));
  const has = (name: string) => !used.has(name) && carriesSomething(record[name]);
  if (TOOL_COLUMNS.some(has)) return 'tool-use';
  if (MEDIA_COLUMNS.some(has)) return 'non-text';
  return undefined;
}

// Datasets written through pandas or Parquet fill absent columns with null, "", [] or "[]".
function carriesSomething(value: unknown): boolean {
  if (value === undefined || value === null || value === false) return false;
  if (typeof value === 'string') return !['', '[]', '{}', 'null'].includes(value.trim());
  if (Array.isArray(value)) return value.length > 0;
  if (isObject(value)) return Object.keys(value).length > 0;
  return true;
}
