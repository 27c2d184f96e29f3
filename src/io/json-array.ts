import { DataError } from '../errors.js';
import { JsonArrayScanner, type ArrayElement } from './json-array-scanner.js';
import type { LocatedValue } from './read-json.js';

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
  let text: string;
  try {
    text = decoder.decode(element.bytes);
  } catch (error) {
    // The fatal decoder reports bad bytes as a TypeError; anything else is the string cap.
    if (error instanceof TypeError) throw new DataError(`record [${index}] is not valid UTF-8 text`, { file, line: element.line });
    throw tooLarge(index, file, element.line);
  }
  try {
    return { value: JSON.parse(text), location: { file, index }, startLine: element.line };
  } catch (error) {
    if (!(error instanceof SyntaxError)) throw new DataError(`record [${index}] cannot be parsed: ${String(error)}`, { file, line: element.line });
    const { reason, offset } = syntaxReason(error.message);
    const line = element.line + (offset === undefined ? 0 : countNewlines(text, offset));
    throw new DataError(`invalid JSON in record [${index}]: ${reason}`, { file, line });
  }
}

function tooLarge(index: number, file: string, line: number): DataError {
  return new DataError(`record [${index}] is too large to parse: over 512 MB of text in one record`, { file, line });
}

/**
 * V8 says where parsing failed as "at position N" (UTF-16 units into the element) and,
 * in newer versions, "(line L column C)". Both are relative to the element, which would
 * mislead next to a file location, so they are turned into a file line instead. Its
 * "Unexpected token" message quotes the surrounding text, newlines and all: the quote is
 * dropped so the error stays on one line.
 */
function syntaxReason(message: string): { reason: string; offset: number | undefined } {
  const quoted = /^(Unexpected token .+?), ".*" is not valid JSON$/s.exec(message);
  if (quoted) return { reason: quoted[1] as string, offset: undefined };
  const position = /\s+in JSON at position (\d+)(?:\s*\(line \d+ column \d+\))?/.exec(message);
  const reason = (position ? message.replace(position[0], '') : message).replace(/\s+/g, ' ');
  return { reason, offset: position ? Number(position[1]) : undefined };
}

function countNewlines(text: string, end: number): number {
  let count = 0;
  for (let at = text.indexOf('\n'); at !== -1 && at < end; at = text.indexOf('\n', at + 1)) count++;
  return count;
}
