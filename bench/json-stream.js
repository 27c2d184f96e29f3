// Streaming record readers for the bench scripts: JSON Lines, and JSON arrays of any size.
//
// V8 cannot make a string longer than about 512 MiB, so a JSON array over that size cannot
// be read whole and given to JSON.parse. The splitter below finds the array's top-level
// elements in the raw bytes (tracking nesting depth and strings) and parses each element on
// its own. It is deliberately plain: a loop over the few bytes outside strings, and
// Buffer.indexOf (memchr) to jump to the end of each string. It assumes well-formed JSON;
// the bench only feeds it files it generated or the tool's own output.
import { createReadStream, openSync, readSync, closeSync } from 'node:fs';

const CHUNK = 1 << 20;
const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COMMA = 0x2c;
const OPEN_OBJECT = 0x7b;
const CLOSE_OBJECT = 0x7d;
const OPEN_ARRAY = 0x5b;
const CLOSE_ARRAY = 0x5d;

/** True when the file's first non-whitespace byte is "[" (a JSON array, not JSON Lines). */
export function isJsonArray(path) {
  const fd = openSync(path, 'r');
  const head = Buffer.alloc(4096);
  const n = readSync(fd, head, 0, head.length, 0);
  closeSync(fd);
  const first = head.subarray(0, n).toString('latin1').trimStart();
  return first.startsWith('[');
}

/** Calls `onLines(lines)` with the complete lines of each 1 MiB chunk of a text file. */
export async function eachLines(path, onLines) {
  let rest = '';
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: CHUNK })) {
    const lines = (rest + chunk).split('\n');
    rest = lines.pop() ?? '';
    await onLines(lines);
  }
  if (rest !== '') await onLines([rest]);
}

/**
 * Calls `onElements(texts)` with the source text of the top-level elements of a JSON array
 * file, one batch per chunk read. Elements are handed over as text so that parsing them
 * stays with the caller (and in its timing).
 */
export async function eachArrayElements(path, onElements, chunkSize = CHUNK) {
  let depth = 0; // 0 before "[", 1 between elements, more inside one
  let inString = false;
  let carry = null; // bytes of an element that the previous chunk ended inside
  for await (const chunk of createReadStream(path, { highWaterMark: chunkSize })) {
    const buf = carry ? Buffer.concat([carry, chunk]) : chunk;
    let i = carry ? carry.length : 0;
    let start = carry ? 0 : -1; // start of the current element, -1 between elements
    const texts = [];
    while (i < buf.length) {
      if (inString) {
        const quote = buf.indexOf(QUOTE, i);
        if (quote < 0) {
          i = buf.length;
          break;
        }
        // The quote closes the string unless an odd run of backslashes escapes it.
        let b = quote - 1;
        while (buf[b] === BACKSLASH) b--;
        if ((quote - 1 - b) % 2 === 0) inString = false;
        i = quote + 1;
        continue;
      }
      const byte = buf[i];
      if (byte === QUOTE) {
        inString = true;
        if (depth === 1 && start < 0) start = i;
      } else if (byte === OPEN_OBJECT || byte === OPEN_ARRAY) {
        if (depth === 1 && start < 0) start = i;
        depth++;
      } else if (byte === CLOSE_OBJECT || byte === CLOSE_ARRAY) {
        depth--;
        if (depth === 1 && start >= 0) {
          texts.push(buf.toString('utf8', start, i + 1));
          start = -1;
        } else if (depth === 0 && start >= 0) {
          // "]" after a string, number or literal element
          texts.push(buf.toString('utf8', start, i));
          start = -1;
        }
      } else if (byte === COMMA && depth === 1) {
        if (start >= 0) texts.push(buf.toString('utf8', start, i));
        start = -1;
      } else if (depth === 1 && start < 0 && byte > 0x20) {
        start = i; // a number or literal element
      }
      i++;
    }
    carry = start >= 0 ? buf.subarray(start) : null;
    if (texts.length > 0) await onElements(texts);
  }
  if (depth !== 0 || carry) throw new Error(`${path}: the JSON array is not closed`);
}

/**
 * Calls `onRecords(records)` with the parsed records of a JSON Lines file or JSON array
 * file, in batches (one per chunk read). Returns the number of records.
 */
export async function eachRecords(path, onRecords) {
  let count = 0;
  const parseAll = async (texts) => {
    const records = [];
    for (const text of texts) if (text.trim() !== '') records.push(JSON.parse(text));
    count += records.length;
    if (records.length > 0) await onRecords(records);
  };
  if (isJsonArray(path)) await eachArrayElements(path, parseAll);
  else await eachLines(path, parseAll);
  return count;
}
