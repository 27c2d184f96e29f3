import type { SourceLocation } from './location.js';

/**
 * A problem with the user's data. The CLI prints `message` as one line and exits 1;
 * it is never shown with a stack trace.
 */
export class DataError extends Error {
  override readonly name = 'DataError';
  /** The message without the location in front. */
  readonly detail: string;
  constructor(
    message: string,
    readonly location?: SourceLocation,
    /** Set when the fault is one record's, so `--on-invalid skip` can leave it out and count it. */
    readonly reason?: InvalidReason,
  ) {
    super(location ? `${formatLocation(location)}: ${message}` : message);
    this.detail = message;
  }
}

/**
 * Why a record is invalid, as counted under `--on-invalid skip`:
 * - `invalid-json`: the record's text is not JSON;
 * - `invalid-utf8`: its bytes are not UTF-8;
 * - `duplicate-key`: an object in it names a field twice (JSON.parse would keep one silently);
 * - `not-an-object`: it is JSON, but not an object;
 * - `bad-field`: a field is missing, of the wrong type, or empty, or the record has no known format.
 */
export const INVALID_REASONS = ['invalid-json', 'invalid-utf8', 'duplicate-key', 'not-an-object', 'bad-field'] as const;
export type InvalidReason = (typeof INVALID_REASONS)[number];

/**
 * A problem with how the tool was called (options, arguments). The CLI exits 2.
 * `flag` names the option at fault so the message can point at it.
 */
export class UsageError extends Error {
  override readonly name = 'UsageError';
  constructor(
    message: string,
    readonly flag?: string,
  ) {
    super(message);
  }
}

/** `file:line[:column]` for line-oriented input, `file[index]` for arrays. */
export function formatLocation(location: SourceLocation): string {
  if (location.line !== undefined) return `${location.file}:${location.line}${location.column === undefined ? '' : `:${location.column}`}`;
  if (location.index !== undefined) return `${location.file}[${location.index}]`;
  return location.file;
}

/** A short, one-line description of a JSON value for "found ..." messages. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  switch (typeof value) {
    case 'string':
      return value.trim() === '' ? (value === '' ? 'an empty string' : 'a blank string') : 'a string';
    case 'number':
      return `a number (${value})`;
    case 'boolean':
      return `a boolean (${value})`;
    case 'object':
      return 'an object';
    case 'undefined':
      return 'nothing (field missing)';
    default:
      return typeof value;
  }
}
