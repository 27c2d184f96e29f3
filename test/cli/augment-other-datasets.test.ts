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
  skippedParts,
  summaryCounts,
  useTempDirs,
} from '../helpers/e2e-cli.js';

const dir = useTempDirs();

describe('the other shared datasets', () => {
  it('identity.json: short pairs with {{name}} placeholders are quoted verbatim, never filled in', async () => {
    const path = join(DATA_DIR, 'identity.json');
    const data = JSON.parse(readFileSync(path, 'utf8')) as AlpacaIn[];
    expect(data.some((r) => r.output.includes('{{name}}'))).toBe(true);
    const out = join(dir(), 'out.jsonl');
    const r = await augment([path], out, ['--meta']);
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

  // Both were rejected as "not alpaca" before formats were detected; they are messages files.
  // kto_en_demo's records labelled false (150, 111 of them single exchanges) are left out.
  for (const [file, pairs, skippedLine] of [
    ['kto_en_demo.json', 112, 'skipped: 188 records (multi-turn 38, kto-undesirable 150)'],
    ['v1_sft_demo.jsonl', 500, undefined],
  ] as const) {
    it(`${file}: read as the messages format and written as messages records`, async () => {
      const d = dir();
      const path = join(DATA_DIR, file);
      const out = join(d, 'out.jsonl');
      const r = await augment([path], out, ['--tokenizer', 'approx', '--epochs', '1']);
      expect(r.status, r.stderr).toBe(0);
      expect(r.stderr).not.toMatch(STACK_FRAME);
      expect(summaryCounts(r.stderr).pairs).toBe(pairs);
      expect(skippedParts(r.stderr)).toEqual(skippedLine === undefined ? [] : [skippedLine]);
      const records = readJsonlFile(out) as unknown as Array<Record<string, unknown>>;
      expect(records.length).toBe(summaryCounts(r.stderr).mosaics);
      for (const [i, rec] of records.entries()) {
        expect(Object.keys(rec), `record ${i} keys`).toEqual(['messages']);
        const messages = rec.messages as Array<{ role: string; content: unknown }>;
        expect(messages.map((m) => m.role), `record ${i} roles`).toEqual(['user', 'assistant']);
        expect(messages.every((m) => typeof m.content === 'string' && m.content.length > 0), `record ${i} string content`).toBe(true);
      }
      expect(readdirSync(d)).toEqual(['out.jsonl']);
    });
  }
});
