import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { parquetMetadata, parquetReadObjects, parquetSchema } from 'hyparquet';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DataError } from '../../src/errors.js';
import type { RecordShape } from '../../src/io/parquet-shape.js';
import type { LocatedValue } from '../../src/io/read-json.js';
import { readParquetRecords } from '../../src/io/read-parquet.js';
import { encodeParquet, parquetBlocks } from '../../src/io/write-parquet.js';
import { writeRecords } from '../../src/io/write-records.js';

const FIXTURES = fileURLToPath(new URL('../fixtures/io/', import.meta.url));

async function values(source: string | Uint8Array): Promise<unknown[]> {
  const out: LocatedValue[] = [];
  for await (const record of readParquetRecords(source, 'test.parquet')) out.push(record);
  expect(out.map((r) => r.location.index)).toEqual(out.map((_, i) => i));
  return out.map((r) => r.value);
}

async function blocks(records: readonly unknown[], options: Parameters<typeof parquetBlocks>[1] = {}): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const part of parquetBlocks(records, options)) parts.push(part);
  return Buffer.concat(parts);
}

function arrayBufferOf(bytes: Uint8Array): ArrayBuffer {
  return Uint8Array.prototype.slice.call(bytes).buffer as ArrayBuffer;
}

/** Mosaic-IT output records: texts, an optional system, a nested meta, chat lists. */
const MOSAICS = [
  {
    instruction: 'Answer both.\n1. Name a colour.\n2. Name a fox.',
    input: '',
    output: '1. Blue.\n2. A fox.',
    system: 'Be brief.',
    messages: [
      { role: 'user', content: 'Name a colour.' },
      { role: 'assistant', content: 'Blue. 日本語 😀' },
    ],
    meta: { epoch: 0, sources: [4, 17], strategy: 'permute', rule: 'reverse', order: [2, 1], masked: [], numbered: true, tokens: 1234, score: 0.25 },
  },
  {
    instruction: 'Only one.',
    input: '',
    output: 'One.',
    system: null,
    messages: [],
    meta: { epoch: 3, sources: [9], strategy: 'primary', rule: null, order: [1], masked: [], numbered: false, tokens: 7, score: 1 },
  },
];

describe('Parquet written by another implementation (arrow-rs)', () => {
  const expected = [
    { id: 1, messages: [{ role: 'user', content: 'Name a colour.' }, { role: 'assistant', content: 'Blue.' }], score: 0.5, ok: true, tags: ['a', 'b'] },
    {
      id: '9007199254740993',
      messages: [
        { role: 'system', content: 'Be brief. 日本語 ✓ 😀' },
        { role: 'user', content: 'Hi' },
        { role: 'assistant', content: 'Hello!' },
      ],
      score: null,
      ok: false,
      tags: [],
    },
    { id: -3, messages: [], score: 2, ok: null, tags: null },
  ];

  for (const codec of ['snappy', 'zstd']) {
    it(`reads ${codec} row groups into plain rows: list<struct> as arrays of objects, int64 as numbers or exact digits, nulls as null`, async () => {
      const rows = await values(join(FIXTURES, `messages-${codec}.parquet`));
      expect(rows).toEqual(expected);
      expect(JSON.parse(JSON.stringify(rows))).toEqual(expected);
    });
  }

  it('reads ShareGPT conversations', async () => {
    expect(await values(join(FIXTURES, 'sharegpt-snappy.parquet'))).toEqual([
      { conversations: [{ from: 'human', value: 'Say hi.' }, { from: 'gpt', value: 'Hi.' }], system: 'S' },
      { conversations: [{ from: 'human', value: 'Count to 2.' }, { from: 'gpt', value: '1, 2' }], system: null },
    ]);
  });

  it('reads the same rows from bytes in memory (stdin) as from the file', async () => {
    const path = join(FIXTURES, 'messages-zstd.parquet');
    expect(await values(await readFile(path))).toEqual(await values(path));
  });
});

describe('encodeParquet', () => {
  it('round-trips mosaic records through hyparquet', async () => {
    expect(await values(await encodeParquet(MOSAICS))).toEqual(MOSAICS);
  });

  it('writes nested lists and structs as Parquet LIST and struct groups, not JSON strings', async () => {
    const metadata = parquetMetadata(arrayBufferOf(await encodeParquet(MOSAICS)));
    const columns = new Map(parquetSchema(metadata).children.map((c) => [c.element.name, c]));
    const messages = columns.get('messages');
    expect(messages?.element).toMatchObject({ converted_type: 'LIST', repetition_type: 'OPTIONAL' });
    expect(messages?.children[0]?.element).toMatchObject({ name: 'list', repetition_type: 'REPEATED' });
    const element = messages?.children[0]?.children[0];
    expect(element?.element.name).toBe('element');
    expect(element?.children.map((c) => [c.element.name, c.element.type, c.element.converted_type])).toEqual([
      ['role', 'BYTE_ARRAY', 'UTF8'],
      ['content', 'BYTE_ARRAY', 'UTF8'],
    ]);
    const meta = columns.get('meta');
    expect(meta?.children.map((c) => [c.element.name, c.element.type ?? c.element.converted_type])).toEqual([
      ['epoch', 'INT64'],
      ['sources', 'LIST'],
      ['strategy', 'BYTE_ARRAY'],
      ['rule', 'BYTE_ARRAY'],
      ['order', 'LIST'],
      ['masked', 'LIST'],
      ['numbered', 'BOOLEAN'],
      ['tokens', 'INT64'],
      ['score', 'DOUBLE'],
    ]);
    expect(columns.get('system')?.element).toMatchObject({ type: 'BYTE_ARRAY', converted_type: 'UTF8', repetition_type: 'OPTIONAL' });
  });

  it('reads back through hyparquet alone with integers as bigints (INT64, as pyarrow writes Python ints)', async () => {
    const rows = await parquetReadObjects({ file: arrayBufferOf(await encodeParquet(MOSAICS)) });
    expect(rows[0]?.meta).toMatchObject({ epoch: 0n, sources: [4n, 17n], tokens: 1234n, score: 0.25 });
  });

  it('round-trips arbitrary records of a fixed shape, across row groups', async () => {
    const text = fc.string({ unit: 'grapheme', maxLength: 12 });
    const record = fc.record({
      instruction: text,
      output: text,
      system: fc.option(text),
      conversations: fc.array(fc.record({ from: fc.constantFrom('human', 'gpt'), value: text }), { maxLength: 4 }),
      meta: fc.option(
        fc.record({
          epoch: fc.nat(),
          sources: fc.array(fc.maxSafeInteger(), { maxLength: 4 }),
          weight: fc.double({ noNaN: true, noDefaultInfinity: true }),
          rule: fc.option(text),
          numbered: fc.boolean(),
        }),
      ),
    });
    await fc.assert(
      fc.asyncProperty(fc.array(record, { maxLength: 12 }), fc.integer({ min: 1, max: 5 }), async (records, rowGroupRows) => {
        // -0 has no JSON form and reads back as 0 from INT64; compare as JSON would.
        const expected = JSON.parse(JSON.stringify(records)) as unknown;
        expect(JSON.parse(JSON.stringify(await values(await encodeParquet(records, { rowGroupRows }))))).toEqual(expected);
      }),
      { numRuns: 60 },
    );
  });

  it('widens integers met with fractions to doubles and keeps a null-only column as nulls', async () => {
    const records = [{ n: 1, x: null }, { n: 2.5, x: null }, { n: -7 }];
    expect(await values(await encodeParquet(records))).toEqual([
      { n: 1, x: null },
      { n: 2.5, x: null },
      { n: -7, x: null },
    ]);
  });

  it('keeps 64-bit integers beyond 2^53 exact, as digits', async () => {
    expect(await values(await encodeParquet([{ id: 2n ** 60n }, { id: 5n }]))).toEqual([{ id: '1152921504606846976' }, { id: 5 }]);
  });

  it('refuses a column that mixes types, naming the field', async () => {
    await expect(encodeParquet([{ meta: { rule: 'x' } }, { meta: { rule: 3 } }])).rejects.toThrow(
      new DataError('cannot write Parquet: field "meta.rule" holds both strings and integers; a column has one type'),
    );
    await expect(encodeParquet([{ a: [{ b: 1 }] }, { a: [[1]] }])).rejects.toThrow(/field "a\[\]" holds both objects and lists/);
    await expect(encodeParquet([{ a: {} }])).rejects.toThrow(/field "a" is always an empty object/);
    await expect(encodeParquet([{ a: 1 }, 'text' as unknown as object])).rejects.toThrow(/record 1 is a string, not an object/);
  });

  it('writes a valid file with no rows', async () => {
    expect(await values(await encodeParquet([]))).toEqual([]);
    const shape: RecordShape = new Map([['text', { kind: 'string' }]]);
    expect(await values(await encodeParquet([], { shape }))).toEqual([]);
  });
});

describe('parquetBlocks: streaming, one row group at a time', () => {
  it('produces the same file as encodeParquet when the first group holds every record', async () => {
    expect(await blocks(MOSAICS)).toEqual(Buffer.from(await encodeParquet(MOSAICS)));
  });

  it('cuts row groups by rows and by text size', async () => {
    const records = Array.from({ length: 10 }, (_, i) => ({ i, text: 'x'.repeat(i * 10) }));
    const byRows = parquetMetadata(arrayBufferOf(await blocks(records, { rowGroupRows: 3 })));
    expect(byRows.row_groups.map((g) => Number(g.num_rows))).toEqual([3, 3, 3, 1]);
    // Record i counts 21 + 10i: 8 per object and per scalar, plus key and text lengths.
    const bySize = parquetMetadata(arrayBufferOf(await blocks(records, { rowGroupChars: 100 })));
    expect(bySize.row_groups.map((g) => Number(g.num_rows))).toEqual([4, 2, 2, 1, 1]);
    expect(await values(await blocks(records, { rowGroupChars: 100 }))).toEqual(records);
  });

  it('names the record and field that do not fit the columns inferred from the first group', async () => {
    const first = [{ a: 'x', n: 1 }];
    await expect(blocks([...first, { a: 'y', n: 2, extra: true }], { rowGroupRows: 1 })).rejects.toThrow(
      'cannot write Parquet: record 1 has field "extra", absent from the records the columns were inferred from; pass a shape to fix the columns',
    );
    await expect(blocks([...first, { a: 'y', n: 2.5 }], { rowGroupRows: 1 })).rejects.toThrow(
      'cannot write Parquet: record 1 field "n": expected an integer as in the records before it, found a number (2.5); pass a shape to fix the columns',
    );
  });

  it('follows a given shape instead of inferring one', async () => {
    const shape: RecordShape = new Map([
      ['a', { kind: 'string' }],
      ['n', { kind: 'double' }],
      ['extra', { kind: 'boolean' }],
    ]);
    const records = [{ a: 'x', n: 1 }, { a: 'y', n: 2.5, extra: true }];
    expect(await values(await blocks(records, { shape, rowGroupRows: 1 }))).toEqual([
      { a: 'x', n: 1, extra: null },
      { a: 'y', n: 2.5, extra: true },
    ]);
  });
});

describe('writeRecords with the parquet container', () => {
  let dir = '';
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mosaic-it-parquet-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  async function* stream(records: readonly unknown[]): AsyncGenerator<unknown> {
    yield* records;
  }

  it('writes the file atomically and counts the records', async () => {
    const path = join(dir, 'out.parquet');
    expect(await writeRecords(stream(MOSAICS), { path, container: 'parquet' })).toBe(2);
    expect(await values(path)).toEqual(MOSAICS);
    expect(await readdir(dir)).toEqual(['out.parquet']);
  });

  it('leaves nothing behind, and an existing file untouched, when a record does not fit', async () => {
    const path = join(dir, 'out.parquet');
    await writeFile(path, 'old');
    const records = [{ a: 'x' }, { a: 1 }];
    await expect(writeRecords(stream(records), { path, container: 'parquet', parquet: { rowGroupRows: 1 } })).rejects.toThrow(DataError);
    expect(await readFile(path, 'utf8')).toBe('old');
    expect(await readdir(dir)).toEqual(['out.parquet']);
  });

  it('stops on abort without leaving a file', async () => {
    const path = join(dir, 'out.parquet');
    const controller = new AbortController();
    async function* aborting(): AsyncGenerator<unknown> {
      yield MOSAICS[0];
      controller.abort();
      yield MOSAICS[1];
    }
    await expect(writeRecords(aborting(), { path, container: 'parquet' }, controller.signal)).rejects.toThrow('interrupted');
    expect(await readdir(dir)).toEqual([]);
  });
});
