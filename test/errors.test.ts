/** The user-facing errors (each with its exit code) and the one errno-to-words helper. */
import { describe, expect, it } from 'vitest';
import {
  ClosedPipeError,
  DataError,
  errnoText,
  OutputError,
  outputFailure,
  ProblemsFound,
  UsageError,
  WriteAbortedError,
} from '../src/errors.js';

function fault(code: string): NodeJS.ErrnoException {
  return Object.assign(new Error(`${code}: something, somewhere`), { code });
}

describe('exit codes', () => {
  it('are carried by each error a user can meet', () => {
    const codes = [
      [new DataError('x'), 1],
      [new UsageError('x'), 2],
      [new OutputError('x'), 1],
      [new ClosedPipeError('x'), 0],
      [new WriteAbortedError('x'), 130],
      [new ProblemsFound(), 1],
    ] as const;
    for (const [error, code] of codes) expect(error.exitCode, error.name).toBe(code);
  });
});

describe('errnoText', () => {
  it('words a missing path by what was being done', () => {
    expect(errnoText(fault('ENOENT'), 'read')).toBe('no such file');
    expect(errnoText(fault('ENOENT'), 'write')).toBe('its folder does not exist');
    expect(errnoText(fault('EISDIR'), 'read')).toBe('is a directory, expected a file');
    expect(errnoText(fault('EISDIR'), 'write')).toBe('it is a directory');
  });

  it('words the other faults a user can fix the same way for reading and writing', () => {
    for (const access of ['read', 'write'] as const) {
      expect(errnoText(fault('EACCES'), access)).toBe('permission denied');
      expect(errnoText(fault('ENOTDIR'), access)).toBe('a part of its path is not a folder');
      expect(errnoText(fault('ENOSPC'), access)).toBe('no space left on the device');
    }
  });

  it('has no words for other codes or for errors without one', () => {
    expect(errnoText(fault('EPIPE'), 'write')).toBeUndefined();
    expect(errnoText(fault('ERR_STRING_TOO_LONG'), 'read')).toBeUndefined();
    // A code is looked up as a key of its own, never as an inherited property.
    expect(errnoText(fault('toString'), 'read')).toBeUndefined();
    expect(errnoText(new Error('plain'), 'read')).toBeUndefined();
    expect(errnoText(null, 'read')).toBeUndefined();
    expect(errnoText('ENOENT', 'read')).toBeUndefined();
  });
});

describe('outputFailure', () => {
  it('turns a file system fault into an OutputError naming what was written', () => {
    const error = outputFailure(fault('EROFS'), 'out.jsonl');
    expect(error).toBeInstanceOf(OutputError);
    expect((error as Error).message).toBe('cannot write out.jsonl: the file system is read-only');
  });

  it('leaves other errors as they are', () => {
    const bug = new TypeError('bug');
    expect(outputFailure(bug, 'out.jsonl')).toBe(bug);
    const closed = new ClosedPipeError('output closed');
    expect(outputFailure(closed, 'stdout')).toBe(closed);
  });
});
