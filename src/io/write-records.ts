import type { Writable } from 'node:stream';
import { gzipSink } from './gzip.js';
import { ClosedPipeError, outputFailure, WriteAbortedError } from '../errors.js';
import { OutputFiles, PendingFile, type Sink } from './pending-file.js';
import { parquetBlocks, type ParquetWriteOptions } from './write-parquet.js';

export type { Sink } from './pending-file.js';

export type Container = 'jsonl' | 'json' | 'parquet';

interface TargetShape {
  readonly container: Container;
  /** Tunes the Parquet container (fixed columns, row group sizes). */
  readonly parquet?: ParquetWriteOptions;
  /** Compress the container's bytes with gzip (JSON Lines and JSON arrays). */
  readonly gzip?: boolean;
}

/**
 * Where records go: a path (written atomically, replaced when every record is written),
 * a PendingFile the caller commits with the run's other files, or an open stream such
 * as stdout (`name` is what messages call it).
 */
export type OutputTarget =
  | (TargetShape & { readonly path: string })
  | (TargetShape & { readonly file: PendingFile })
  | (TargetShape & { readonly stream: Writable; readonly name?: string });

// Bytes are handed to the OS in blocks of about this size: few syscalls, bounded memory.
// (256 KiB wrote as fast; 4 MiB was slower, its block no longer in the CPU's caches.)
const BLOCK_BYTES = 1 << 20;

/**
 * Serialises records as JSON Lines, a JSON array or Parquet, streaming: at most one block
 * (for Parquet, one row group) is held in memory. A path target is written to a hidden
 * temporary file beside it, synced and renamed into place only when every record is
 * written; on any error or abort the temporary file is removed and an existing file at
 * the target is left as it was. A PendingFile target is filled and left for the caller
 * to commit or discard.
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
  const fill = async (sink: Sink): Promise<number> => {
    if (!target.gzip) return serialize(records, target, tap(sink), signal);
    // The hash sees the bytes as stored: compressed.
    const gzip = gzipSink(tap(sink));
    try {
      const count = await serialize(records, target, gzip.sink, signal);
      await gzip.end();
      return count;
    } finally {
      gzip.destroy();
    }
  };
  if ('stream' in target) return fill(streamSink(target.stream, target.name));
  if ('file' in target) return fill(target.file.sink);
  return replaceFile(target.path, fill);
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

/** One file filled through `fill` and put in place of `path` (see PendingFile), or left as it was. */
async function replaceFile<T>(path: string, fill: (sink: Sink) => Promise<T>): Promise<T> {
  const files = new OutputFiles();
  try {
    const file = await files.add(path);
    const result = await fill(file.sink);
    await files.commit();
    return result;
  } finally {
    await files.discard();
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
export function streamSink(stream: Writable, name = 'the output stream'): Sink {
  let failure: unknown = null;
  let wake: (() => void) | null = null;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    // The first fault is the one to tell: a stream that failed also refuses what follows.
    failure ??= error.code === 'EPIPE' ? new ClosedPipeError('output closed') : outputFailure(error, name);
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
