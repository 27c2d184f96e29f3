/**
 * The counts file on its own: parts written by writeCountsPart read back into the same
 * numbers, in any order of parts; every fault of the file (cut short, a part missing or
 * twice, parts of different runs, a stray byte, another kind of file) is a DataError
 * naming the file and the line.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PLAIN_FIELDS, TEMPLATE_FIELDS, writeCountsPart, type CountsHeader, type PartCounts } from '../../src/counts/counts-format.js';
import { readCountsFile } from '../../src/counts/counts-reader.js';
import { DataError } from '../../src/errors.js';

const work = mkdtempSync(join(tmpdir(), 'mosaic-it-counts-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const HEX = (c: string) => c.repeat(64);

function header(pairs: number, range: [number, number], more: Partial<CountsHeader> = {}): CountsHeader {
  return {
    'mosaic-it counts': 1,
    tokenizer: { name: 'approx', id: 'mosaic-it approx 1' },
    chatTemplate: null,
    input: {
      sha256: HEX('a'),
      inputs: [{ sha256: HEX('b'), bytes: 10 }],
      read: { format: null, map: null, multiTurn: 'skip', preference: 'skip', ktoUndesirable: 'skip', onInvalid: 'fail' },
    },
    pairs,
    range,
    fields: PLAIN_FIELDS,
    ...more,
  };
}

/** Pair i's counts: prompt 3i+1, response 1000+i, system 7 on odd pairs, alone 5000+i. */
function columns(lo: number, hi: number, withAlone = false): PartCounts {
  const at = (f: (i: number) => number) => Array.from({ length: hi - lo }, (_, k) => f(lo + k));
  return {
    prompt: at((i) => 3 * i + 1),
    response: at((i) => 1000 + i),
    system: at((i) => (i % 2) * 7),
    ...(withAlone && { alone: at((i) => 5000 + i) }),
  };
}

async function partText(h: CountsHeader, withAlone = false): Promise<string> {
  let text = '';
  await writeCountsPart(async (block) => {
    text += String(block);
  }, h, columns(h.range[0], h.range[1], withAlone));
  return text;
}

function fileOf(name: string, text: string): { name: string; path: string } {
  const path = join(work, name);
  writeFileSync(path, text);
  return { name, path };
}

async function refusal(name: string, text: string): Promise<DataError> {
  const error = await readCountsFile(fileOf(name, text)).then(
    () => null,
    (e: unknown) => e,
  );
  expect(error, 'refused').toBeInstanceOf(DataError);
  expect((error as DataError).message).not.toContain('\n');
  return error as DataError;
}

describe('a counts file', () => {
  it('reads back the numbers written: content is prompt + response, alone adds the system prompt', async () => {
    const file = await readCountsFile(fileOf('whole.counts', await partText(header(5, [0, 5]))));
    expect(file.pairs).toBe(5);
    expect([...file.prompt]).toEqual([1, 4, 7, 10, 13]);
    expect([...file.content]).toEqual([1001, 1005, 1009, 1013, 1017]);
    expect([...file.system]).toEqual([0, 7, 0, 7, 0]);
    expect([...file.alone]).toEqual([1001, 1012, 1009, 1020, 1017]);
    // Typed arrays in shared memory: worker threads get them without a copy.
    expect(file.content.buffer).toBeInstanceOf(SharedArrayBuffer);
  });

  it('with a chat template, alone is the fourth number as written', async () => {
    const h = header(3, [0, 3], { chatTemplate: { sha256: HEX('c') }, fields: TEMPLATE_FIELDS });
    const text = await partText(h, true);
    expect(text.split('\n')[1]).toBe('1 1000 0 5000');
    const file = await readCountsFile(fileOf('template.counts', text));
    expect([...file.alone]).toEqual([5000, 5001, 5002]);
  });

  it('is whole when its parts cover [0, N) once, in any order, empty parts included', async () => {
    const parts = await Promise.all([header(10, [6, 10]), header(10, [0, 3]), header(10, [3, 3]), header(10, [3, 6])].map((h) => partText(h)));
    const file = await readCountsFile(fileOf('parts.counts', parts.join('')));
    const whole = await readCountsFile(fileOf('one.counts', await partText(header(10, [0, 10]))));
    expect([...file.prompt]).toEqual([...whole.prompt]);
    expect([...file.alone]).toEqual([...whole.alone]);
  });

  it('refuses a part missing, naming the pairs no part holds', async () => {
    const text = (await partText(header(10, [0, 4]))) + (await partText(header(10, [7, 10])));
    const error = await refusal('missing.counts', text);
    expect(error.message).toMatch(/^missing\.counts:6: .*pairs \[4, 7\) in no part/);
    const tail = await refusal('tail.counts', await partText(header(10, [0, 4])));
    expect(tail.message).toContain('pairs [4, 10) in no part');
  });

  it('refuses a part given twice', async () => {
    const a = await partText(header(6, [0, 3]));
    const b = await partText(header(6, [3, 6]));
    const error = await refusal('twice.counts', a + b + b);
    expect(error.message).toMatch(/^twice\.counts:9: .*pairs \[3, 6\) also in the part of line 5/);
  });

  it('refuses parts counted differently (another tokenizer)', async () => {
    const a = await partText(header(6, [0, 3]));
    const b = await partText(header(6, [3, 6], { tokenizer: { name: 'llama2', id: `sha256:${HEX('d')}` } }));
    const error = await refusal('mixed.counts', a + b);
    expect(error.message).toMatch(/^mixed\.counts:5: .*"tokenizer"/);
  });

  it('refuses a file cut short: mid-line, or a part with fewer lines than its range', async () => {
    const text = await partText(header(400, [0, 400]));
    const midLine = await refusal('cut.counts', text.slice(0, -3));
    expect(midLine.message).toContain('cut short');
    const lines = text.split('\n');
    const fewer = await refusal('fewer.counts', `${lines.slice(0, 380).join('\n')}\n`);
    expect(fewer.message).toMatch(/^fewer\.counts:1: expected 400 pair lines .*found 379/);
    const parts = (await partText(header(400, [0, 200]))) + (await partText(header(400, [200, 400])));
    const cutFirst = parts.split('\n');
    cutFirst.splice(150, 10);
    const inner = await refusal('inner.counts', cutFirst.join('\n'));
    expect(inner.message).toMatch(/^inner\.counts:1: expected 200 pair lines .*found 190/);
  });

  it.each([
    ['a letter', (t: string) => t.replace('\n4 1001 7\n', '\n4 x01 7\n'), /:3: expected digits, spaces or a header, found "x"/],
    ['a missing number', (t: string) => t.replace('\n4 1001 7\n', '\n4 1001\n'), /:3: expected 3 numbers a line .*found 2/],
    ['an extra number', (t: string) => t.replace('\n4 1001 7\n', '\n4 1001 7 1\n'), /:3: expected 3 numbers a line .*found more/],
    ['two spaces', (t: string) => t.replace('\n4 1001 7\n', '\n4  1001 7\n'), /:3: .*empty field/],
    ['an empty line', (t: string) => t.replace('\n4 1001 7\n', '\n\n4 1001 7\n'), /:3: .*empty field/],
    ['a carriage return', (t: string) => t.replace('\n4 1001 7\n', '\n4 1001 7\r\n'), /:3: .*carriage return/],
    ['a number past 2^32', (t: string) => t.replace('\n4 1001 7\n', '\n4 4294967296 7\n'), /:3: expected a count below 2\^32/],
    ['a header that is not JSON', (t: string) => t.replace('"system"]}', '"system"]'), /:1: .*not JSON/],
    ['a header of another version', (t: string) => t.replace('"mosaic-it counts":1', '"mosaic-it counts":2'), /:1: expected counts file version 1, found 2/],
    ['a header with a bad range', (t: string) => t.replace('"range":[0,5]', '"range":[0,6]'), /:1: .*range/],
  ])('refuses a garbage line: %s', async (_, edit, pattern) => {
    const text = edit(await partText(header(5, [0, 5])));
    const error = await refusal('garbage.counts', text);
    expect(error.message).toMatch(new RegExp(`^garbage\\.counts${pattern.source}`));
  });

  it('refuses what is not a counts file: a dataset, an empty file, numbers without a header', async () => {
    expect((await refusal('data.jsonl', '{"instruction":"a","output":"b"}\n')).message).toMatch(/^data\.jsonl:1: .*without "mosaic-it counts"/);
    expect((await refusal('array.json', '[{"instruction":"a"}]\n')).message).toMatch(/^array\.json:1: expected a counts file/);
    expect((await refusal('empty.counts', '')).message).toContain('found an empty file');
    expect((await refusal('bare.counts', '1 2 3\n')).message).toMatch(/^bare\.counts:1: expected a counts header before/);
  });

  it('refuses a header whose N the file is too small to hold, before allocating for it', async () => {
    const text = await partText(header(5, [0, 5]));
    const error = await refusal('huge.counts', text.replace('"pairs":5', '"pairs":4000000000').replace('"range":[0,5]', '"range":[0,4000000000]'));
    expect(error.message).toMatch(/^huge\.counts:1: .*4000000000 pairs/);
  });

  it('a missing file is a DataError naming it', async () => {
    const error = await readCountsFile({ name: 'nowhere.counts', path: join(work, 'nowhere.counts') }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataError);
    expect((error as DataError).message).toBe('nowhere.counts: cannot read counts file: no such file');
  });
});
