/**
 * --rejects: every record left out of the mosaics, one JSON line each, with where it is,
 * its source index (as meta.sources counts) and why; budget drops with their token count.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { augment, DATA_DIR, jsonl, runCli, summaryCounts, useTempDirs, writeFixture } from '../helpers/e2e-cli.js';

const dir = useTempDirs();

const readLines = (path: string): Array<Record<string, unknown>> =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as Record<string, unknown>);

describe('--rejects', () => {
  it('lists invalid, skipped and over-budget records with their place, in input order within each kind', async () => {
    const d = dir();
    const long = 'word '.repeat(400);
    writeFixture(
      d,
      'a.jsonl',
      [
        JSON.stringify({ instruction: 'Say one.', output: 'One.' }),
        '{"instruction": broken',
        JSON.stringify({ instruction: 'Too long.', output: long }),
        '',
        JSON.stringify({ instruction: 'Missing the answer.' }),
        JSON.stringify({ instruction: 'Say two.', output: 'Two.' }),
      ].join('\n') + '\n',
    );
    writeFixture(
      d,
      'b.json',
      JSON.stringify([
        { conversations: [{ from: 'human', value: 'Hi.' }, { from: 'gpt', value: 'Hello.' }, { from: 'human', value: 'Bye.' }, { from: 'gpt', value: 'Bye!' }] },
        { conversations: [{ from: 'human', value: 'Say three.' }, { from: 'gpt', value: 'Three.' }] },
      ]),
    );
    const rejects = join(d, 'rejects.jsonl');
    const r = await augment(['a.jsonl', 'b.json'], join(d, 'out.jsonl'), ['--tokenizer', 'approx', '--on-invalid', 'skip', '--max-tokens', '300', '--rejects', rejects, '--to', 'alpaca'], {
      cwd: d,
    });
    expect(r.status, r.stderr).toBe(0);
    expect(summaryCounts(r.stderr).dropped).toBe(1);
    expect(readLines(rejects)).toEqual([
      { file: 'a.jsonl', line: 2, source: 1, reason: 'invalid-json', message: 'invalid JSON: expected JSON, found "b"' },
      {
        file: 'a.jsonl',
        line: 5,
        source: 3,
        reason: 'bad-field',
        message: 'expected an alpaca record with fields "instruction", "output"; found fields "instruction"',
      },
      { file: 'b.json', index: 0, source: 5, reason: 'multi-turn' },
      { file: 'a.jsonl', line: 3, source: 2, reason: 'over-budget', tokens: 403, maxTokens: 300 },
    ]);
  });

  it('tells the exchanges of a split conversation apart, and writes an empty file when nothing is left out', async () => {
    const d = dir();
    const long = 'word '.repeat(400);
    writeFixture(
      d,
      'chat.jsonl',
      jsonl([{ messages: [{ role: 'user', content: 'Short?' }, { role: 'assistant', content: 'Yes.' }, { role: 'user', content: 'Long?' }, { role: 'assistant', content: long }] }]),
    );
    const rejects = join(d, 'rejects.jsonl');
    const r = await augment(['chat.jsonl'], join(d, 'out.jsonl'), ['--tokenizer', 'approx', '--multi-turn', 'split', '--max-tokens', '300', '--rejects', rejects], { cwd: d });
    expect(r.status, r.stderr).toBe(0);
    expect(readLines(rejects)).toEqual([{ file: 'chat.jsonl', line: 1, source: 0, exchange: 1, reason: 'over-budget', tokens: 402, maxTokens: 300 }]);

    const clean = await augment([join(DATA_DIR, 'identity.json')], join(d, 'clean.jsonl'), ['--tokenizer', 'approx', '--rejects', join(d, 'none.jsonl')]);
    expect(clean.status, clean.stderr).toBe(0);
    expect(readFileSync(join(d, 'none.jsonl'), 'utf8')).toBe('');
  });

  it('is a config key, and is kept off the inputs and the other outputs', async () => {
    const d = dir();
    writeFixture(d, 'in.jsonl', jsonl([{ instruction: 'Say one.', output: 'One.' }]));
    for (const args of [
      ['--rejects', 'in.jsonl'],
      ['--rejects', 'out.jsonl'],
      ['--rejects', 's.json', '--summary-json', 's.json'],
    ]) {
      const r = await runCli(['augment', 'in.jsonl', '-o', 'out.jsonl', '--tokenizer', 'approx', ...args], { cwd: d });
      expect(r.status, args.join(' ')).toBe(2);
      expect(readdirSync(d)).toEqual(['in.jsonl']);
    }
  });
});
