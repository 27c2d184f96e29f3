import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ALPACA,
  ALPACA_COUNT,
  augment,
  type OutRecord,
  parseJsonl,
  readJsonlFile,
  STACK_FRAME,
  stderrLines,
  summaryCounts,
  useTempDirs,
} from '../helpers/e2e-cli.js';

const dir = useTempDirs();

describe('augment on alpaca_en_demo.json: success output', () => {
  it('exits 0 and writes JSON Lines of {instruction, input: "", output} with a short summary', async () => {
    const out = join(dir(), 'out.jsonl');
    const r = await augment([ALPACA], out);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.length, 'nothing on stdout when writing a file').toBe(0);
    const records = readJsonlFile(out);
    expect(records.length).toBeGreaterThan(0);
    for (const [i, rec] of records.entries()) {
      expect(Object.keys(rec), `record ${i} keys`).toEqual(['instruction', 'input', 'output']);
      expect(rec.input, `record ${i} input`).toBe('');
      expect(typeof rec.instruction === 'string' && rec.instruction.length > 0, `record ${i} instruction`).toBe(true);
      expect(typeof rec.output === 'string' && rec.output.length > 0, `record ${i} output`).toBe(true);
    }
    // Mosaics combine several pairs: fewer samples than pairs x epochs.
    expect(records.length).toBeLessThan(ALPACA_COUNT * 4);

    const lines = stderrLines(r.stderr);
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.length).toBeLessThanOrEqual(4);
    expect(r.stderr).not.toMatch(STACK_FRAME);
    const counts = summaryCounts(r.stderr);
    expect(counts.pairs).toBe(ALPACA_COUNT);
    expect(counts.mosaics).toBe(records.length);
  });

  it('adds meta with exactly the documented keys under --meta', async () => {
    const out = join(dir(), 'out.jsonl');
    const r = await augment([ALPACA], out, ['--meta', '--epochs', '1']);
    expect(r.status, r.stderr).toBe(0);
    const records = readJsonlFile(out);
    for (const [i, rec] of records.entries()) {
      expect(Object.keys(rec), `record ${i} keys`).toEqual(['instruction', 'input', 'output', 'meta']);
      const meta = rec.meta as NonNullable<OutRecord['meta']>;
      expect(Object.keys(meta).sort()).toEqual(['epoch', 'lang', 'masked', 'numbered', 'order', 'rule', 'sources', 'strategy', 'tokens']);
      expect(meta.epoch).toBe(0);
      expect(Array.isArray(meta.sources) && Array.isArray(meta.order) && Array.isArray(meta.masked)).toBe(true);
      expect(typeof meta.numbered).toBe('boolean');
      expect(['primary', 'format', 'permute', 'maskout']).toContain(meta.strategy);
      expect(meta.rule === null || typeof meta.rule === 'string').toBe(true);
      expect(Number.isInteger(meta.tokens)).toBe(true);
    }
  });

  it('writes a JSON array with the same records when the output name ends in .json', async () => {
    const d = dir();
    const lines = await augment([ALPACA], join(d, 'out.jsonl'), ['--meta', '--epochs', '2']);
    const array = await augment([ALPACA], join(d, 'out.json'), ['--meta', '--epochs', '2']);
    expect(lines.status, lines.stderr).toBe(0);
    expect(array.status, array.stderr).toBe(0);
    const text = readFileSync(join(d, 'out.json'), 'utf8');
    expect(text.trimStart().startsWith('[')).toBe(true);
    const parsed = JSON.parse(text) as unknown;
    expect(Array.isArray(parsed)).toBe(true);
    expect(parsed).toEqual(readJsonlFile(join(d, 'out.jsonl')));
  });

  it('prints nothing on stderr with --quiet and still writes the output', async () => {
    const out = join(dir(), 'out.jsonl');
    const r = await augment([ALPACA], out, ['--quiet', '--epochs', '1']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(readJsonlFile(out).length).toBeGreaterThan(0);
  });

  it('-q is the short form of --quiet', async () => {
    const out = join(dir(), 'out.jsonl');
    const r = await augment([ALPACA], out, ['-q', '--epochs', '1']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
  });
});

describe('augment: reproducibility', () => {
  it('gives byte-identical files for the same arguments, and different bytes for another seed', async () => {
    const d = dir();
    const a = await augment([ALPACA], join(d, 'a.jsonl'), ['--meta']);
    const b = await augment([ALPACA], join(d, 'b.jsonl'), ['--meta']);
    const c = await augment([ALPACA], join(d, 'c.jsonl'), ['--meta', '--seed', '7']);
    for (const r of [a, b, c]) expect(r.status, r.stderr).toBe(0);
    const bytesA = readFileSync(join(d, 'a.jsonl'));
    const bytesB = readFileSync(join(d, 'b.jsonl'));
    const bytesC = readFileSync(join(d, 'c.jsonl'));
    expect(bytesA.length).toBeGreaterThan(0);
    expect(bytesA.equals(bytesB)).toBe(true);
    expect(bytesA.equals(bytesC)).toBe(false);
    expect(readdirSync(d).sort()).toEqual(['a.jsonl', 'b.jsonl', 'c.jsonl']);
  });

  it('the default seed is 42: --seed 42 gives the same bytes as no --seed', async () => {
    const d = dir();
    const a = await augment([ALPACA], join(d, 'a.jsonl'), ['--epochs', '1']);
    const b = await augment([ALPACA], join(d, 'b.jsonl'), ['--epochs', '1', '--seed', '42']);
    expect(a.status).toBe(0);
    expect(b.status).toBe(0);
    expect(readFileSync(join(d, 'a.jsonl')).equals(readFileSync(join(d, 'b.jsonl')))).toBe(true);
  });

  it('reads the same bytes from stdin ("-") as from the file path', async () => {
    const d = dir();
    const fromFile = await augment([ALPACA], join(d, 'file.jsonl'), ['--meta']);
    const fromStdin = await augment(['-'], join(d, 'stdin.jsonl'), ['--meta'], { input: readFileSync(ALPACA) });
    expect(fromFile.status, fromFile.stderr).toBe(0);
    expect(fromStdin.status, fromStdin.stderr).toBe(0);
    expect(readFileSync(join(d, 'stdin.jsonl')).equals(readFileSync(join(d, 'file.jsonl')))).toBe(true);
  });

  it('-o - writes JSON Lines to stdout, equal to the file output', async () => {
    const d = dir();
    const toFile = await augment([ALPACA], join(d, 'out.jsonl'), ['--meta']);
    const toStdout = await augment([ALPACA], '-', ['--meta']);
    expect(toFile.status, toFile.stderr).toBe(0);
    expect(toStdout.status, toStdout.stderr).toBe(0);
    expect(toStdout.stdout.length).toBeGreaterThan(0);
    expect(toStdout.stdout.equals(readFileSync(join(d, 'out.jsonl')))).toBe(true);
    expect(parseJsonl(toStdout.stdout).length).toBe(summaryCounts(toStdout.stderr).mosaics);
    expect(stderrLines(toStdout.stderr).length).toBeLessThanOrEqual(4);
  });
});
