import { randomBytes } from 'node:crypto';
import { open, realpath, rename, stat, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Writable } from 'node:stream';

export type Container = 'jsonl' | 'json';

/** Where records go: a file (written atomically) or an open stream such as stdout. */
export type OutputTarget =
  | { readonly path: string; readonly container: Container }
  | { readonly stream: Writable; readonly container: Container };

/** The reader of a pipe went away (`| head`): not a failure of the run. */
export class ClosedPipeError extends Error {
  override readonly name = 'ClosedPipeError';
}

/** The output could not be written (full disk, no permission, missing folder). */
export class OutputError extends Error {
  override readonly name = 'OutputError';
}

const ERRNO_TEXT: Readonly<Record<string, string>> = {
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOENT: 'its folder does not exist',
  ENOTDIR: 'a part of its path is not a folder',
  EROFS: 'the file system is read-only',
  EISDIR: 'it is a directory',
};

function outputFailure(error: unknown, path: string): unknown {
  const code = (error as NodeJS.ErrnoException).code;
  const text = code ? ERRNO_TEXT[code] : undefined;
  return text ? new OutputError(`cannot write ${path}: ${text}`) : error;
}

/** Aborted by the caller (SIGINT/SIGTERM in the CLI). Nothing was left behind. */
export class WriteAbortedError extends Error {
  override readonly name = 'WriteAbortedError';
}

// Bytes are handed to the OS in blocks of about this size: few syscalls, bounded memory.
const BLOCK_CHARS = 1 << 20;

/**
 * Serialises records as JSON Lines or as a JSON array, streaming: at most one block is
 * held in memory. A file target is written to a hidden temporary file beside it, synced
 * and renamed into place only when every record is written; on any error or abort the
 * temporary file is removed and an existing file at the target is left as it was.
 * Returns the number of records written.
 */
export async function writeRecords(
  records: AsyncIterable<unknown>,
  target: OutputTarget,
  signal?: AbortSignal,
): Promise<number> {
  if ('stream' in target) return serialize(records, target.container, streamSink(target.stream), signal);
  const existing = await stat(target.path).catch(() => null);
  // A device or a FIFO (/dev/stdout, /dev/full, a named pipe) is written in place:
  // renaming a file over it would replace the device node itself.
  if (existing && !existing.isFile()) return writeInPlace(records, target.path, target.container, signal);
  // Through a symbolic link, replace the file it points to, not the link.
  const finalPath = existing ? await realpath(target.path) : target.path;
  const tmp = join(dirname(finalPath), `.${basename(finalPath)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(tmp, 'wx').catch((error: unknown) => {
    throw outputFailure(error, target.path);
  });
  try {
    const count = await serialize(
      records,
      target.container,
      async (block) => {
        await handle.write(block);
      },
      signal,
    );
    await handle.sync();
    await handle.close();
    await rename(tmp, finalPath);
    return count;
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(tmp).catch(() => undefined);
    throw outputFailure(error, target.path);
  }
}

async function writeInPlace(
  records: AsyncIterable<unknown>,
  path: string,
  container: Container,
  signal?: AbortSignal,
): Promise<number> {
  const handle = await open(path, 'w').catch((error: unknown) => {
    throw outputFailure(error, path);
  });
  try {
    return await serialize(
      records,
      container,
      async (block) => {
        await handle.write(block);
      },
      signal,
    );
  } catch (error) {
    throw outputFailure(error, path);
  } finally {
    await handle.close().catch(() => undefined);
  }
}

async function serialize(
  records: AsyncIterable<unknown>,
  container: Container,
  sink: (block: string) => Promise<void>,
  signal?: AbortSignal,
): Promise<number> {
  let block = container === 'json' ? '[' : '';
  let count = 0;
  for await (const record of records) {
    if (signal?.aborted) throw new WriteAbortedError('interrupted');
    const line = JSON.stringify(record);
    if (container === 'json') block += count === 0 ? `\n${line}` : `,\n${line}`;
    else block += `${line}\n`;
    count++;
    if (block.length >= BLOCK_CHARS) {
      await sink(block);
      block = '';
    }
  }
  if (signal?.aborted) throw new WriteAbortedError('interrupted');
  if (container === 'json') block += count === 0 ? ']\n' : '\n]\n';
  if (block !== '') await sink(block);
  return count;
}

/**
 * Writes with back-pressure. The error listener stays for the stream's life: an EPIPE can
 * arrive after a write already reported success, and must not become an unhandled error.
 */
function streamSink(stream: Writable): (block: string) => Promise<void> {
  let failure: Error | null = null;
  let wake: (() => void) | null = null;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    failure = error.code === 'EPIPE' ? new ClosedPipeError('output closed') : error;
    wake?.();
  });
  stream.on('drain', () => wake?.());
  return async (block) => {
    if (failure) throw failure;
    if (!stream.write(block)) {
      await new Promise<void>((resolve) => {
        wake = resolve;
      });
      wake = null;
    }
    if (failure) throw failure;
  };
}
