import { DataError } from '../errors.js';
import { concatBytes } from './byte-stream.js';

/** The raw bytes of one top-level element of a JSON array, and the line it starts on. */
export interface ArrayElement {
  readonly bytes: Uint8Array;
  /** 1-based line of the element's first byte. */
  readonly line: number;
}

const enum State {
  /** Before the opening "[" (only whitespace may come first). */
  Open,
  /** Right after "[": an element or "]". */
  First,
  /** After ",": an element, and "]" would be a trailing comma. */
  Next,
  /** Inside an object, array or string element. */
  Nested,
  /** Inside a number, true, false or null. */
  Scalar,
  /** After an element: "," or "]". */
  After,
  /** After the closing "]": only whitespace. */
  Closed,
}

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const NEWLINE = 0x0a;

/** JSON's four whitespace bytes. */
function isSpace(byte: number): boolean {
  return byte === 0x20 || byte === NEWLINE || byte === 0x0d || byte === 0x09;
}

/** Bytes that can continue a number or a literal; anything else ends it. */
function isScalarByte(byte: number): boolean {
  return (
    (byte >= 0x30 && byte <= 0x39) || (byte >= 0x61 && byte <= 0x7a) || (byte >= 0x41 && byte <= 0x5a) || byte === 0x2b || byte === 0x2d || byte === 0x2e
  );
}

/**
 * Finds where each top-level element of a JSON array begins and ends in a stream of
 * byte chunks, without decoding or parsing: only string, escape and nesting state is
 * tracked, so an element's own syntax is left to JSON.parse. The array's punctuation
 * (commas, brackets, what follows "]") is checked here, because no parser sees it.
 * Elements may span any number of chunks; only the current element's pieces are held.
 */
export class JsonArrayScanner {
  private state = State.Open;
  private line = 1;
  private count = 0;
  private depth = 0;
  private inString = false;
  private escaped = false;
  private startLine = 1;
  private parts: Uint8Array[] = [];

  constructor(private readonly file: string) {}

  /**
   * Scans one chunk and appends the elements that end in it to `found`. On a fault it
   * throws, and `found` already holds the elements before the fault, so a caller can
   * hand those out first and report problems in file order.
   */
  push(chunk: Uint8Array, found: ArrayElement[] = []): ArrayElement[] {
    const n = chunk.length;
    let start = this.state === State.Nested || this.state === State.Scalar ? 0 : -1;
    let i = 0;
    while (i < n) {
      const byte = chunk[i] as number;
      switch (this.state) {
        case State.Nested: {
          const end = this.scanNested(chunk, i);
          if (end < 0) {
            i = n;
            break;
          }
          found.push(this.finish(chunk, start, end));
          start = -1;
          i = end;
          break;
        }
        case State.Scalar:
          if (isScalarByte(byte)) {
            i++;
            break;
          }
          found.push(this.finish(chunk, start, i));
          start = -1;
          break;
        case State.Open:
          if (byte === 0x5b) this.state = State.First;
          else if (!isSpace(byte)) this.fail(chunk, i, 'expected a JSON array starting with "["');
          i = this.advance(byte, i);
          break;
        case State.First:
        case State.Next:
          if (isSpace(byte)) {
            i = this.advance(byte, i);
          } else if (byte === 0x5d) {
            if (this.state === State.Next) {
              throw new DataError(`trailing comma after record [${this.count - 1}]: expected another record before "]"`, { file: this.file, line: this.line });
            }
            this.state = State.Closed;
            i++;
          } else {
            start = i;
            this.begin(chunk, i);
            i++;
          }
          break;
        case State.After:
          if (byte === 0x2c) this.state = State.Next;
          else if (byte === 0x5d) this.state = State.Closed;
          else if (!isSpace(byte)) this.fail(chunk, i, `expected "," or "]" after record [${this.count - 1}]`);
          i = this.advance(byte, i);
          break;
        case State.Closed:
          if (!isSpace(byte)) this.fail(chunk, i, 'expected nothing after the closing "]" of the array');
          i = this.advance(byte, i);
          break;
      }
    }
    if (start >= 0) this.parts.push(chunk.subarray(start));
    return found;
  }

  /** Checks that the input ended where it may: after the closing "]". */
  end(): void {
    if (this.state === State.Closed) return;
    if (this.state === State.Nested) {
      throw new DataError(`record [${this.count}] is not complete: the input ends inside it`, { file: this.file, line: this.startLine });
    }
    throw new DataError('the input ends before the array is closed with "]"', { file: this.file, line: this.line });
  }

  private advance(byte: number, i: number): number {
    if (byte === NEWLINE) this.line++;
    return i + 1;
  }

  private begin(chunk: Uint8Array, i: number): void {
    const byte = chunk[i] as number;
    this.startLine = this.line;
    if (byte === 0x7b || byte === 0x5b) {
      this.state = State.Nested;
      this.depth = 1;
      this.inString = false;
    } else if (byte === QUOTE) {
      this.state = State.Nested;
      this.depth = 0;
      this.inString = true;
      this.escaped = false;
    } else if (isScalarByte(byte)) {
      this.state = State.Scalar;
    } else {
      this.fail(chunk, i, `expected a JSON value for record [${this.count}]`);
    }
  }

  /**
   * Advances through an object, array or string element from `i`; returns the index just
   * past its last byte, or -1 when the chunk ends first (the state carries over).
   * Raw newlines cannot occur inside valid JSON strings, so lines are counted only
   * outside them; an invalid string fails in JSON.parse anyway.
   */
  private scanNested(chunk: Uint8Array, from: number): number {
    const n = chunk.length;
    let i = from;
    while (i < n) {
      if (this.inString) {
        if (this.escaped) {
          this.escaped = false;
          i++;
          continue;
        }
        const quote = chunk.indexOf(QUOTE, i);
        const limit = quote < 0 ? n : quote;
        // Backslashes right before the quote (or the chunk's end) decide whether it is
        // escaped; position i itself is known not to be escaped.
        let run = 0;
        while (limit - run - 1 >= i && chunk[limit - run - 1] === BACKSLASH) run++;
        if (quote < 0) {
          this.escaped = run % 2 === 1;
          return -1;
        }
        i = quote + 1;
        if (run % 2 === 1) continue;
        this.inString = false;
        if (this.depth === 0) return i;
        continue;
      }
      const byte = chunk[i] as number;
      if (byte === QUOTE) this.inString = true;
      else if (byte === 0x7b || byte === 0x5b) this.depth++;
      else if (byte === 0x7d || byte === 0x5d) {
        if (--this.depth === 0) return i + 1;
      } else if (byte === NEWLINE) this.line++;
      i++;
    }
    return -1;
  }

  private finish(chunk: Uint8Array, start: number, end: number): ArrayElement {
    let bytes: Uint8Array;
    if (this.parts.length === 0) {
      bytes = chunk.subarray(start < 0 ? 0 : start, end);
    } else {
      this.parts.push(chunk.subarray(0, end));
      bytes = concatBytes(this.parts);
      this.parts = [];
    }
    this.count++;
    this.state = State.After;
    return { bytes, line: this.startLine };
  }

  private fail(chunk: Uint8Array, i: number, expected: string): never {
    throw new DataError(`${expected}, found ${describeByteAt(chunk, i)}`, { file: this.file, line: this.line });
  }
}

/** The character at a byte offset, readably: `"x"`, or its code for invisible ones. */
function describeByteAt(chunk: Uint8Array, i: number): string {
  const byte = chunk[i] as number;
  if (byte >= 0x21 && byte < 0x7f) return `"${String.fromCharCode(byte)}"`;
  if (byte < 0x80) return `character U+${byte.toString(16).toUpperCase().padStart(4, '0')}`;
  const char = new TextDecoder().decode(chunk.subarray(i, i + 4)).codePointAt(0) ?? 0xfffd;
  return char === 0xfffd ? `byte 0x${byte.toString(16)}` : `"${String.fromCodePoint(char)}"`;
}
