import { createRequire } from 'node:module';
import type { ParseErrorCode } from 'jsonc-parser';

/** Where a record's JSON text goes wrong: a UTF-16 offset into the text, and what is wrong there. */
export interface JsonFault {
  readonly offset: number;
  readonly message: string;
}

// jsonc-parser's error codes, as a person reading the message would put them.
const PHRASES: Readonly<Record<string, string>> = {
  InvalidSymbol: 'expected JSON',
  InvalidNumberFormat: 'invalid number',
  PropertyNameExpected: 'expected a field name in double quotes',
  ValueExpected: 'expected a value',
  ColonExpected: 'expected ":"',
  CommaExpected: 'expected "," or the end of the object or array',
  CloseBraceExpected: 'expected "}": the object is not closed',
  CloseBracketExpected: 'expected "]": the array is not closed',
  EndOfFileExpected: 'unexpected text after the record',
  InvalidCommentToken: 'comments are not JSON',
  UnexpectedEndOfComment: 'comments are not JSON',
  UnexpectedEndOfString: 'the string is not closed on this line',
  UnexpectedEndOfNumber: 'invalid number',
  InvalidUnicode: 'invalid \\u escape',
  InvalidEscapeCharacter: 'invalid escape in a string',
  InvalidCharacter: 'a control character inside a string must be escaped',
};

/**
 * The first syntax error in a text JSON.parse rejected, located exactly. V8's own
 * messages give no position for most errors; this second, slower pass runs only on the
 * failing record. Null when the scanner finds nothing (the caller keeps V8's message).
 */
export function findSyntaxFault(text: string): JsonFault | null {
  const { printParseErrorCode, visit } = jsonc();
  let fault: JsonFault | null = null;
  visit(
    text,
    {
      onError: (error: ParseErrorCode, offset: number) => {
        fault ??= { offset, message: `${PHRASES[printParseErrorCode(error)] ?? printParseErrorCode(error)}, found ${foundAt(text, offset)}` };
      },
    },
    { disallowComments: true, allowTrailingComma: false },
  );
  return fault;
}

/**
 * The scanner, loaded on the first record that needs it rather than by every run. These
 * checks are synchronous, so it is required: its package has one CommonJS entry, which
 * `import` would load as well.
 */
function jsonc(): typeof import('jsonc-parser') {
  jsoncModule ??= createRequire(import.meta.url)('jsonc-parser') as typeof import('jsonc-parser');
  return jsoncModule;
}
let jsoncModule: typeof import('jsonc-parser') | undefined;

/** What stands at a fault: a character, quoted, or the end of the record. */
function foundAt(text: string, offset: number): string {
  const code = text.codePointAt(offset);
  if (code === undefined) return 'the end of the record';
  if (code < 0x20 || code === 0x7f) return `character U+${code.toString(16).toUpperCase().padStart(4, '0')}`;
  if (code === 0x22) return "'\"'";
  return `"${String.fromCodePoint(code)}"`;
}

/**
 * The first key that appears twice in one object, anywhere in the record. JSON.parse
 * silently keeps the last one, so a record like {"output": "a", "output": "b"} would lose
 * data without a word.
 */
export function findDuplicateKey(text: string): JsonFault | null {
  const open: Array<Set<string>> = [];
  let fault: JsonFault | null = null;
  jsonc().visit(text, {
    onObjectBegin: () => {
      open.push(new Set());
    },
    onObjectEnd: () => {
      open.pop();
    },
    onObjectProperty: (property: string, offset: number) => {
      const keys = open[open.length - 1];
      if (keys === undefined || fault !== null) return;
      if (keys.has(property)) fault = { offset, message: `field "${property}" appears twice in one object` };
      keys.add(property);
    },
  });
  return fault;
}

/**
 * Whether a record's text may hold a duplicate key, cheaply: JSON.parse keeps one
 * property per distinct key, so a text with more key-value colons (outside strings) than
 * the parsed value has properties must repeat one. Exact for texts JSON.parse accepted;
 * only then is the slower findDuplicateKey run.
 */
export function mayRepeatKeys(text: string, value: unknown): boolean {
  return colonsOutsideStrings(text) !== propertyCount(value);
}

function colonsOutsideStrings(text: string): number {
  let colons = 0;
  let at = 0;
  // Both searches only move forward, so the scan stays linear however many strings there are.
  let colon = text.indexOf(':');
  while (colon !== -1) {
    const quote = text.indexOf('"', at);
    if (quote === -1 || colon < quote) {
      colons++;
      at = colon + 1;
      colon = text.indexOf(':', at);
      continue;
    }
    // Skip the string that starts at `quote`: its end is the next quote not escaped.
    let end = text.indexOf('"', quote + 1);
    while (end !== -1 && isEscaped(text, end)) end = text.indexOf('"', end + 1);
    if (end === -1) return colons;
    at = end + 1;
    if (colon < at) colon = text.indexOf(':', at);
  }
  return colons;
}

/** Whether the character at `at` follows an odd run of backslashes. */
function isEscaped(text: string, at: number): boolean {
  let slashes = 0;
  for (let i = at - 1; i >= 0 && text.charCodeAt(i) === 0x5c; i--) slashes++;
  return slashes % 2 === 1;
}

function propertyCount(value: unknown): number {
  if (typeof value !== 'object' || value === null) return 0;
  let count = 0;
  if (Array.isArray(value)) {
    for (const item of value) count += propertyCount(item);
    return count;
  }
  for (const key in value) count += 1 + propertyCount((value as Record<string, unknown>)[key]);
  return count;
}

/** 1-based column of a UTF-16 offset, on its line of the text, counting characters, not UTF-16 units. */
export function columnOf(text: string, offset: number): number {
  const end = Math.min(offset, text.length);
  let column = 1;
  for (let i = text.lastIndexOf('\n', end - 1) + 1; i < end; i++) {
    const code = text.charCodeAt(i);
    // The second half of a surrogate pair is the same character as the first.
    if (code < 0xdc00 || code > 0xdfff) column++;
  }
  return column;
}
