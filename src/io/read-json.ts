import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { DataError } from '../errors.js';
import type { SourceLocation } from '../types.js';
import { bytesOf, peekBytes } from './byte-stream.js';
import { jsonArrayBatches } from './json-array.js';

/** One parsed record and where it came from. */
export interface LocatedValue {
  readonly value: unknown;
  readonly location: SourceLocation;
  /**
   * For a JSON array element, the 1-based line where it starts. Kept out of `location`
   * while formatLocation prints a line in preference to an index: every element of a
   * one-line array would otherwise be reported as `file:1`.
   */
  readonly startLine?: number;
}

/** An input: a path, or an already open stream (stdin) with the name to report. */
export type InputSource = string | { readonly name: string; readonly stream: Readable };

export const STDIN_NAME = '<stdin>';

const BOM = [0xef, 0xbb, 0xbf] as const;

/**
 * Reads JSON records from a JSON array or JSON Lines, told apart by the first non-blank
 * character, so the same bytes parse the same from a file or from stdin. Both are
 * streamed: JSON Lines line by line, a JSON array element by element. The UTF-8 decoder
 * is strict (invalid bytes are a data error, not replacement characters) and drops a BOM.
 */
export function readJsonRecords(source: InputSource): AsyncGenerator<LocatedValue> {
  const file = typeof source === 'string' ? source : source.name;
  return flattenBatches(openJsonBatches(source, file), file);
}

async function* openJsonBatches(source: InputSource, file: string): AsyncGenerator<LocatedValue[]> {
  // Opened on the first read, not on the call, like any generator's work.
  const stream = typeof source === 'string' ? createReadStream(source) : source.stream;
  yield* jsonBatches(bytesOf(stream), file);
}

/**
 * Hands out batched records one by one: the only per-record async generator level.
 * Failures of the file system or of V8 become the one-line data errors the user sees.
 */
export async function* flattenBatches(batches: AsyncIterable<readonly LocatedValue[]>, file: string): AsyncGenerator<LocatedValue> {
  try {
    for await (const batch of batches) for (const record of batch) yield record;
  } catch (error) {
    throw readFailure(error, file);
  }
}

/** JSON records in batches, from bytes already opened (and perhaps decompressed). */
export async function* jsonBatches(source: AsyncIterable<Uint8Array>, file: string): AsyncGenerator<LocatedValue[]> {
  const { head, chunks } = await peekBytes(source, (bytes) => firstSignificant(bytes) >= 0);
  const at = firstSignificant(head);
  if (at < 0) throw new DataError('empty input: expected a JSON array or JSON Lines records', { file });
  const first = head[at];
  if (first === 0x5b) yield* jsonArrayBatches(withoutBom(chunks), file);
  else if (first === 0x7b) yield* jsonLineBatches(chunks, file);
  else throw new DataError(`expected a JSON array ("[") or JSON Lines objects ("{"), found ${firstChar(head, at)}`, { file });
}

/** Index of the first byte that is neither a leading BOM nor JSON whitespace; -1 if none yet. */
function firstSignificant(bytes: Uint8Array): number {
  let i = 0;
  if (bytes.length < BOM.length && BOM.slice(0, bytes.length).every((b, k) => bytes[k] === b)) return -1;
  if (BOM.every((b, k) => bytes[k] === b)) i = BOM.length;
  for (; i < bytes.length; i++) {
    const byte = bytes[i];
    if (byte !== 0x20 && byte !== 0x0a && byte !== 0x0d && byte !== 0x09) return i;
  }
  return -1;
}

function firstChar(bytes: Uint8Array, at: number): string {
  const code = new TextDecoder().decode(bytes.subarray(at, at + 4)).codePointAt(0) ?? 0xfffd;
  // Control characters (gzip's magic, binary data) would be invisible or break the line.
  return code < 0x20 || code === 0x7f ? `character U+${code.toString(16).toUpperCase().padStart(4, '0')}` : `"${String.fromCodePoint(code)}"`;
}

async function* withoutBom(chunks: AsyncIterable<Uint8Array>): AsyncGenerator<Uint8Array> {
  let first = true;
  for await (const chunk of chunks) {
    // The peek put at least the BOM and one more byte into the first chunk.
    yield first && BOM.every((b, k) => chunk[k] === b) ? chunk.subarray(BOM.length) : chunk;
    first = false;
  }
}

async function* jsonLineBatches(chunks: AsyncIterable<Uint8Array>, file: string): AsyncGenerator<LocatedValue[]> {
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let pending = '';
  let line = 0;
  const decode = (chunk: Uint8Array | undefined): string => {
    try {
      return chunk === undefined ? decoder.decode() : decoder.decode(chunk, { stream: true });
    } catch {
      throw new DataError(`not valid UTF-8 text after line ${line}`, { file });
    }
  };
  for await (const chunk of chunks) {
    const batch: LocatedValue[] = [];
    let fault: unknown;
    try {
      pending += decode(chunk);
      // Take every complete line, keep the tail for the next chunk.
      let from = 0;
      for (let nl = pending.indexOf('\n'); nl !== -1; nl = pending.indexOf('\n', from)) {
        line++;
        const record = parseLine(pending.slice(from, nl), file, line);
        if (record !== undefined) batch.push(record);
        from = nl + 1;
      }
      pending = pending.slice(from);
    } catch (error) {
      fault = error;
    }
    // Records before a fault go out first, so problems are reported in file order.
    if (batch.length > 0) yield batch;
    if (fault !== undefined) throw fault;
  }
  const rest = pending + decode(undefined);
  if (rest !== '') {
    const record = parseLine(rest, file, line + 1);
    if (record !== undefined) yield [record];
  }
}

function parseLine(text: string, file: string, line: number): LocatedValue | undefined {
  // CRLF files: the \r belongs to the line ending, not the record.
  const body = text.endsWith('\r') ? text.slice(0, -1) : text;
  if (body.trim() === '') return undefined;
  try {
    return { value: JSON.parse(body), location: { file, line } };
  } catch (error) {
    throw new DataError(`invalid JSON: ${error instanceof Error ? error.message : String(error)}`, { file, line });
  }
}

/** Turns what the file system or V8 says into the one-line data error the user sees. */
export function readFailure(error: unknown, file: string): Error {
  if (error instanceof DataError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new DataError('no such file', { file });
  if (code === 'EISDIR') return new DataError('is a directory, expected a file', { file });
  if (code === 'EACCES') return new DataError('permission denied', { file });
  if (error instanceof RangeError || code === 'ERR_STRING_TOO_LONG') {
    return new DataError('a record is too large to read: over 512 MB of text in one line', { file });
  }
  return error instanceof Error ? error : new Error(String(error));
}
