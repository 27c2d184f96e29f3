import { DataError, type InvalidReason } from '../errors.js';
import { columnOf, findDuplicateKey, findSyntaxFault, mayRepeatKeys } from './json-check.js';
import { describeInvalidUtf8 } from './utf8-check.js';
import { JsonArrayScanner, type ArrayElement } from './json-array-scanner.js';
import type { LocatedValue } from './located-value.js';

/**
 * Parses a JSON array element by element from byte chunks, so an array of any size is
 * read in bounded memory (V8 cannot hold a string much over 512 MB, so a multi-GB array
 * can never be parsed whole). Each element is decoded as strict UTF-8 and parsed on its
 * own; errors point at the line where the problem is. Records come in batches, one per
 * chunk, because every async generator level costs a few microtask turns per item; on
 * a fault, the records before it are handed out first and the error is thrown after.
 */
export async function* jsonArrayBatches(chunks: AsyncIterable<Uint8Array>, file: string): AsyncGenerator<LocatedValue[]> {
  const scanner = new JsonArrayScanner(file);
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
  let index = 0;
  for await (const chunk of chunks) {
    const elements: ArrayElement[] = [];
    let fault: unknown;
    try {
      scanner.push(chunk, elements);
    } catch (error) {
      fault = error;
    }
    const batch: LocatedValue[] = [];
    try {
      for (const element of elements) batch.push(parseElement(element, index++, file, decoder));
    } catch (error) {
      fault = error;
    }
    if (batch.length > 0) yield batch;
    if (fault !== undefined) throw fault;
  }
  scanner.end();
}

function parseElement(element: ArrayElement, index: number, file: string, decoder: { decode(bytes: Uint8Array): string }): LocatedValue {
  const at = { file, index };
  let text: string;
  try {
    text = decoder.decode(element.bytes);
  } catch (error) {
    // The fatal decoder reports bad bytes as a TypeError; anything else is the string cap.
    if (!(error instanceof TypeError)) throw tooLarge(index, file, element.line);
    const location = { file, line: element.line };
    const message = `record [${index}] is not valid UTF-8 text: ${describeInvalidUtf8(element.bytes, 'record')}`;
    return { value: undefined, location: at, invalid: new DataError(message, location, 'invalid-utf8') };
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw new DataError(`record [${index}] cannot be parsed: ${String(error)}`, { file, line: element.line });
    const fault = findSyntaxFault(text);
    const reason = fault?.message ?? syntaxReason(error.message);
    return { value: undefined, location: at, invalid: faultAt(element, index, file, text, fault?.offset, `invalid JSON in record [${index}]: ${reason}`, 'invalid-json') };
  }
  if (mayRepeatKeys(text, value)) {
    const fault = findDuplicateKey(text);
    if (fault) return { value: undefined, location: at, invalid: faultAt(element, index, file, text, fault.offset, `record [${index}]: ${fault.message}; expected each field once`, 'duplicate-key') };
  }
  return { value, location: at, startLine: element.line };
}

/**
 * A fault inside an element, placed in the file: its line, and its column when the
 * fault is on a later line of the element than the first (the element's own starting
 * column is not tracked); on the first line the message says how far into the record.
 */
function faultAt(element: ArrayElement, index: number, file: string, text: string, offset: number | undefined, message: string, reason: InvalidReason): DataError {
  if (offset === undefined) return new DataError(message, { file, line: element.line }, reason);
  const newlines = countNewlines(text, offset);
  if (newlines > 0) return new DataError(message, { file, line: element.line + newlines, column: columnOf(text, offset) }, reason);
  return new DataError(`${message} (at character ${columnOf(text, offset)} of the record)`, { file, line: element.line }, reason);
}

function tooLarge(index: number, file: string, line: number): DataError {
  return new DataError(`record [${index}] is too large to parse: over 512 MB of text in one record`, { file, line });
}

/**
 * V8's message when the scanner found nothing to say; its "Unexpected token" form quotes
 * the surrounding text, newlines and all, which is dropped so the error stays on one line.
 */
function syntaxReason(message: string): string {
  const quoted = /^(Unexpected token .+?), ".*" is not valid JSON$/s.exec(message);
  if (quoted) return quoted[1] as string;
  return message.replace(/\s+in JSON at position \d+(?:\s*\(line \d+ column \d+\))?/, '').replace(/\s+/g, ' ');
}

function countNewlines(text: string, end: number): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at !== -1 && at < end; at = text.indexOf('\n', at + 1)) count++;
  return count;
}
