import type { SourceLocation } from './location.js';

/**
 * Every error a user may meet, each with the exit code the CLI ends with (`exitCode`), and
 * the words for the file system's faults. Anything else that reaches the CLI is a bug:
 * exit 70, with its stack.
 */

/**
 * A problem with the user's data. The CLI prints `message` as one line and exits 1;
 * it is never shown with a stack trace.
 */
export class DataError extends Error {
  override readonly name = 'DataError';
  readonly exitCode = 1;
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
  readonly exitCode = 2;
  constructor(
    message: string,
    readonly flag?: string,
  ) {
    super(message);
  }
}

/** The output could not be written (full disk, no permission, missing folder, read-only file system). Exit 1. */
export class OutputError extends Error {
  override readonly name = 'OutputError';
  readonly exitCode = 1;
}

/** The reader of a pipe went away (`| head`): not a failure of the run, so exit 0. */
export class ClosedPipeError extends Error {
  override readonly name = 'ClosedPipeError';
  readonly exitCode = 0;
}

/**
 * Aborted by the caller (SIGINT/SIGTERM in the CLI); nothing was left behind. Exit 130,
 * SIGINT's 128 + 2, unless the CLI knows the signal (143 for SIGTERM).
 */
export class WriteAbortedError extends Error {
  override readonly name = 'WriteAbortedError';
  readonly exitCode = 130;
}

/** Ends `validate` with exit 1 once every problem is listed; it says nothing more itself. */
export class ProblemsFound extends Error {
  override readonly name = 'ProblemsFound';
  readonly exitCode = 1;
}

/** Whether a file was being read or written: a missing path means a missing file, or a missing folder for a new file. */
export type FileAccess = 'read' | 'write';

// The file system's faults a user can meet and fix, in words that follow "<file>: " or
// "cannot write <file>: "; anything else is a bug. Where reading and writing mean
// different things by a code, each has its words.
const FILE_FAULTS: Readonly<Record<string, string | Readonly<Record<FileAccess, string>>>> = {
  ENOENT: { read: 'no such file', write: 'its folder does not exist' },
  EISDIR: { read: 'is a directory, expected a file', write: 'it is a directory' },
  ENOTDIR: 'a part of its path is not a folder',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'the file is too large for the file system',
  EROFS: 'the file system is read-only',
  EIO: 'input/output error on the device',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'too many symbolic links in its path',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files in the system',
};

/** The words for a file system error, when its code is one a user can meet and fix; undefined otherwise. */
export function errnoText(error: unknown, access: FileAccess): string | undefined {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  if (code === undefined || !Object.hasOwn(FILE_FAULTS, code)) return undefined;
  const text = FILE_FAULTS[code] as string | Readonly<Record<FileAccess, string>>;
  return typeof text === 'string' ? text : text[access];
}

/**
 * `error` as the one line a user sees, when it is a file system fault: "cannot write
 * <what>: no space left on the device". Other errors are returned as they are.
 */
export function outputFailure(error: unknown, what: string): unknown {
  if (error instanceof OutputError || error instanceof ClosedPipeError) return error;
  const text = errnoText(error, 'write');
  return text ? new OutputError(`cannot write ${what}: ${text}`) : error;
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

/** Names an option in a message: the library says its key, the CLI its flag. */
export type OptionNamer = (key: string) => string;

/**
 * A library option with a value it cannot take. It names the option by its key
 * (`maxK: expected at least 1, found 0`), since a library caller never typed a flag;
 * the CLI, which knows each key's flag from the option table, shows the same detail
 * under the flag (`--max-k: ...`). A detail that mentions another option is a function
 * of the namer, so that option is named the same way.
 */
export class OptionError extends UsageError {
  private readonly describe: (name: OptionNamer) => string;

  constructor(
    readonly option: string,
    detail: string | ((name: OptionNamer) => string),
  ) {
    const describe = typeof detail === 'string' ? () => detail : detail;
    super(`${option}: ${describe((key) => key)}`);
    this.describe = describe;
  }

  /** The message without the option in front, other options named by `name`. */
  detail(name: OptionNamer = (key) => key): string {
    return this.describe(name);
  }
}

/**
 * Runs `step` and re-keys a UsageError it throws (one that names a flag, from a module
 * that also serves the CLI directly) to `option`. Other errors pass unchanged.
 */
export async function keyedTo<T>(option: string, step: () => Promise<T> | T): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof UsageError && !(error instanceof OptionError)) throw new OptionError(option, error.message);
    throw error;
  }
}
