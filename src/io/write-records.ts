import { randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
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
  const tmp = join(dirname(target.path), `.${basename(target.path)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(tmp, 'wx');
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
    await rename(tmp, target.path);
    return count;
  } catch (error) {
    await handle.close().catch(() => undefined);
    await unlink(tmp).catch(() => undefined);
    throw error;
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
