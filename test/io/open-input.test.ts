import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { gzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataError } from '../../src/errors.js';
import { openInput, readRecords } from '../../src/io/open-input.js';
import type { LocatedValue } from '../../src/io/read-json.js';
import { encodeParquet } from '../../src/io/write-parquet.js';

const RECORDS = [
  { instruction: 'Name a colour.', input: '', output: 'Blue.' },
  { instruction: 'Traduis « chat ».', input: '', output: 'cat 🐈' },
  { instruction: 'Sum 2 and 3.', input: '2 3', output: '5' },
];
const ARRAY = `${JSON.stringify(RECORDS, null, 2)}\n`;
const LINES = RECORDS.map((r) => JSON.stringify(r)).join('\r\n');
const PARQUET = await encodeParquet(RECORDS);

/** Every container, as bytes. */
const CONTAINERS: ReadonlyArray<readonly [string, Uint8Array]> = [
  ['data.json', Buffer.from(ARRAY)],
  ['data.jsonl', Buffer.from(LINES)],
  ['data.parquet', PARQUET],
  ['data.json.gz', gzipSync(ARRAY)],
  ['data.jsonl.gz', gzipSync(LINES)],
  ['data.parquet.gz', gzipSync(PARQUET)],
];

let dir = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mosaic-it-open-'));
  for (const [name, bytes] of CONTAINERS) await writeFile(join(dir, name), bytes);
  // Names that say nothing: the content decides.
  for (const [name, bytes] of CONTAINERS) await writeFile(join(dir, `noext-${name.replace(/\./g, '-')}`), bytes);
  await mkdir(join(dir, 'folder'));
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

async function collect(records: AsyncIterable<LocatedValue>): Promise<LocatedValue[]> {
  const out: LocatedValue[] = [];
  for await (const record of records) out.push(record);
  return out;
}

function stdinOf(bytes: Uint8Array, chunkSize = 7): Readable {
  const chunks: Uint8Array[] = [];
  for (let at = 0; at < bytes.length; at += chunkSize) chunks.push(bytes.subarray(at, at + chunkSize));
  return Readable.from(chunks);
}

async function failure(records: AsyncIterable<LocatedValue>): Promise<DataError> {
  const error = await collect(records).then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(DataError);
  return error as DataError;
}

describe('openInput: any container, from a file or from stdin', () => {
  for (const [name, bytes] of CONTAINERS) {
    it(`reads ${name} by its content, from a file and from stdin`, async () => {
      for (const file of [name, `noext-${name.replace(/\./g, '-')}`]) {
        const path = join(dir, file);
        const records = await collect(openInput(path, stdinOf(new Uint8Array())));
        expect(records.map((r) => r.value)).toEqual(RECORDS);
        expect(records.every((r) => r.location.file === path)).toBe(true);
      }
      const piped = await collect(openInput('-', stdinOf(bytes)));
      expect(piped.map((r) => r.value)).toEqual(RECORDS);
      expect(piped.map((r) => r.location.file)).toEqual(['<stdin>', '<stdin>', '<stdin>']);
    });
  }

  it('keeps each container\'s locations: lines for JSON Lines, indexes for arrays and Parquet', async () => {
    const lines = await collect(openInput(join(dir, 'data.jsonl.gz'), stdinOf(new Uint8Array())));
    expect(lines.map((r) => r.location.line)).toEqual([1, 2, 3]);
    const array = await collect(openInput(join(dir, 'data.json.gz'), stdinOf(new Uint8Array())));
    expect(array.map((r) => [r.location.index, r.startLine])).toEqual([
      [0, 2],
      [1, 7],
      [2, 12],
    ]);
    const parquet = await collect(openInput(join(dir, 'data.parquet'), stdinOf(new Uint8Array())));
    expect(parquet.map((r) => r.location)).toEqual([0, 1, 2].map((index) => ({ file: join(dir, 'data.parquet'), index })));
  });

  it('reads concatenated gzip members as one stream', async () => {
    const half = RECORDS.slice(0, 2).map((r) => `${JSON.stringify(r)}\n`).join('');
    const rest = `${JSON.stringify(RECORDS[2])}\n`;
    const records = await collect(openInput('-', stdinOf(Buffer.concat([gzipSync(half), gzipSync(rest)]))));
    expect(records.map((r) => r.value)).toEqual(RECORDS);
  });

  it('stops early without error when the consumer stops', async () => {
    for (const name of ['data.json.gz', 'data.parquet', 'data.json']) {
      for await (const record of openInput(join(dir, name), stdinOf(new Uint8Array()))) {
        expect(record.value).toEqual(RECORDS[0]);
        break;
      }
    }
  });
});

describe('openInput: damaged or missing inputs are one-line data errors naming the file', () => {
  it('a corrupt gzip header', async () => {
    const bytes = Buffer.from(gzipSync(ARRAY));
    bytes[2] = 7; // compression method: only 8 (deflate) exists
    const error = await failure(openInput('-', stdinOf(bytes)));
    expect(error.message).toMatch(/^<stdin>: not a valid gzip file: \S/);
    expect(error.location).toEqual({ file: '<stdin>' });
  });

  it('corrupt compressed data: a data error naming the input, from zlib or from what it decoded', async () => {
    const bytes = Buffer.from(gzipSync(ARRAY));
    bytes.fill(0x55, 12, 40);
    const error = await failure(openInput('-', stdinOf(bytes)));
    expect(error.message).toMatch(/^<stdin>\S*: /);
    expect(error.message).not.toContain('\n');
  });

  it('a damaged checksum, caught at the end of the stream', async () => {
    const bytes = Buffer.from(gzipSync(LINES));
    bytes.writeUInt8((bytes.at(-6) as number) ^ 0xff, bytes.length - 6);
    expect((await failure(openInput('-', stdinOf(bytes)))).message).toBe('<stdin>: not a valid gzip file: incorrect data check');
  });

  it('a truncated gzip file', async () => {
    const path = join(dir, 'cut.json.gz');
    const bytes = gzipSync(ARRAY);
    await writeFile(path, bytes.subarray(0, bytes.length - 9));
    expect((await failure(readRecords(path))).message).toBe(`${path}: not a valid gzip file: the compressed data is truncated`);
  });

  it('gzip around bad JSON reports the JSON fault with its line', async () => {
    const error = await failure(openInput('-', stdinOf(gzipSync('[1,\n2,]'))));
    expect(error.message).toBe('<stdin>:2: trailing comma after record [1]: expected another record before "]"');
  });

  it('gzip inside gzip: one layer is undone, the second shows as binary', async () => {
    const error = await failure(openInput('-', stdinOf(gzipSync(gzipSync(ARRAY)))));
    expect(error.message).toBe('<stdin>: expected a JSON array ("[") or JSON Lines objects ("{"), found character U+001F');
  });

  it('a .parquet name over other content', async () => {
    const path = join(dir, 'fake.parquet');
    await writeFile(path, ARRAY);
    expect((await failure(readRecords(path))).message).toBe(`${path}: not a valid Parquet file: it does not start with "PAR1"`);
  });

  it('a Parquet file cut short', async () => {
    const path = join(dir, 'cut.parquet');
    await writeFile(path, PARQUET.subarray(0, PARQUET.length - 20));
    expect((await failure(readRecords(path))).message).toMatch(new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}: not a valid Parquet file: `));
  });

  it('a missing file and a folder', async () => {
    expect((await failure(readRecords(join(dir, 'none.json')))).message).toBe(`${join(dir, 'none.json')}: no such file`);
    expect((await failure(readRecords(join(dir, 'folder')))).message).toBe(`${join(dir, 'folder')}: is a directory, expected a file`);
  });

  it('empty stdin', async () => {
    expect((await failure(openInput('-', stdinOf(new Uint8Array())))).message).toBe('<stdin>: empty input: expected a JSON array or JSON Lines records');
  });
});
