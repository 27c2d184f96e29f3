/**
 * Parquet through the built CLI: input written by hyparquet-writer here in the test,
 * output read back with hyparquet and compared with the JSON Lines output of the same run,
 * the CLI's Parquet output read again as input, and byte-identical reruns.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parquetReadObjects } from 'hyparquet';
import { parquetWriteBuffer } from 'hyparquet-writer';
import { describe, expect, it } from 'vitest';
import {
  augment,
  jsonl,
  type Meta,
  readJsonlFile,
  STACK_FRAME,
  summaryCounts,
  useTempDirs,
} from '../helpers/e2e-cli.js';
import { type Rec, type SourceTable, APPROX, outRecords, isRec, viewOf, checkSources, usesPerEpoch, e2eFixture } from '../helpers/e2e-records.js';
import { HANG } from '../helpers/timeouts.js';

const dir = useTempDirs();

const fixture = e2eFixture;
const SHAREGPT = fixture('sharegpt.json');
const DOLLY = fixture('dolly.jsonl');

/** Rows as hyparquet reads them, with INT64 values (BigInt) as the numbers JSON holds. */
async function readParquet(path: string): Promise<Rec[]> {
  const bytes = readFileSync(path);
  const file = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  const plain = (v: unknown): unknown => {
    if (typeof v === 'bigint') {
      expect(Number.isSafeInteger(Number(v)), `${v} fits a JSON number`).toBe(true);
      return Number(v);
    }
    if (Array.isArray(v)) return v.map(plain);
    if (isRec(v)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
    return v;
  };
  return ((await parquetReadObjects({ file })) as unknown[]).map((r) => plain(r) as Rec);
}

/** The same run written as Parquet and as JSON Lines. */
async function bothContainers(inputs: readonly string[], flags: readonly string[]): Promise<{ parquet: string; jsonl: string }> {
  const d = dir();
  const parquet = join(d, 'out.parquet');
  const lines = join(d, 'out.jsonl');
  for (const out of [parquet, lines]) {
    const r = await augment(inputs, out, [...APPROX, ...flags]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).not.toMatch(STACK_FRAME);
  }
  return { parquet, jsonl: lines };
}

describe('Parquet output', () => {
  it('--to messages with --meta: hyparquet reads back exactly the JSON Lines records (nested lists, structs, null rule)', async () => {
    const { parquet, jsonl } = await bothContainers([SHAREGPT, DOLLY], ['--to', 'messages', '--meta', '--epochs', '2']);
    const expected = outRecords(jsonl);
    expect(expected.some((r) => (r.meta as Meta).rule === null) && expected.some((r) => (r.meta as Meta).rule !== null)).toBe(true);
    const rows = await readParquet(parquet);
    expect(rows).toStrictEqual(expected);
  }, HANG);

  it('--to alpaca from Dolly (no system column): the same records', async () => {
    const { parquet, jsonl } = await bothContainers([DOLLY], ['--meta', '--epochs', '2']);
    expect(await readParquet(parquet)).toStrictEqual(outRecords(jsonl));
  }, HANG);

  it('--to alpaca with some system prompts: the same records, Parquet holding null where JSON Lines has no system field', async () => {
    const { parquet, jsonl } = await bothContainers([SHAREGPT], ['--to', 'alpaca', '--meta', '--epochs', '2']);
    const expected = outRecords(jsonl);
    expect(expected.some((r) => 'system' in r) && expected.some((r) => !('system' in r))).toBe(true);
    const rows = await readParquet(parquet);
    // A Parquet column exists in every row; "no value" is null there (pandas and datasets read it as None).
    const absentAsNull = rows.map((r) => {
      if (r.system !== null) return r;
      const { system: _, ...rest } = r;
      return rest;
    });
    expect(absentAsNull).toStrictEqual(expected);
  }, HANG);

  it('a system column first seen after many records without one still goes into the file (more than one row group)', async () => {
    // Rows are written in groups of thousands; the system prompt must not have to show up in the first group.
    const d = dir();
    const path = join(d, 'late-system.jsonl');
    const n = 10_120;
    const rows = Array.from({ length: n }, (_, i) => {
      const row = { instruction: `L${i} Repeat ${i}.`, input: '', output: `${i}` };
      return i % 500 === 499 ? { ...row, system: 'Only digits.' } : row;
    });
    writeFileSync(path, jsonl(rows));
    const { parquet, jsonl: lines } = await bothContainers([path], ['--epochs', '1', '--max-k', '1', '--strategies', 'primary']);
    const expected = outRecords(lines);
    expect(expected).toHaveLength(n);
    const firstWithSystem = expected.findIndex((r) => 'system' in r);
    expect(firstWithSystem, 'the test needs the system prompts to come late').toBeGreaterThan(10_000);
    const absentAsNull = (await readParquet(parquet)).map((r) => {
      if (r.system !== null) return r;
      const { system: _, ...rest } = r;
      return rest;
    });
    expect(absentAsNull).toStrictEqual(expected);
  }, HANG);

  it('is read back as input: its ShareGPT rows (system null or text, meta column ignored) give one pair each', async () => {
    const d = dir();
    const first = join(d, 'first.parquet');
    const r1 = await augment([SHAREGPT], first, [...APPROX, '--meta', '--epochs', '2']);
    expect(r1.status, r1.stderr).toBe(0);
    const rows = await readParquet(first);
    const table: SourceTable = rows.map((row) => {
      const turns = row.conversations as Array<{ from: string; value: string }>;
      const system = row.system as string | null;
      const ex = { prompt: turns[0]?.value as string, response: turns[1]?.value as string };
      return [system === null ? ex : { ...ex, system }];
    });
    const second = join(d, 'second.jsonl');
    const r2 = await augment([first], second, [...APPROX, '--meta', '--epochs', '1', '--to', 'alpaca', '--max-tokens', '4096']);
    expect(r2.status, r2.stderr).toBe(0);
    expect(summaryCounts(r2.stderr).pairs).toBe(rows.length);
    outRecords(second).forEach((rec, i) => checkSources(viewOf('alpaca', rec, `record ${i}`), table, `record ${i}`));
  }, HANG);
});

describe('Parquet input', () => {
  it('reads a file written by hyparquet-writer: string columns, null system, row order gives meta.sources', async () => {
    const d = dir();
    const n = 24;
    const instruction = Array.from({ length: n }, (_, i) => `PQ${i} Give the number after ${i * 3}.`);
    const input = Array.from({ length: n }, (_, i) => (i % 4 === 1 ? `(row ${i} of the parquet file)` : ''));
    const output = Array.from({ length: n }, (_, i) => `PQ${i} It is ${i * 3 + 1}.`);
    const system = Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 'Count carefully.' : null));
    const path = join(d, 'pairs.parquet');
    const buffer = parquetWriteBuffer({
      columnData: [
        { name: 'instruction', data: instruction, type: 'STRING' },
        { name: 'input', data: input, type: 'STRING' },
        { name: 'output', data: output, type: 'STRING' },
        { name: 'system', data: system, type: 'STRING' },
      ],
      rowGroupSize: 10,
    });
    writeFileSync(path, new Uint8Array(buffer));
    const table: SourceTable = instruction.map((ins, i) => {
      const ex = { prompt: input[i] ? `${ins}\n${input[i]}` : ins, response: output[i] as string };
      const sys = system[i];
      return [sys === null || sys === undefined ? ex : { ...ex, system: sys }];
    });
    const out = join(d, 'out.jsonl');
    const r = await augment([path], out, [...APPROX, '--meta', '--epochs', '2']);
    expect(r.status, r.stderr).toBe(0);
    expect(summaryCounts(r.stderr).pairs).toBe(n);
    const metas = outRecords(out).map((rec, i) => {
      const view = viewOf('alpaca', rec, `record ${i}`);
      checkSources(view, table, `record ${i}`);
      return view.meta as Meta;
    });
    for (const [epoch, uses] of usesPerEpoch(metas)) {
      expect(uses.size, `epoch ${epoch}`).toBe(n);
      expect([...uses.values()].every((u) => u === 1)).toBe(true);
    }
    // The same Parquet bytes on stdin ("-") give the same output.
    const piped = await augment(['-'], '-', [...APPROX, '--meta', '--epochs', '2'], { input: readFileSync(path) });
    expect(piped.status, piped.stderr).toBe(0);
    expect(piped.stdout.equals(readFileSync(out))).toBe(true);
  });
});

describe('Parquet determinism', () => {
  it('the same command twice writes byte-identical Parquet; --output-format parquet gives the same bytes under another name', async () => {
    const d = dir();
    const flags = [...APPROX, '--meta', '--to', 'sharegpt', '--epochs', '3'];
    const runs = [
      await augment([SHAREGPT], join(d, 'a.parquet'), flags),
      await augment([SHAREGPT], join(d, 'b.parquet'), flags),
      await augment([SHAREGPT], join(d, 'c.data'), [...flags, '--output-format', 'parquet']),
      await augment([SHAREGPT], join(d, 'd.parquet'), [...flags, '--seed', '3']),
    ];
    for (const r of runs) expect(r.status, r.stderr).toBe(0);
    const [a, b, c, other] = ['a.parquet', 'b.parquet', 'c.data', 'd.parquet'].map((name) => readFileSync(join(d, name)));
    expect(a?.subarray(0, 4).toString()).toBe('PAR1');
    expect(a?.subarray(-4).toString()).toBe('PAR1');
    expect(a?.equals(b as Buffer)).toBe(true);
    expect(a?.equals(c as Buffer)).toBe(true);
    expect(a?.equals(other as Buffer)).toBe(false);
    // And JSON Lines written with --output-format to a .parquet name is JSON Lines.
    const asLines = await augment([SHAREGPT], join(d, 'e.parquet'), [...flags, '--output-format', 'jsonl']);
    expect(asLines.status, asLines.stderr).toBe(0);
    expect(readJsonlFile(join(d, 'e.parquet')).length).toBe(summaryCounts(asLines.stderr).mosaics);
  });
});
