import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { DataError, errnoText } from '../errors.js';
import type { LocatedValue } from './located-value.js';

export type { LocatedValue } from './located-value.js';
import { isUtf8 } from 'node:buffer';
import { bytesOf, concatBytes, peekBytes } from './byte-stream.js';
import { columnOf, findDuplicateKey, findSyntaxFault, mayRepeatKeys } from './json-check.js';
import { describeInvalidUtf8 } from './utf8-check.js';
import { jsonArrayBatches } from './json-array.js';

/** An input: a path, or an already open stream (stdin) with the name to report. */
/**
 * A path (that names itself in messages), a stream with a name, or a file named as the
 * user wrote it (`name`) but found at `path` (the CLI's paths relative to its own folder).
 */
export type InputSource = string | { readonly name: string; readonly stream: Readable } | { readonly name: string; readonly path: string };

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
  const stream = typeof source === 'string' ? createReadStream(source) : 'path' in source ? createReadStream(source.path) : source.stream;
  yield* jsonBatches(bytesOf(stream), file);
}

/**
 * Hands out batched records one by one: the only per-record async generator level.
 * Failures of the file system or of V8 become the one-line data errors the user sees.
 */
export async function* flattenBatches(
  batches: AsyncIterable<readonly LocatedValue[]>,
  file: string,
  keepInvalid = false,
): AsyncGenerator<LocatedValue> {
  try {
    for await (const batch of batches) {
      for (const record of batch) {
        if (record.invalid && !keepInvalid) throw record.invalid;
        yield record;
      }
    }
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
  else if (first === 0x7b) yield* jsonLineBatches(withoutBom(chunks), file);
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

/**
 * JSON Lines, a batch per chunk. Bytes are cut at newlines before they are decoded, so a
 * line's bytes are looked at once however long it is, and a fault (bad UTF-8, bad JSON)
 * belongs to exactly one line: it becomes an invalid record there and reading goes on.
 */
async function* jsonLineBatches(chunks: AsyncIterable<Uint8Array>, file: string): AsyncGenerator<LocatedValue[]> {
  let carry: Uint8Array[] = [];
  let line = 0;
  for await (const chunk of chunks) {
    const last = chunk.lastIndexOf(NEWLINE);
    if (last === -1) {
      carry.push(chunk);
      continue;
    }
    const complete = carry.length === 0 ? chunk.subarray(0, last + 1) : concatBytes([...carry, chunk.subarray(0, last + 1)]);
    carry = last + 1 < chunk.length ? [chunk.subarray(last + 1)] : [];
    const batch: LocatedValue[] = [];
    line = parseLines(complete, file, line, batch);
    if (batch.length > 0) yield batch;
  }
  if (carry.length > 0) {
    const batch: LocatedValue[] = [];
    parseLines(concatBytes(carry), file, line, batch);
    if (batch.length > 0) yield batch;
  }
}

const NEWLINE = 0x0a;

/**
 * Parses whole lines (the last may lack its newline) into `out`; returns the number of
 * the last line read. Valid UTF-8, the usual case, is checked and decoded in one native
 * call for the whole block; otherwise each line is checked on its own to say which.
 */
function parseLines(bytes: Uint8Array, file: string, line: number, out: LocatedValue[]): number {
  if (isUtf8(bytes)) {
    const text = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('utf8');
    let from = 0;
    for (;;) {
      const nl = text.indexOf('\n', from);
      line++;
      const record = parseLine(nl === -1 ? text.slice(from) : text.slice(from, nl), file, line);
      if (record !== undefined) out.push(record);
      if (nl === -1 || nl === text.length - 1) return line;
      from = nl + 1;
    }
  }
  let from = 0;
  for (;;) {
    const nl = bytes.indexOf(NEWLINE, from);
    const piece = nl === -1 ? bytes.subarray(from) : bytes.subarray(from, nl);
    line++;
    if (isUtf8(piece)) {
      const record = parseLine(Buffer.from(piece.buffer, piece.byteOffset, piece.byteLength).toString('utf8'), file, line);
      if (record !== undefined) out.push(record);
    } else {
      const location = { file, line };
      const message = `not valid UTF-8 text: ${describeInvalidUtf8(piece, 'line')}`;
      out.push({ value: undefined, location, invalid: new DataError(message, location, 'invalid-utf8') });
    }
    if (nl === -1 || nl === bytes.length - 1) return line;
    from = nl + 1;
  }
}

function parseLine(text: string, file: string, line: number): LocatedValue | undefined {
  // CRLF files: the \r belongs to the line ending, not the record.
  const body = text.endsWith('\r') ? text.slice(0, -1) : text;
  if (body.trim() === '') return undefined;
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch (error) {
    const fault = findSyntaxFault(body);
    const location = fault ? { file, line, column: columnOf(body, fault.offset) } : { file, line };
    const reason = fault?.message ?? (error instanceof Error ? error.message.replace(/\s+/g, ' ') : String(error));
    return { value: undefined, location, invalid: new DataError(`invalid JSON: ${reason}`, location, 'invalid-json') };
  }
  if (mayRepeatKeys(body, value)) {
    const fault = findDuplicateKey(body);
    if (fault) {
      const location = { file, line, column: columnOf(body, fault.offset) };
      return { value: undefined, location, invalid: new DataError(`${fault.message}; expected each field once`, location, 'duplicate-key') };
    }
  }
  return { value, location: { file, line } };
}

/** Turns what the file system or V8 says into the one-line data error the user sees. */
export function readFailure(error: unknown, file: string): Error {
  if (error instanceof DataError) return error;
  const text = errnoText(error, 'read');
  if (text !== undefined) return new DataError(text, { file });
  if (error instanceof RangeError || (error as NodeJS.ErrnoException).code === 'ERR_STRING_TOO_LONG') {
    return new DataError('a record is too large to read: over 512 MB of text in one line', { file });
  }
  return error instanceof Error ? error : new Error(String(error));
}
