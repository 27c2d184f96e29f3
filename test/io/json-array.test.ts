import { Readable } from 'node:stream';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DataError } from '../../src/errors.js';
import { readJsonRecords, type LocatedValue } from '../../src/io/read-json.js';

const FILE = 'data.json';

/** Reads bytes through the public reader, as stdin would deliver them in these chunks. */
async function readChunks(chunks: readonly Uint8Array[]): Promise<LocatedValue[]> {
  const out: LocatedValue[] = [];
  for await (const record of readJsonRecords({ name: FILE, stream: Readable.from(chunks) })) out.push(record);
  return out;
}

async function readText(text: string | Uint8Array): Promise<LocatedValue[]> {
  return readChunks([typeof text === 'string' ? Buffer.from(text, 'utf8') : text]);
}

async function failure(text: string | Uint8Array, chunks?: readonly number[]): Promise<DataError> {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  const error = await readChunks(chunks ? split(bytes, chunks) : [bytes]).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DataError);
  return error as DataError;
}

/** Cuts bytes at the given positions (taken modulo the length, deduplicated, sorted). */
function split(bytes: Uint8Array, cuts: readonly number[]): Uint8Array[] {
  const points = [...new Set(cuts.map((c) => (bytes.length === 0 ? 0 : c % (bytes.length + 1))))].sort((a, b) => a - b);
  const out: Uint8Array[] = [];
  let from = 0;
  for (const point of [...points, bytes.length]) {
    if (point > from) out.push(bytes.subarray(from, point));
    from = Math.max(from, point);
  }
  return out;
}

function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let i = 0; i < offset; i++) if (text[i] === '\n') line++;
  return line;
}

/**
 * Strings made mostly of the characters a scanner can trip on (quotes, backslashes,
 * brackets, commas, newlines, multi-byte text), so runs of backslashes before a quote
 * are common rather than rare.
 */
const trickyString = fc.oneof(
  fc.array(fc.constantFrom('\\', '"', '[', ']', '{', '}', ',', ':', '\n', ' ', 'a', 'é', '日', '😀', '\u0000', '\ud800'), { maxLength: 8 }).map((parts) => parts.join('')),
  fc.string({ unit: 'binary', maxLength: 6 }),
);

const jsonTree = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    trickyString,
    fc.double({ noNaN: true, noDefaultInfinity: true }),
    fc.integer(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(trickyString, tie('value'), { maxKeys: 4 }),
  ),
})).value;

const whitespace = fc.array(fc.constantFrom(' ', '\t', '\n', '\r\n'), { maxLength: 3 }).map((parts) => parts.join(''));

/** A JSON array laid out with arbitrary whitespace, and where each element starts. */
const layoutArray = fc
  .record({
    values: fc.array(fc.oneof(jsonTree, fc.jsonValue({ maxDepth: 3, stringUnit: 'binary' })), { maxLength: 8 }),
    indents: fc.array(fc.constantFrom(0, 1, 2, '\t'), { minLength: 8, maxLength: 8 }),
    gaps: fc.array(whitespace, { minLength: 20, maxLength: 20 }),
    bom: fc.boolean(),
  })
  .map(({ values, indents, gaps, bom }) => {
    const gap = (i: number): string => gaps[i % gaps.length] as string;
    let text = `${gap(0)}[${gap(1)}`;
    const starts: number[] = [];
    values.forEach((value, i) => {
      if (i > 0) text += `${gap(2 * i)},${gap(2 * i + 1)}`;
      starts.push(text.length);
      text += JSON.stringify(value, null, indents[i % indents.length]);
    });
    text += `${gap(19)}]${gap(18)}`;
    return { text, starts, bytes: Buffer.from((bom ? '\ufeff' : '') + text, 'utf8') };
  });

describe('JSON array reader: well-formed arrays', () => {
  it('parses any array, cut into any chunks, exactly as JSON.parse does, with indexes and start lines', async () => {
    await fc.assert(
      fc.asyncProperty(layoutArray, fc.array(fc.nat(), { maxLength: 12 }), async ({ text, starts, bytes }, cuts) => {
        const records = await readChunks(split(bytes, cuts));
        expect(records.map((r) => r.value)).toEqual(JSON.parse(text));
        records.forEach((record, i) => {
          expect(record.location).toEqual({ file: FILE, index: i });
          expect(record.startLine).toBe(lineAt(text, starts[i] as number));
        });
      }),
      { numRuns: 300 },
    );
  });

  it('handles multi-byte characters and escapes split between chunks one byte at a time', async () => {
    const value = [{ t: 'é日本😀', q: 'a\\"]}{[', e: '\\' }, 'x\\"', -1.5e3, true, null, [[[]]], {}];
    const bytes = Buffer.from(`\ufeff${JSON.stringify(value)}`, 'utf8');
    const chunks = [...bytes].map((b) => Uint8Array.of(b));
    expect((await readChunks(chunks)).map((r) => r.value)).toEqual(value);
  });

  it('reads an empty array, with or without whitespace, as no records', async () => {
    expect(await readText('[]')).toEqual([]);
    expect(await readText(' \r\n[ \n ]\r\n')).toEqual([]);
  });

  it('reads the shared alpaca demo array like JSON.parse', async () => {
    const { readFile } = await import('node:fs/promises');
    const path = new URL('../../../shared/data/alpaca_en_demo.json', import.meta.url);
    const whole = JSON.parse(await readFile(path, 'utf8')) as unknown[];
    const records: unknown[] = [];
    for await (const r of readJsonRecords(path.pathname)) records.push(r.value);
    expect(records).toEqual(whole);
    expect(records).toHaveLength(999);
  });
});

describe('JSON array reader: malformed arrays give one located line', () => {
  const cases: ReadonlyArray<readonly [string, string | Uint8Array, string]> = [
    ['a trailing comma', '[1,\n2,\n]', 'data.json:3: trailing comma after record [1]: expected another record before "]"'],
    ['a missing comma', '[\n{"a":1}\n{"b":2}\n]', 'data.json:3: expected "," or "]" after record [0], found "{"'],
    ['a missing comma between scalars', '[1 2]', 'data.json:1: expected "," or "]" after record [0], found "2"'],
    ['a leading comma', '[,1]', 'data.json:1: expected a JSON value for record [0], found ","'],
    ['two commas', '[1,,2]', 'data.json:1: expected a JSON value for record [1], found ","'],
    ['garbage after "]"', '[1]\n x', 'data.json:2: expected nothing after the closing "]" of the array, found "x"'],
    ['a second "]"', '[1]]', 'data.json:1: expected nothing after the closing "]" of the array, found "]"'],
    ['a second array', '[1] [2]', 'data.json:1: expected nothing after the closing "]" of the array, found "["'],
    ['an unterminated array', '[1,\n2', 'data.json:2: the input ends before the array is closed with "]"'],
    ['an unterminated array after a comma', '[1,\n', 'data.json:2: the input ends before the array is closed with "]"'],
    ['an unterminated record', '[1,\n{"a":\n"b', 'data.json:2: record [1] is not complete: the input ends inside it'],
    ['an unterminated string record', '["abc\\"]', 'data.json:1: record [0] is not complete: the input ends inside it'],
    [
      'invalid JSON inside a record, at the line and column of the fault',
      '[{"a": 1},\n{"a": 1\n "b": 2}]',
      `data.json:3:2: invalid JSON in record [1]: expected "," or the end of the object or array, found '"'`,
    ],
    ['a bad literal on a later line of the record', '[{"a": 1},\n{"a": 1,\n "b": tru}]', 'data.json:3:7: invalid JSON in record [1]: expected JSON, found "t"'],
    [
      'a trailing comma inside a record, on its first line',
      '[\n{"a": 1,}]',
      'data.json:2: invalid JSON in record [0]: expected a field name in double quotes, found "}" (at character 9 of the record)',
    ],
    ['a bad literal', '[nul]', 'data.json:1: invalid JSON in record [0]:'],
    ['a control character after an element', '[1\u0001]', 'data.json:1: expected "," or "]" after record [0], found character U+0001'],
    ['a non-ASCII character after an element', '[1 é]', 'data.json:1: expected "," or "]" after record [0], found "é"'],
    ['invalid UTF-8 in a record', Buffer.concat([Buffer.from('[1,\n"a'), Buffer.from([0xff]), Buffer.from('"]')]), 'data.json:2: record [1] is not valid UTF-8 text'],
  ];
  for (const [name, text, message] of cases) {
    it(`${name}: ${message}`, async () => {
      const error = await failure(text);
      expect(error.message.startsWith(message)).toBe(true);
      expect(error.message).not.toContain('\n');
      expect(error.message).not.toMatch(/position \d/);
    });
  }

  it('fails at the first fault, wherever it is and however the input is chunked', async () => {
    const faults = fc.constantFrom('missing comma', 'trailing comma', 'garbage', 'truncated');
    await fc.assert(
      fc.asyncProperty(layoutArray, faults, fc.nat(), fc.array(fc.nat(), { maxLength: 6 }), async ({ text, starts }, fault, pick, cuts) => {
        fc.pre(starts.length >= 2 || fault !== 'missing comma');
        fc.pre(starts.length >= 1 || fault !== 'trailing comma');
        const close = text.lastIndexOf(']');
        let bad: string;
        let line: number;
        let expected: RegExp;
        if (fault === 'missing comma') {
          const k = 1 + (pick % (starts.length - 1));
          const before = text.slice(0, starts[k]);
          const comma = before.lastIndexOf(',');
          bad = `${before.slice(0, comma)} ${before.slice(comma + 1)}${text.slice(starts[k])}`;
          line = lineAt(bad, starts[k] as number);
          expected = new RegExp(`expected "," or "\\]" after record \\[${k - 1}\\]`);
        } else if (fault === 'trailing comma') {
          bad = `${text.slice(0, close)},${text.slice(close)}`;
          line = lineAt(bad, close + 1);
          expected = new RegExp(`trailing comma after record \\[${starts.length - 1}\\]`);
        } else if (fault === 'garbage') {
          bad = `${text}x`;
          line = lineAt(bad, text.length);
          expected = /expected nothing after the closing "\]"/;
        } else {
          bad = text.slice(0, pick % (close + 1));
          line = -1;
          expected = /input ends|empty input/;
        }
        const error = await failure(bad, cuts);
        expect(error.message).toMatch(expected);
        if (line > 0) expect(error.location).toEqual({ file: FILE, line });
      }),
      { numRuns: 300 },
    );
  });

  it('hands out the records before a fault first, so problems are met in file order', async () => {
    for (const text of ['[{"a":1}, {"b":2} {"c":3}]', '[{"a":1}, {"b":2}, {"c":]', '{"a":1}\n{"b":2}\n{"c":\n']) {
      const seen: unknown[] = [];
      const error = await (async () => {
        for await (const record of readJsonRecords({ name: FILE, stream: Readable.from([Buffer.from(text)]) })) seen.push(record.value);
      })().catch((e: unknown) => e);
      expect(error).toBeInstanceOf(DataError);
      expect(seen).toEqual([{ a: 1 }, { b: 2 }]);
    }
  });

  it('accepts stdin chunks that arrive as strings (an encoding set on the stream)', async () => {
    const records = [];
    for await (const record of readJsonRecords({ name: FILE, stream: Readable.from(['[{"a":"é', '"}, 2]']) })) records.push(record.value);
    expect(records).toEqual([{ a: 'é' }, 2]);
  });

  it('still refuses a first character that starts neither container', async () => {
    expect((await failure(' ]')).message).toBe('data.json: expected a JSON array ("[") or JSON Lines objects ("{"), found "]"');
    expect((await failure('\n\t ')).message).toBe('data.json: empty input: expected a JSON array or JSON Lines records');
  });
});

describe('JSON Lines reader (unchanged behaviour)', () => {
  it('reads CRLF lines with a BOM, cut anywhere, and reports lines', async () => {
    const text = '\ufeff{"a":"é"}\r\n\r\n{"b":[1,2]}\r\n';
    const bytes = Buffer.from(text, 'utf8');
    for (let cut = 0; cut <= bytes.length; cut++) {
      const records = await readChunks(split(bytes, [cut]));
      expect(records).toEqual([
        { value: { a: 'é' }, location: { file: FILE, line: 1 } },
        { value: { b: [1, 2] }, location: { file: FILE, line: 3 } },
      ]);
    }
  });

  it('names the line of invalid JSON', async () => {
    expect((await failure('{"a":1}\n{"a":\n')).message).toBe('data.json:2:6: invalid JSON: expected a value, found the end of the record');
  });
});
