/**
 * Worker threads and shards through the built CLI: the workers are the built files, and
 * shards run as separate processes at the same time, as a job array would run them.
 * Whatever the thread count, the shard or the memory budget, the bytes are the single
 * run's. (In-process runs build on one thread: see onMainThread in e2e-cli.ts.)
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALPACA, loadAlpaca, useTempDirs } from '../helpers/e2e-cli.js';
import { runCliAsync, runCliProcess, useBuiltCli } from '../helpers/spawn-cli.js';
import { HANG } from '../helpers/timeouts.js';

useBuiltCli();
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

function augment(inputs: readonly string[], output: string, flags: readonly string[]) {
  return runCliProcess(['augment', ...inputs, '-o', output, ...flags]);
}

describe('augment --shard i/n, as processes at once', () => {
  it('n processes at once write parts that concatenate to the single run, byte for byte', async () => {
    const d = dir();
    const input = biggerInput(d);
    const whole = join(d, 'whole.jsonl');
    const single = augment([input], whole, [...APPROX, '--meta', '-q']);
    expect(single.status, single.stderr).toBe(0);
    const n = 3;
    const runs = await Promise.all(
      Array.from({ length: n }, (_, i) => runCliAsync(['augment', input, '-o', join(d, `part-${i}.jsonl`), ...APPROX, '--meta', '--shard', `${i}/${n}`])),
    );
    for (const [i, r] of runs.entries()) {
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).toContain(`shard ${i}/${n}`);
    }
    const parts = Array.from({ length: n }, (_, i) => readFileSync(join(d, `part-${i}.jsonl`)));
    for (const part of parts) expect(part.length).toBeGreaterThan(0);
    expect(Buffer.concat(parts).equals(readFileSync(whole))).toBe(true);
  }, HANG);
});

describe('augment --threads', () => {
  it('gives the same bytes with 1, 2 and 3 threads, for JSON Lines, a JSON array and stdout', () => {
    const d = dir();
    const input = biggerInput(d);
    for (const [name, extra] of [
      ['out.jsonl', []],
      ['out.json', ['--to', 'sharegpt']],
      ['-', ['--tokenizer', 'o200k_base', '--epochs', '1']],
    ] as const) {
      const outputs = [1, 2, 3].map((threads) => {
        const out = name === '-' ? '-' : join(d, `${threads}-${name}`);
        const r = augment([input], out, [...APPROX, '--meta', '-q', '--threads', String(threads), ...extra]);
        expect(r.status, r.stderr).toBe(0);
        return name === '-' ? r.stdout : readFileSync(out);
      });
      expect(outputs[0]?.length, name).toBeGreaterThan(0);
      expect(outputs[1]?.equals(outputs[0] as Buffer), `${name}: 2 threads`).toBe(true);
      expect(outputs[2]?.equals(outputs[0] as Buffer), `${name}: 3 threads`).toBe(true);
    }
  }, HANG);

  it('gives the same gzipped bytes with 1 and 2 threads (.jsonl.gz, .json.gz)', () => {
    const d = dir();
    const flags = [...APPROX, '--meta', '-q'];
    for (const zipped of ['out.jsonl.gz', 'out.json.gz']) {
      const [one, two] = [1, 2].map((threads) => {
        const out = join(d, `${threads}-${zipped}`);
        const r = augment([ALPACA], out, [...flags, '--threads', String(threads)]);
        expect(r.status, r.stderr).toBe(0);
        return readFileSync(out);
      });
      expect([one?.[0], one?.[1]], 'gzip magic').toEqual([0x1f, 0x8b]);
      expect(two?.equals(one as Buffer), `${zipped}: threads`).toBe(true);
    }
  }, HANG);

  it('threads, shards and a spill together still give the single run', () => {
    const d = dir();
    const input = biggerInput(d);
    const whole = join(d, 'whole.jsonl');
    expect(augment([input], whole, [...APPROX, '--threads', '1', '-q']).status).toBe(0);
    const parts = [0, 1].map((i) => {
      const out = join(d, `part-${i}.jsonl`);
      const r = augment([input], out, [...APPROX, '--threads', '2', '--shard', `${i}/2`, '--memory', '64K', '-q']);
      expect(r.status, r.stderr).toBe(0);
      return readFileSync(out);
    });
    expect(Buffer.concat(parts).equals(readFileSync(whole))).toBe(true);
    expect(readdirSync(d).sort()).toEqual(['five.jsonl', 'part-0.jsonl', 'part-1.jsonl', 'whole.jsonl']);
  }, HANG);
});
