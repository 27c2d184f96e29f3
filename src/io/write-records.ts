import { randomBytes } from 'node:crypto';
import { open, realpath, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { Writable } from 'node:stream';
import { parquetBlocks, type ParquetWriteOptions } from './write-parquet.js';

export type Container = 'jsonl' | 'json' | 'parquet';

/**
 * Where records go: a file (written atomically) or an open stream such as stdout.
 * `parquet` tunes the Parquet container (fixed columns, row group sizes).
 */
export type OutputTarget =
  | { readonly path: string; readonly container: Container; readonly parquet?: ParquetWriteOptions }
  | { readonly stream: Writable; readonly container: Container; readonly parquet?: ParquetWriteOptions };

/** Receives the output in blocks of bytes (UTF-8 for JSON containers), or text (writeTextFile). */
export type Sink = (block: string | Uint8Array) => Promise<void>;

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
// (256 KiB wrote as fast; 4 MiB was slower, its block no longer in the CPU's caches.)
const BLOCK_BYTES = 1 << 20;

/**
 * Serialises records as JSON Lines, a JSON array or Parquet, streaming: at most one block
 * (for Parquet, one row group) is held in memory. A file target is written to a hidden
 * temporary file beside it, synced and renamed into place only when every record is
 * written; on any error or abort the temporary file is removed and an existing file at
 * the target is left as it was.
 * Returns the number of records written.
 */
export async function writeRecords(
  records: AsyncIterable<unknown>,
  target: OutputTarget,
  options: WriteOptions | AbortSignal = {},
): Promise<number> {
  const { signal, onBlock } = options instanceof AbortSignal ? { signal: options, onBlock: undefined } : options;
  const tap = (sink: Sink): Sink =>
    onBlock
      ? (block) => {
          onBlock(block);
          return sink(block);
        }
      : sink;
  if ('stream' in target) return serialize(records, target, tap(streamSink(target.stream)), signal);
  return replaceFile(target.path, (sink) => serialize(records, target, tap(sink), signal));
}

/**
 * Records that are already JSON texts, one each (built and serialized on worker
 * threads): written as given, in place of the records they stand for. JSON Lines and
 * JSON arrays only.
 */
export class SerializedRecords {
  constructor(readonly lines: readonly string[]) {}
}

export interface WriteOptions {
  /** Aborting removes the temporary file; the target is left as it was. */
  readonly signal?: AbortSignal;
  /**
   * Sees every block as it is handed to the file or stream, in order. Records are
   * written as bytes (UTF-8 JSON, or Parquet); a text block, should a sink get one, is
   * written as UTF-8. For hashes of the output.
   */
  readonly onBlock?: (block: string | Uint8Array) => void;
}

/** Replaces a small text file (dataset_info.json) the same way records are written. */
export async function writeTextFile(path: string, text: string): Promise<void> {
  await replaceFile(path, (sink) => sink(text));
}

/**
 * Fills a file through `fill` so that readers see the old file or the new one, never
 * half: a hidden temporary file beside it, synced and renamed into place at the end,
 * removed on any error. A device or a FIFO (/dev/stdout, /dev/full, a named pipe) is
 * written in place, because renaming over it would replace the device node itself;
 * through a symbolic link, the file it points to is replaced, not the link.
 */
async function replaceFile<T>(path: string, fill: (sink: Sink) => Promise<T>): Promise<T> {
  const existing = await stat(path).catch(() => null);
  const inPlace = existing !== null && !existing.isFile();
  const finalPath = existing ? await realpath(path) : path;
  const tmp = inPlace ? path : join(dirname(finalPath), `.${basename(finalPath)}.${randomBytes(6).toString('hex')}.tmp`);
  const handle = await open(tmp, inPlace ? 'w' : 'wx').catch((error: unknown) => {
    throw outputFailure(error, path);
  });
  try {
    const result = await fill((block) => writeBlock(handle, block));
    if (!inPlace) await handle.sync();
    await handle.close();
    if (!inPlace) await rename(tmp, finalPath);
    return result;
  } catch (error) {
    await handle.close().catch(() => undefined);
    if (!inPlace) await unlink(tmp).catch(() => undefined);
    throw outputFailure(error, path);
  }
}

async function serialize(
  records: AsyncIterable<unknown>,
  target: { readonly container: Container; readonly parquet?: ParquetWriteOptions },
  sink: Sink,
  signal?: AbortSignal,
): Promise<number> {
  const container = target.container;
  if (container === 'parquet') return serializeParquet(records, target.parquet, sink, signal);
  const out = new Utf8Blocks();
  if (container === 'json') out.add('[');
  let count = 0;
  const add = (line: string): void => {
    // Separator and line are added apart: joined first, they would be one more copy.
    if (container === 'json') out.add(count === 0 ? '\n' : ',\n');
    out.add(line);
    if (container === 'jsonl') out.add('\n');
    count++;
  };
  for await (const record of records) {
    if (signal?.aborted) throw new WriteAbortedError('interrupted');
    if (record instanceof SerializedRecords) for (const line of record.lines) add(line);
    else add(JSON.stringify(record));
    for (const block of out.take()) await sink(block);
  }
  if (signal?.aborted) throw new WriteAbortedError('interrupted');
  if (container === 'json') out.add(count === 0 ? ']\n' : '\n]\n');
  out.finish();
  for (const block of out.take()) await sink(block);
  return count;
}

/**
 * Text encoded as UTF-8 straight into blocks of BLOCK_BYTES. Appending lines to one block
 * string instead built a rope that had to be copied flat (and widened to two bytes per
 * character whenever one line needed it) before it was encoded.
 */
class Utf8Blocks {
  private block: Buffer | null = null;
  private used = 0;
  private ready: Uint8Array[] = [];

  add(text: string): void {
    // A UTF-16 code unit takes at most 3 bytes in UTF-8 (a surrogate pair, two units,
    // takes 4), so text that might not fit in what is left starts a new block, and text
    // that might not fit in a block at all is a block of its own.
    const most = text.length * 3;
    if (this.block !== null && this.used + most > this.block.length) this.finish();
    if (most > BLOCK_BYTES) {
      this.ready.push(Buffer.from(text, 'utf8'));
      return;
    }
    this.block ??= Buffer.allocUnsafe(BLOCK_BYTES);
    this.used += this.block.write(text, this.used, 'utf8');
  }

  /** Ends the current block: it is ready to be written. */
  finish(): void {
    if (this.block !== null && this.used > 0) this.ready.push(this.block.subarray(0, this.used));
    this.block = null;
    this.used = 0;
  }

  /** The blocks ready to be written, in order, each handed out once. */
  take(): readonly Uint8Array[] {
    if (this.ready.length === 0) return NONE;
    const blocks = this.ready;
    this.ready = [];
    return blocks;
  }
}

const NONE: readonly Uint8Array[] = [];

async function writeBlock(handle: FileHandle, block: string | Uint8Array): Promise<void> {
  if (typeof block === 'string') {
    await handle.write(block);
    return;
  }
  // A write may take fewer bytes than offered; binary blocks are large, so finish them.
  for (let at = 0; at < block.length; ) at += (await handle.write(block, at, block.length - at)).bytesWritten;
}

async function serializeParquet(
  records: AsyncIterable<unknown>,
  options: ParquetWriteOptions | undefined,
  sink: Sink,
  signal?: AbortSignal,
): Promise<number> {
  let count = 0;
  async function* counted(): AsyncGenerator<unknown> {
    for await (const record of records) {
      if (signal?.aborted) throw new WriteAbortedError('interrupted');
      if (record instanceof SerializedRecords) throw new TypeError('Parquet is written from records, not from JSON texts');
      count++;
      yield record;
    }
    if (signal?.aborted) throw new WriteAbortedError('interrupted');
  }
  for await (const block of parquetBlocks(counted(), options)) await sink(block);
  return count;
}

/**
 * Writes with back-pressure. The error listener stays for the stream's life: an EPIPE can
 * arrive after a write already reported success, and must not become an unhandled error.
 */
export function streamSink(stream: Writable): Sink {
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
