import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  type AlpacaIn,
  augment,
  checkProvenance,
  DATA_DIR,
  readJsonlFile,
  STACK_FRAME,
  stderrLines,
  summaryCounts,
  useTempDirs,
} from '../helpers/e2e-cli.js';

const dir = useTempDirs();

describe('the other shared datasets', () => {
  it('identity.json: short pairs with {{name}} placeholders are quoted verbatim, never filled in', () => {
    const path = join(DATA_DIR, 'identity.json');
    const data = JSON.parse(readFileSync(path, 'utf8')) as AlpacaIn[];
    expect(data.some((r) => r.output.includes('{{name}}'))).toBe(true);
    const out = join(dir(), 'out.jsonl');
    const r = augment([path], out, ['--meta']);
    expect(r.status, r.stderr).toBe(0);
    const records = readJsonlFile(out);
    expect(summaryCounts(r.stderr).pairs).toBe(data.length);
    records.forEach((rec, i) => checkProvenance(rec, data, 2048, `record ${i}`));
    // Any {{name}} in a sample comes from a source text that carries it.
    for (const rec of records) {
      const sources = (rec.meta?.sources ?? []).map((s) => data[s] as AlpacaIn);
      const expected = sources.reduce((n, s) => n + (s.instruction + (s.input ?? '')).split('{{name}}').length - 1, 0);
      expect(rec.instruction.split('{{name}}').length - 1).toBe(expected);
    }
  });

  for (const [file, location] of [
    ['kto_en_demo.json', '[0]'],
    ['v1_sft_demo.jsonl', ':1'],
  ] as const) {
    it(`${file}: not alpaca records, rejected at the first record with one line`, () => {
      const d = dir();
      const path = join(DATA_DIR, file);
      const r = augment([path], join(d, 'out.jsonl'));
      expect(r.status).toBe(1);
      const lines = stderrLines(r.stderr);
      expect(lines).toHaveLength(1);
      expect(lines[0]).toContain(`${path}${location}`);
      expect(lines[0]).toMatch(/instruction/);
      expect(r.stderr).not.toMatch(STACK_FRAME);
      expect(readdirSync(d)).toEqual([]);
    });
  }
});
