import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { addAbortSignal, type Readable } from 'node:stream';
import { DataError } from '../errors.js';
import { bytesOf, collectBytes, peekBytes } from './byte-stream.js';
import { gunzipChunks, isGzip } from './gzip.js';
import { flattenBatches, jsonBatches, STDIN_NAME, type InputSource, type LocatedValue } from './read-json.js';
import { isParquet, PARQUET_MAGIC, parquetBatches } from './read-parquet.js';

/**
 * Records from one command-line input: a path, or "-" for `stdin`. See readRecords.
 */
export function openInput(input: string, stdin: Readable): AsyncGenerator<LocatedValue> {
  return readRecords(input === '-' ? { name: STDIN_NAME, stream: stdin } : input);
}

/**
 * Records from any supported container, told apart by content rather than by name so
 * that stdin works the same as a file: gzip (magic 1f 8b, decompressed while streaming)
 * around any of the others, Parquet (magic "PAR1"), a JSON array or JSON Lines.
 * A Parquet file is read with random access; Parquet arriving as a stream (stdin, or
 * inside gzip) has no random access, so it is read into memory first.
 */
export function readRecords(source: InputSource, options: ReadRecordsOptions = {}): AsyncGenerator<LocatedValue> {
  const file = typeof source === 'string' ? source : source.name;
  return flattenBatches(containerBatches(source, file, options.onBytes, options.signal), file, options.keepInvalid === true);
}

export interface ReadRecordsOptions {
  /**
   * Sees every byte of the input as stored (before gunzip), in order, once: for hashes
   * and progress. A Parquet file, read with random access, is streamed through it first.
   */
  readonly onBytes?: (chunk: Uint8Array) => void;
  /**
   * Hand out a record that cannot be read (bad JSON or UTF-8, a repeated key) as one with
   * `invalid` set, and go on; by default the first one is thrown. Faults in the file's
   * structure (a JSON array cut short, gzip damage) are thrown either way.
   */
  readonly keepInvalid?: boolean;
  /**
   * Destroys the stream being read when aborted, so that a read waiting for bytes (stdin
   * that does not end, a slow pipe) stops with the signal's reason instead of waiting on.
   */
  readonly signal?: AbortSignal;
}

async function* containerBatches(
  source: InputSource,
  file: string,
  onBytes?: (chunk: Uint8Array) => void,
  signal?: AbortSignal,
): AsyncGenerator<LocatedValue[]> {
  const path = typeof source === 'string' ? source : 'path' in source ? source.path : undefined;
  if (path !== undefined && (await startsAsParquet(path))) {
    if (onBytes) for await (const chunk of createReadStream(path)) onBytes(chunk as Uint8Array);
    yield* parquetBatches(path, file);
    return;
  }
  const stream = path !== undefined ? createReadStream(path) : (source as { readonly stream: Readable }).stream;
  if (signal) addAbortSignal(signal, stream);
  const bytes = bytesOf(stream);
  yield* streamBatches(onBytes ? tapped(bytes, onBytes) : bytes, file, false);
}

async function* tapped(chunks: AsyncIterable<Uint8Array>, tap: (chunk: Uint8Array) => void): AsyncGenerator<Uint8Array> {
  for await (const chunk of chunks) {
    tap(chunk);
    yield chunk;
  }
}

async function* streamBatches(chunks: AsyncIterable<Uint8Array>, file: string, decompressed: boolean): AsyncGenerator<LocatedValue[]> {
  const { head, chunks: all } = await peekBytes(chunks, (bytes) => bytes.length >= PARQUET_MAGIC.length);
  if (!decompressed && isGzip(head)) {
    yield* streamBatches(gunzipChunks(all, file), file, true);
  } else if (isParquet(head)) {
    yield* parquetBatches(await inMemory(all, file), file);
  } else if (file.toLowerCase().endsWith('.parquet')) {
    throw new DataError('not a valid Parquet file: it does not start with "PAR1"', { file });
  } else {
    yield* jsonBatches(all, file);
  }
}

/** Whether a file begins with Parquet's magic; the file system's errors are left for the stream to report. */
async function startsAsParquet(path: string): Promise<boolean> {
  const handle = await open(path, 'r').catch(() => undefined);
  if (!handle) return false;
  try {
    const head = new Uint8Array(PARQUET_MAGIC.length);
    const { bytesRead } = await handle.read(head, 0, head.length, 0);
    return isParquet(head.subarray(0, bytesRead));
  } catch {
    return false;
  } finally {
    await handle.close();
  }
}

async function inMemory(chunks: AsyncIterable<Uint8Array>, file: string): Promise<Uint8Array> {
  try {
    return await collectBytes(chunks);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    throw new DataError('this Parquet stream is too large to hold in memory; give its path instead', { file });
  }
}
