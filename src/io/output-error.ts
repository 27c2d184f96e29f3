/** The output could not be written (full disk, no permission, missing folder, read-only file system). */
export class OutputError extends Error {
  override readonly name = 'OutputError';
}

/** The reader of a pipe went away (`| head`): not a failure of the run. */
export class ClosedPipeError extends Error {
  override readonly name = 'ClosedPipeError';
}

// The file system's faults a user can meet and fix, in words; anything else is a bug.
const ERRNO_TEXT: Readonly<Record<string, string>> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'the file is too large for the file system',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOENT: 'its folder does not exist',
  ENOTDIR: 'a part of its path is not a folder',
  EROFS: 'the file system is read-only',
  EISDIR: 'it is a directory',
  EIO: 'input/output error on the device',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'too many symbolic links in its path',
  EMFILE: 'too many open files',
  ENFILE: 'too many open files in the system',
};

/** The words for a file system error code, when it is one a user can meet and fix. */
export function errnoText(error: unknown): string | undefined {
  const code = (error as NodeJS.ErrnoException | null)?.code;
  return code === undefined ? undefined : ERRNO_TEXT[code];
}

/**
 * `error` as the one line a user sees, when it is a file system fault: "cannot write
 * <what>: no space left on the device". Other errors are returned as they are.
 */
export function outputFailure(error: unknown, what: string): unknown {
  if (error instanceof OutputError || error instanceof ClosedPipeError) return error;
  const text = errnoText(error);
  return text ? new OutputError(`cannot write ${what}: ${text}`) : error;
}
