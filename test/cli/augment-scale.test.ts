/**
 * --shard and --memory through the command line: shards run at the same time, and their
 * outputs concatenated equal the single run; a run whose texts spill to disk writes the
 * same bytes and leaves no temporary file behind. Shards as separate processes and
 * worker threads are smoke tests (test/smoke/threads.test.ts).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { augment, loadAlpaca, REPO_ROOT, STACK_FRAME, useTempDirs } from '../helpers/e2e-cli.js';
import { HANG } from '../helpers/timeouts.js';

const dir = useTempDirs();
const APPROX = ['--tokenizer', 'approx'];

/** alpaca_en_demo five times over as JSON Lines: 4995 records, two blocks per epoch. */
function biggerInput(d: string): string {
  const records = loadAlpaca();
  const path = join(d, 'five.jsonl');
  const lines: string[] = [];
  for (let copy = 0; copy < 5; copy++) for (const r of records) lines.push(JSON.stringify({ ...r, input: copy ? `${r.input} (${copy})` : r.input }));
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

/**
 * Short pairs just past one block (4096), so an epoch has two: the default llama2 counter
 * gets through them in about a second, where the demo's long texts take several.
 */
function twoBlockInput(d: string): string {
  const path = join(d, 'two-blocks.jsonl');
  const lines = Array.from({ length: 4200 }, (_, i) => JSON.stringify({ instruction: `Add ${i} and ${i % 7}.`, output: `${i + (i % 7)}.` }));
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

describe('augment --shard i/n', () => {
  it('works with the default exact tokenizer, and with more shards than blocks (some parts empty)', async () => {
    const d = dir();
    const input = twoBlockInput(d);
    const whole = join(d, 'whole.jsonl');
    expect((await augment([input], whole, ['--epochs', '1', '-q'])).status).toBe(0);
    const n = 3;
    // At the same time, in this process: the default counter builds on the main thread.
    const runs = await Promise.all(Array.from({ length: n }, (_, i) => augment([input], join(d, `part-${i}.jsonl`), ['--epochs', '1', '-q', '--shard', `${i}/${n}`])));
    for (const r of runs) expect(r.status, r.stderr).toBe(0);
    const parts = Array.from({ length: n }, (_, i) => readFileSync(join(d, `part-${i}.jsonl`)));
    expect(parts.filter((p) => p.length === 0).length, 'two blocks, three shards').toBe(1);
    expect(Buffer.concat(parts).equals(readFileSync(whole))).toBe(true);
  }, HANG);

  it.each([
    [['--shard', '3/3'], '--shard'],
    [['--shard', 'half'], '--shard'],
    [['--shard', '0/2', '--output-format', 'json'], '--shard'],
    [['--shard', '0/2', '--dataset-info', 'info.json'], '--dataset-info'],
  ])('%j is a usage error naming %s', async (flags, flag) => {
    const d = dir();
    const r = await augment([join(REPO_ROOT, 'examples', 'pairs.jsonl')], join(d, 'out.jsonl'), [...APPROX, ...flags], { cwd: d });
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toContain(flag);
    expect(r.stderr).not.toMatch(STACK_FRAME);
    expect(readdirSync(d)).toEqual([]);
  });

  it('refuses a shard written as a JSON array or Parquet', async () => {
    const d = dir();
    for (const name of ['out.json', 'out.parquet']) {
      const r = await augment([join(REPO_ROOT, 'examples', 'pairs.jsonl')], join(d, name), [...APPROX, '--shard', '0/2']);
      expect(r.status, name).toBe(2);
      expect(r.stderr).toMatch(/--shard.*JSON Lines/);
    }
  });
});

describe('augment --threads', () => {
  it('a count that is not a whole number from 1 is a usage error naming --threads', async () => {
    const d = dir();
    for (const bad of ['0', 'many', '-2']) {
      const r = await augment([join(REPO_ROOT, 'examples', 'pairs.jsonl')], join(d, 'out.jsonl'), [...APPROX, '--threads', bad]);
      expect(r.status, bad).toBe(2);
      expect(r.stderr).toContain('--threads');
    }
  });
});

describe('augment --memory', () => {
  it('spills texts past a small budget and writes the same bytes, leaving only the output', async () => {
    const d = dir();
    const input = biggerInput(d);
    const held = join(d, 'held.jsonl');
    const spilled = join(d, 'spilled.jsonl');
    // One thread: texts for worker threads go to disk whatever the budget.
    const a = await augment([input], held, [...APPROX, '--meta', '--threads', '1']);
    const b = await augment([input], spilled, [...APPROX, '--meta', '--memory', '256K', '--threads', '1']);
    expect(a.status, a.stderr).toBe(0);
    expect(b.status, b.stderr).toBe(0);
    expect(a.stderr).not.toContain('texts on disk');
    expect(b.stderr).toContain('texts on disk');
    expect(readFileSync(spilled).equals(readFileSync(held))).toBe(true);
    expect(readdirSync(d).sort()).toEqual(['five.jsonl', 'held.jsonl', 'spilled.jsonl']);
  });

  it('spills from a gzipped input too, and with --summary-json says so', async () => {
    const d = dir();
    const plain = biggerInput(d);
    const gz = join(d, 'five.jsonl.gz');
    writeFileSync(gz, gzipSync(readFileSync(plain)));
    const r1 = await augment([plain], join(d, 'a.jsonl'), [...APPROX, '--epochs', '1', '-q', '--threads', '1']);
    const r2 = await augment([gz], join(d, 'b.jsonl'), [...APPROX, '--epochs', '1', '--threads', '1', '--memory', '64K', '--summary-json', join(d, 's.json')]);
    expect(r1.status).toBe(0);
    expect(r2.status, r2.stderr).toBe(0);
    expect(readFileSync(join(d, 'b.jsonl')).equals(readFileSync(join(d, 'a.jsonl')))).toBe(true);
    expect(JSON.parse(readFileSync(join(d, 's.json'), 'utf8')).spilled).toBe(true);
  });

  it('leaves no spill file when the input fails after spilling began', async () => {
    const d = dir();
    const input = biggerInput(d);
    // Past one counting slice (8192 pairs), so texts are already on disk when it fails.
    const text = readFileSync(input, 'utf8');
    writeFileSync(input, `${text}${text}{"instruction": 1}\n`);
    const r = await augment([input], join(d, 'out.jsonl'), [...APPROX, '--memory', '16K']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/five\.jsonl:9991/);
    expect(readdirSync(d)).toEqual(['five.jsonl']);
  });

  it('a size it cannot read is a usage error naming --memory', async () => {
    const d = dir();
    const r = await augment([join(REPO_ROOT, 'examples', 'pairs.jsonl')], join(d, 'out.jsonl'), [...APPROX, '--memory', 'lots']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--memory');
    expect(r.stderr).not.toMatch(STACK_FRAME);
  });
});
