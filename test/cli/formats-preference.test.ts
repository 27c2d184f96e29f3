/**
 * Preference data (DPO/ORPO: a chosen and a rejected answer, in LLaMA-Factory's alpaca-
 * and sharegpt-like ranking layouts and TRL's) is recognised and named, skipped by
 * default, and read with its chosen answer under --preference chosen; KTO samples
 * labelled false are left out. The rejected or undesirable answer is never a target.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { augment, readJsonlFile, runCli, STACK_FRAME, stderrLines, summaryCounts, useTempDirs, writeFixture, jsonl } from '../helpers/e2e-cli.js';
import { e2eFixture } from '../helpers/e2e-records.js';

const dir = useTempDirs();
const fixture = e2eFixture;
const ALPACA_LIKE = fixture('dpo-alpaca.json');
const SHAREGPT_LIKE = fixture('dpo-sharegpt.json');
const TRL = fixture('dpo-trl.jsonl');
// One pair per mosaic, primary only: each output record is one source pair, as read.
const ONE_BY_ONE = ['--tokenizer', 'approx', '--epochs', '1', '--max-k', '1', '--k-dist', 'fixed', '--strategies', 'primary', '--meta'];

interface Row {
  instruction?: string;
  input?: string;
  prompt?: string;
  conversations?: Array<{ from: string; value: string }>;
  chosen: string | { from: string; value: string };
  rejected: string | { from: string; value: string };
}

const rowsOf = (path: string): Row[] =>
  path.endsWith('.jsonl')
    ? readFileSync(path, 'utf8')
        .split('\n')
        .filter((l) => l !== '')
        .map((l) => JSON.parse(l) as Row)
    : (JSON.parse(readFileSync(path, 'utf8')) as Row[]);

const textOf = (answer: Row['chosen']): string => (typeof answer === 'string' ? answer : answer.value);

describe('preference data is recognised', () => {
  for (const [name, path] of [
    ['LLaMA-Factory alpaca-like', ALPACA_LIKE],
    ['LLaMA-Factory sharegpt-like', SHAREGPT_LIKE],
    ['TRL prompt/chosen/rejected', TRL],
  ] as const) {
    it(`${name}: augment exits 1 naming it and the flag; validate calls it a problem, with the reasons`, async () => {
      const d = dir();
      const r = await augment([path], join(d, 'out.jsonl'), ['--tokenizer', 'approx']);
      expect(r.status, r.stderr).toBe(1);
      expect(r.stderr).not.toMatch(STACK_FRAME);
      const skipped = `${rowsOf(path).length} records (preference ${rowsOf(path).length}) skipped`;
      const line = `no usable pairs in ${path}: ${skipped}; this is preference (DPO/ORPO) data: --preference chosen takes each chosen answer as the response`;
      expect(stderrLines(r.stderr)).toEqual([`mosaic-it: ${line}`]);

      const v = await runCli(['validate', path]);
      expect(v.status, v.stderr).toBe(1);
      expect(v.stdout.toString()).toBe(`${line}\n`);
      expect(stderrLines(v.stderr)).toEqual([
        `mosaic-it: 1 problem in 1 file; ${rowsOf(path).length} records, 0 pairs; skipped as augment would: ${rowsOf(path).length} records (preference ${rowsOf(path).length})`,
      ]);
      // With the flag, the same file is valid.
      expect((await runCli(['validate', path, '--preference', 'chosen'])).status).toBe(0);
    });
  }
});

describe('--preference chosen', () => {
  it('alpaca-like: the prompt is instruction + input, the response the chosen answer; the rejected one appears nowhere', async () => {
    const d = dir();
    const out = join(d, 'out.jsonl');
    const r = await augment([ALPACA_LIKE], out, [...ONE_BY_ONE, '--preference', 'chosen']);
    expect(r.status, r.stderr).toBe(0);
    const rows = rowsOf(ALPACA_LIKE);
    const records = readJsonlFile(out);
    expect(records).toHaveLength(rows.length);
    for (const rec of records) {
      const row = rows[rec.meta?.sources[0] as number] as Row;
      expect(rec.instruction).toBe(row.input ? `${row.instruction}\n${row.input}` : row.instruction);
      expect(rec.output).toBe(textOf(row.chosen));
    }
    const text = readFileSync(out, 'utf8');
    for (const row of rows) expect(text).not.toContain(JSON.stringify(textOf(row.rejected)).slice(1, -1));
  });

  it('sharegpt-like: the chosen message ends the conversation (system turn kept, multi-turn history skipped as any other)', async () => {
    const d = dir();
    const out = join(d, 'out.jsonl');
    const r = await augment([SHAREGPT_LIKE], out, [...ONE_BY_ONE, '--preference', 'chosen', '--to', 'messages']);
    expect(r.status, r.stderr).toBe(0);
    const rows = rowsOf(SHAREGPT_LIKE);
    expect(summaryCounts(r.stderr).pairs).toBe(2);
    expect(r.stderr).toContain('skipped: 1 record (multi-turn 1)');
    const records = readJsonlFile(out) as unknown as Array<{ messages: Array<{ role: string; content: string }>; meta: { sources: number[] } }>;
    for (const rec of records) {
      const row = rows[rec.meta.sources[0] as number] as Row;
      const turns = row.conversations ?? [];
      const system = turns.find((t) => t.from === 'system');
      const expected = [
        ...(system ? [{ role: 'system', content: system.value }] : []),
        { role: 'user', content: turns.filter((t) => t.from === 'human').at(-1)?.value },
        { role: 'assistant', content: textOf(row.chosen) },
      ];
      expect(rec.messages).toEqual(expected);
    }
    // --multi-turn split reads the history too, with the chosen answer as the last exchange's.
    const split = await augment([SHAREGPT_LIKE], join(d, 'split.jsonl'), [...ONE_BY_ONE, '--preference', 'chosen', '--multi-turn', 'split']);
    expect(summaryCounts(split.stderr).pairs).toBe(4);
  });

  it('TRL: the completion is the chosen answer', async () => {
    const d = dir();
    const out = join(d, 'out.jsonl');
    const r = await augment([TRL], out, [...ONE_BY_ONE, '--preference', 'chosen']);
    expect(r.status, r.stderr).toBe(0);
    const rows = rowsOf(TRL);
    const records = readJsonlFile(out) as unknown as Array<{ prompt: string; completion: string; meta: { sources: number[] } }>;
    expect(records).toHaveLength(rows.length);
    for (const rec of records) {
      const row = rows[rec.meta.sources[0] as number] as Row;
      expect([rec.prompt, rec.completion]).toEqual([row.prompt, textOf(row.chosen)]);
    }
  });

  it('a chosen answer that is empty is an invalid record naming the field', async () => {
    const d = dir();
    const input = writeFixture(d, 'bad.jsonl', jsonl([{ instruction: 'Say hi.', chosen: ' ', rejected: 'No.' }]));
    const r = await augment([input], join(d, 'out.jsonl'), ['--tokenizer', 'approx', '--preference', 'chosen']);
    expect(r.status).toBe(1);
    expect(stderrLines(r.stderr)).toEqual([`mosaic-it: ${input}:1: field "chosen": expected non-empty text, found a blank string`]);
  });

  it('cannot be combined with a mapped response: the chosen answer is the response', async () => {
    const r = await runCli(['augment', ALPACA_LIKE, '-o', '-', '--preference', 'chosen', '--map', 'response=chosen']);
    expect(r.status).toBe(2);
    expect(stderrLines(r.stderr)).toEqual(['mosaic-it: --preference chosen: takes the response from "chosen"; leave response out of --map']);
  });
});

describe('KTO samples labelled undesirable', () => {
  const kto = [
    { messages: [{ role: 'user', content: 'KT0 What is 2 + 2?' }, { role: 'assistant', content: 'KT0 Four.' }], label: true },
    { messages: [{ role: 'user', content: 'KT1 What is 2 + 2?' }, { role: 'assistant', content: 'KT1 Five, clearly.' }], label: false },
    { messages: [{ role: 'user', content: 'KT2 Name a fruit.' }, { role: 'assistant', content: 'KT2 An apple.' }], label: true },
    // A label that is not a boolean is not a KTO label: the record is read.
    { messages: [{ role: 'user', content: 'KT3 Classify: great film!' }, { role: 'assistant', content: 'KT3 positive' }], label: 'positive' },
  ];

  it('are left out by default, counted as kto-undesirable; --kto-undesirable keep reads them', async () => {
    const d = dir();
    const input = writeFixture(d, 'kto.jsonl', jsonl(kto));
    const out = join(d, 'out.jsonl');
    const r = await augment([input], out, [...ONE_BY_ONE, '--rejects', join(d, 'rejects.jsonl')]);
    expect(r.status, r.stderr).toBe(0);
    expect(summaryCounts(r.stderr).pairs).toBe(3);
    expect(r.stderr).toContain('skipped: 1 record (kto-undesirable 1)');
    expect(readFileSync(out, 'utf8')).not.toContain('KT1');
    expect(readFileSync(join(d, 'rejects.jsonl'), 'utf8')).toBe(`${JSON.stringify({ file: input, line: 2, source: 1, reason: 'kto-undesirable' })}\n`);

    const kept = await augment([input], join(d, 'kept.jsonl'), [...ONE_BY_ONE, '--kto-undesirable', 'keep']);
    expect(summaryCounts(kept.stderr).pairs).toBe(4);
    expect(readFileSync(join(d, 'kept.jsonl'), 'utf8')).toContain('KT1 Five, clearly.');
  });
});
