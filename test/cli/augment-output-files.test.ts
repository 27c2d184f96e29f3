import { createHash } from 'node:crypto';
import { readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { gunzipSync } from 'node:zlib';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ALPACA,
  augment,
  jsonl,
  readJsonlFile,
  STACK_FRAME,
  stderrLines,
  useTempDirs,
  writeFixture,
} from '../helpers/e2e-cli.js';

const dir = useTempDirs();

const pairs = [
  { instruction: 'Name a colour.', input: '', output: 'Blue.' },
  { instruction: 'Name an animal.', output: 'A fox.' },
  { instruction: 'Name a river.', input: 'in Egypt', output: 'The Nile.' },
];

describe('the input is never overwritten', () => {
  it('refuses -o naming the input file, however it is spelled', async () => {
    const d = dir();
    const content = jsonl(pairs);
    const input = writeFixture(d, 'in.jsonl', content);
    symlinkSync(input, join(d, 'link.jsonl'));
    const spellings: Array<[string, string, string]> = [
      ['same path', input, input],
      ['relative spelling', input, './in.jsonl'],
      ['through a symlink', input, join(d, 'link.jsonl')],
      ['second input', ALPACA, input],
    ];
    for (const [what, first, out] of spellings) {
      const inputs = what === 'second input' ? [first, input] : [input];
      const r = await augment(inputs, out, [], { cwd: d });
      expect(r.status, `${what}: ${r.stderr}`).not.toBe(0);
      expect(r.status, what).not.toBeNull();
      expect(r.stderr, what).not.toMatch(STACK_FRAME);
      expect(stderrLines(r.stderr).length, what).toBeGreaterThan(0);
      expect(readFileSync(input, 'utf8'), `${what}: input unchanged`).toBe(content);
      expect(readdirSync(d).sort(), what).toEqual(['in.jsonl', 'link.jsonl']);
    }
  });
});

describe('an existing output file', () => {
  it('is left intact when the run fails, and replaced when it succeeds', async () => {
    const d = dir();
    const out = join(d, 'out.jsonl');
    const old = 'previous results\n';
    writeFileSync(out, old);
    const bad = writeFixture(d, 'bad.jsonl', jsonl([...pairs, { instruction: 'No answer here.' }]));
    const good = writeFixture(d, 'good.jsonl', jsonl(pairs));

    const failed = await augment([bad], out);
    expect(failed.status).toBe(1);
    expect(readFileSync(out, 'utf8')).toBe(old);
    expect(readdirSync(d).sort()).toEqual(['bad.jsonl', 'good.jsonl', 'out.jsonl']);

    const usage = await augment([good], out, ['--epochs', '0']);
    expect(usage.status).toBe(2);
    expect(readFileSync(out, 'utf8')).toBe(old);

    const ok = await augment([good], out, ['--meta']);
    expect(ok.status, ok.stderr).toBe(0);
    const records = readJsonlFile(out);
    expect(records.length).toBeGreaterThan(0);
    expect(records.every((r) => r.meta !== undefined)).toBe(true);
    expect(readFileSync(out, 'utf8')).not.toContain('previous results');
    expect(readdirSync(d).sort()).toEqual(['bad.jsonl', 'good.jsonl', 'out.jsonl']);
  });

  it('fails with exit 1 and one line when the output folder does not exist', async () => {
    const d = dir();
    const good = writeFixture(d, 'good.jsonl', jsonl(pairs));
    const r = await augment([good], join(d, 'nope', 'out.jsonl'));
    expect(r.status).toBe(1);
    expect(stderrLines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toContain(join(d, 'nope', 'out.jsonl'));
    expect(r.stderr).not.toMatch(STACK_FRAME);
    expect(readdirSync(d)).toEqual(['good.jsonl']);
  });
});

describe('gzip output (-o out.jsonl.gz, out.json.gz)', () => {
  // The same bytes with worker threads: test/smoke/threads.test.ts.
  it('is the plain output, gzipped: the same records, a manifest hash of the stored bytes', async () => {
    const d = dir();
    const flags = ['--tokenizer', 'approx', '--meta', '-q'];
    for (const [plain, zipped] of [
      ['out.jsonl', 'out.jsonl.gz'],
      ['out.json', 'out.json.gz'],
    ] as const) {
      expect((await augment([ALPACA], join(d, plain), flags)).status).toBe(0);
      const gz = await augment([ALPACA], join(d, zipped), [...flags, '--manifest', join(d, 'manifest.json')]);
      expect(gz.status, gz.stderr).toBe(0);
      const stored = readFileSync(join(d, zipped));
      expect([stored[0], stored[1]], 'gzip magic').toEqual([0x1f, 0x8b]);
      expect(gunzipSync(stored).equals(readFileSync(join(d, plain))), zipped).toBe(true);
      const manifest = JSON.parse(readFileSync(join(d, 'manifest.json'), 'utf8')) as { output: { sha256: string; bytes: number }; options: { compression: string } };
      expect(manifest.output).toMatchObject({ sha256: createHash('sha256').update(stored).digest('hex'), bytes: stored.length });
      expect(manifest.options.compression).toBe('gzip');
    }
    // Read back as an input it gives its records (and the warning that they are mosaics).
    const again = await augment([join(d, 'out.jsonl.gz')], join(d, 'again.jsonl'), ['--tokenizer', 'approx', '-q']);
    expect(again.status, again.stderr).toBe(0);
    expect(stderrLines(again.stderr)).toEqual([
      `mosaic-it: warning: ${join(d, 'out.jsonl.gz')}: its records carry "meta" as mosaic-it output does; mosaics of mosaics are almost always a mistake (did you mean its source data?)`,
    ]);
  });

  it('shards gzip too, and their parts concatenate to a valid gzip file of the whole', async () => {
    const d = dir();
    const input = join(d, 'three.jsonl');
    const rows = readFileSync(ALPACA, 'utf8');
    const records = (JSON.parse(rows) as unknown[]).map((r) => JSON.stringify(r));
    writeFileSync(input, `${[...records, ...records, ...records, ...records, ...records].join('\n')}\n`);
    expect((await augment([input], join(d, 'whole.jsonl'), ['--tokenizer', 'approx', '--epochs', '1', '-q'])).status).toBe(0);
    const parts: Buffer[] = [];
    for (const i of [0, 1]) {
      const r = await augment([input], join(d, `part-${i}.jsonl.gz`), ['--tokenizer', 'approx', '--epochs', '1', '-q', '--shard', `${i}/2`]);
      expect(r.status, r.stderr).toBe(0);
      parts.push(readFileSync(join(d, `part-${i}.jsonl.gz`)));
    }
    expect(gunzipSync(Buffer.concat(parts)).equals(readFileSync(join(d, 'whole.jsonl')))).toBe(true);
  });

  it('cannot be entered in dataset_info.json: LLaMA-Factory picks its loader by extension and has none for .gz', async () => {
    const d = dir();
    const r = await augment([ALPACA], join(d, 'out.jsonl.gz'), ['--dataset-info', join(d, 'dataset_info.json')]);
    expect(r.status).toBe(2);
    expect(stderrLines(r.stderr)).toEqual(['mosaic-it: --dataset-info: LLaMA-Factory cannot load a .gz file; write .jsonl, .json or .parquet for it']);
    expect(readdirSync(d)).toEqual([]);
  });
});
