import { createReadStream } from 'node:fs';
import type { Readable } from 'node:stream';
import { DataError } from '../errors.js';
import type { SourceLocation } from '../types.js';

/** One parsed record and where it came from. */
export interface LocatedValue {
  readonly value: unknown;
  readonly location: SourceLocation;
}

/** An input: a path, or an already open stream (stdin) with the name to report. */
export type InputSource = string | { readonly name: string; readonly stream: Readable };

export const STDIN_NAME = '<stdin>';

/**
 * Reads JSON records from a JSON array or JSON Lines, told apart by the first non-blank
 * character, so the same bytes parse the same from a file or from stdin. JSON Lines is
 * streamed line by line; a JSON array is parsed whole for now. The UTF-8 decoder is
 * strict (invalid bytes are a data error, not replacement characters) and drops a BOM.
 */
export async function* readJsonRecords(source: InputSource): AsyncGenerator<LocatedValue> {
  const file = typeof source === 'string' ? source : source.name;
  const stream = typeof source === 'string' ? createReadStream(source) : source.stream;
  const decoder = new TextDecoder('utf-8', { fatal: true });
  let container: 'array' | 'lines' | undefined;
  let pending = '';
  let line = 0;
  const arrayParts: string[] = [];

  const decode = (chunk: Uint8Array | undefined, last: boolean): string => {
    try {
      return last ? decoder.decode() : decoder.decode(chunk, { stream: true });
    } catch {
      throw new DataError(`not valid UTF-8 text${container === 'lines' ? ` after line ${line}` : ''}`, { file });
    }
  };

  try {
    for await (const chunk of stream as AsyncIterable<Uint8Array | string>) {
      const text = typeof chunk === 'string' ? chunk : decode(chunk, false);
      if (container === undefined) {
        pending += text;
        const first = pending.match(/\S/)?.[0];
        if (first === undefined) continue;
        container = detectContainer(first, file);
        if (container === 'array') {
          arrayParts.push(pending);
          pending = '';
          continue;
        }
      } else if (container === 'array') {
        arrayParts.push(text);
        continue;
      } else {
        pending += text;
      }
      // JSON Lines: emit every complete line, keep the tail for the next chunk.
      let from = 0;
      for (let nl = pending.indexOf('\n'); nl !== -1; nl = pending.indexOf('\n', from)) {
        line++;
        const record = parseLine(pending.slice(from, nl), file, line);
        if (record !== undefined) yield record;
        from = nl + 1;
      }
      pending = pending.slice(from);
    }
  } catch (error) {
    throw readFailure(error, file);
  }
  const tail = decode(undefined, true);
  if (container === undefined) {
    if ((pending + tail).trim() === '') throw new DataError('empty input: expected a JSON array or JSON Lines records', { file });
    container = detectContainer((pending + tail).match(/\S/)?.[0] ?? '', file);
  }
  if (container === 'lines') {
    const rest = pending + tail;
    if (rest !== '') {
      const record = parseLine(rest, file, line + 1);
      if (record !== undefined) yield record;
    }
    return;
  }
  arrayParts.push(tail);
  yield* arrayRecords(arrayParts.join(''), file);
}

function detectContainer(first: string, file: string): 'array' | 'lines' {
  if (first === '[') return 'array';
  if (first === '{') return 'lines';
  throw new DataError(`expected a JSON array ("[") or JSON Lines objects ("{"), found "${first}"`, { file });
}

function parseLine(text: string, file: string, line: number): LocatedValue | undefined {
  // CRLF files: the \r belongs to the line ending, not the record.
  const body = text.endsWith('\r') ? text.slice(0, -1) : text;
  if (body.trim() === '') return undefined;
  try {
    return { value: JSON.parse(body), location: { file, line } };
  } catch (error) {
    throw new DataError(`invalid JSON: ${jsonMessage(error)}`, { file, line });
  }
}

function* arrayRecords(text: string, file: string): Generator<LocatedValue> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new DataError(`invalid JSON: ${jsonMessage(error)}`, { file });
  }
  if (!Array.isArray(parsed)) throw new DataError('expected a JSON array of records', { file });
  for (let index = 0; index < parsed.length; index++) {
    yield { value: parsed[index], location: { file, index } };
  }
}

function jsonMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

function readFailure(error: unknown, file: string): Error {
  if (error instanceof DataError) return error;
  const code = (error as NodeJS.ErrnoException).code;
  if (code === 'ENOENT') return new DataError('no such file', { file });
  if (code === 'EISDIR') return new DataError('is a directory, expected a file', { file });
  if (code === 'EACCES') return new DataError('permission denied', { file });
  if (error instanceof RangeError) return new DataError('JSON array too large to parse at once; convert it to JSON Lines', { file });
  return error instanceof Error ? error : new Error(String(error));
}
