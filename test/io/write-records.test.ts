import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { readJsonRecords } from '../../src/io/read-json.js';
import { encodeParquet } from '../../src/io/write-parquet.js';
import { writeRecords, type Container } from '../../src/io/write-records.js';

const RECORDS = [
  { instruction: 'Say "hi".', input: '', output: 'hi\n' },
  { instruction: 'Emoji?', input: '', output: '😀', meta: { epoch: 0, sources: [1, 2], rule: null } },
];

async function* stream(records: readonly unknown[]): AsyncGenerator<unknown> {
  yield* records;
}

/** Everything written to a stream target, as bytes. */
async function captured(records: readonly unknown[], container: Container): Promise<Buffer> {
  const out = new PassThrough();
  const parts: Buffer[] = [];
  out.on('data', (chunk: Buffer) => parts.push(chunk));
  const count = await writeRecords(stream(records), { stream: out, container });
  out.end();
  expect(count).toBe(records.length);
  return Buffer.concat(parts);
}

describe('writeRecords containers', () => {
  let dir = '';
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mosaic-it-write-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('writes a JSON array as "[\\n", records joined by ",\\n", then "\\n]\\n"', async () => {
    const text = (await captured(RECORDS, 'json')).toString('utf8');
    expect(text).toBe(`[\n${RECORDS.map((r) => JSON.stringify(r)).join(',\n')}\n]\n`);
    expect(JSON.parse(text)).toEqual(RECORDS);
    expect((await captured([], 'json')).toString('utf8')).toBe('[]\n');
  });

  it('writes JSON Lines as one record per line', async () => {
    expect((await captured(RECORDS, 'jsonl')).toString('utf8')).toBe(RECORDS.map((r) => `${JSON.stringify(r)}\n`).join(''));
  });

  it('streams Parquet to a stream target, byte for byte what encodeParquet makes', async () => {
    expect(await captured(RECORDS, 'parquet')).toEqual(Buffer.from(await encodeParquet(RECORDS)));
  });

  it('reads its own JSON array back, element by element with start lines', async () => {
    const path = join(dir, 'out.json');
    await writeRecords(stream(RECORDS), { path, container: 'json' });
    const back = [];
    for await (const record of readJsonRecords(path)) back.push(record);
    expect(back.map((r) => r.value)).toEqual(RECORDS);
    expect(back.map((r) => r.startLine)).toEqual([2, 3]);
    expect(await readdir(dir)).toEqual(['out.json']);
    expect(await readFile(path, 'utf8')).toMatch(/^\[\n\{/);
  });
});

describe('writeRecords blocks', () => {
  // Records of every size around the 1 MiB block: short ones, ones that fill a block
  // unevenly, one longer than a block, with characters of one to four UTF-8 bytes.
  const text = (n: number, i: number) => `${'aé中😀'.repeat(Math.ceil(n / 5)).slice(0, n)}#${i}"\n`;
  const records: unknown[] = [];
  for (let i = 0; i < 400; i++) records.push({ instruction: text((i * 7919) % 9000, i), input: '', output: text((i * 104729) % 30000, i) });
  records.splice(150, 0, { instruction: text(700_000, -1), input: '', output: 'long' });
  records.splice(151, 0, { instruction: text(200_000, -2), input: '', output: 'after long' });

  for (const container of ['jsonl', 'json'] as const) {
    it(`writes the same bytes as joining JSON.stringify, and hands every byte to onBlock (${container})`, async () => {
      const lines = records.map((r) => JSON.stringify(r));
      const expected = container === 'jsonl' ? lines.map((l) => `${l}\n`).join('') : `[\n${lines.join(',\n')}\n]\n`;
      const out = new PassThrough();
      const written: Buffer[] = [];
      out.on('data', (chunk: Buffer) => written.push(chunk));
      const blocks: Buffer[] = [];
      await writeRecords(stream(records), { stream: out, container }, { onBlock: (b) => blocks.push(Buffer.from(b as Uint8Array)) });
      out.end();
      const bytes = Buffer.concat(written);
      expect(bytes.equals(Buffer.from(expected, 'utf8'))).toBe(true);
      expect(Buffer.concat(blocks).equals(bytes)).toBe(true);
      // Blocks stay bounded, except a record that is larger on its own.
      expect(blocks.length).toBeGreaterThan(3);
      for (const b of blocks) if (b.length > 1 << 20) expect(b.length).toBeGreaterThan(700_000);
    });
  }
});
