import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ALPACA,
  runCli,
  STACK_FRAME,
  stderrLines,
  useTempDirs,
} from '../helpers/e2e-cli.js';

const dir = useTempDirs();

/** [what, extra args, text stderr must contain (the flag)]; run with a valid input and -o. */
const CASES: ReadonlyArray<readonly [string, readonly string[], string]> = [
  ['an unknown option', ['--bogus'], '--bogus'],
  ['--epochs 0', ['--epochs', '0'], '--epochs'],
  ['--epochs abc', ['--epochs', 'abc'], '--epochs'],
  ['--max-k 0', ['--max-k', '0'], '--max-k'],
  ['--max-tokens 0', ['--max-tokens', '0'], '--max-tokens'],
  ['--on-invalid nope', ['--on-invalid', 'nope'], '--on-invalid'],
  ['--max-k abc', ['--max-k', 'abc'], '--max-k'],
  ['--max-tokens -5', ['--max-tokens', '-5'], '--max-tokens'],
  ['--max-tokens 12.5', ['--max-tokens', '12.5'], '--max-tokens'],
  ['--seed -1', ['--seed', '-1'], '--seed'],
  ['--k-dist nope', ['--k-dist', 'nope'], '--k-dist'],
  ['--strategies primary,nope', ['--strategies', 'primary,nope'], '--strategies'],
  ['--permute-rules nope', ['--permute-rules', 'nope'], '--permute-rules'],
  ['--maskout-rules nope', ['--maskout-rules', 'nope'], '--maskout-rules'],
  ['--tokenizer nope', ['--tokenizer', 'nope'], '--tokenizer'],
  ['--format nope', ['--format', 'nope'], '--format'],
  ['--to nope', ['--to', 'nope'], '--to'],
  ['--multi-turn nope', ['--multi-turn', 'nope'], '--multi-turn'],
  ['--output-format csv', ['--output-format', 'csv'], '--output-format'],
  ['--map with an unknown key', ['--map', 'question=q'], '--map'],
];

describe('usage errors: exit 2, stderr names the flag, nothing written', () => {
  it('an output whose extension promises no container mosaic-it writes (out.csv, out, out.parquet.gz)', async () => {
    const work = dir();
    for (const [name, says] of [
      ['out.csv', 'unknown extension'],
      ['out', 'unknown extension'],
      ['out.txt.gz', 'unknown extension'],
      ['out.parquet.gz', 'Parquet compresses its own columns'],
    ] as const) {
      const r = await runCli(['augment', ALPACA, '-o', join(work, name), '--tokenizer', 'approx']);
      expect(r.status, r.stderr).toBe(2);
      expect(stderrLines(r.stderr), name).toEqual([expect.stringMatching(new RegExp(`^mosaic-it: --output: ".*${name.replace('.', '\\.')}": ${says}`))]);
      expect(readdirSync(work), name).toEqual([]);
    }
  });

  for (const [what, args, flag] of CASES) {
    it(what, async () => {
      const work = dir();
      const r = await runCli(['augment', ALPACA, '-o', join(work, 'out.jsonl'), ...args]);
      expect(r.status, r.stderr).toBe(2);
      expect(r.stderr).toContain(flag);
      expect(r.stderr).not.toMatch(STACK_FRAME);
      expect(r.stderr).not.toMatch(/internal error/i);
      expect(r.stdout.length).toBe(0);
      expect(readdirSync(work)).toEqual([]);
    });
  }

  it('missing -o', async () => {
    const r = await runCli(['augment', ALPACA]);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stderr).toMatch(/--output|-o\b/);
    expect(r.stderr).not.toMatch(STACK_FRAME);
  });

  it('an unknown command', async () => {
    const r = await runCli(['agument', ALPACA, '-o', '-']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('agument');
    expect(r.stdout.length).toBe(0);
  });

  it('stdin given twice', async () => {
    const work = dir();
    const r = await runCli(['augment', '-', '-', '-o', join(work, 'out.jsonl')], { input: '{"instruction":"a","output":"b"}\n' });
    expect(r.status).toBe(2);
    expect(r.stderr).not.toMatch(STACK_FRAME);
    expect(readdirSync(work)).toEqual([]);
  });
});

describe('--help', () => {
  it('lists every option with its default', async () => {
    const r = await runCli(['augment', '--help']);
    expect(r.status).toBe(0);
    // Commander wraps long descriptions; join the wrapped lines before matching.
    const help = r.stdout.toString().replace(/\s+/g, ' ');
    const expected: ReadonlyArray<readonly [string, string]> = [
      ['--seed', '42'],
      ['--epochs', '4'],
      ['--max-k', '10'],
      ['--k-dist', 'uniform'],
      ['--max-tokens', '2048'],
      ['--tokenizer', 'llama2'],
      ['--strategies', 'primary,format,permute,maskout'],
    ];
    for (const [flag, value] of expected) {
      const from = help.indexOf(flag);
      expect(from, `${flag} listed`).toBeGreaterThanOrEqual(0);
      // The default belongs to this option: it appears before the next option starts.
      const next = help.indexOf(' --', from + flag.length);
      const section = help.slice(from, next === -1 ? undefined : next);
      expect(section, `${flag} shows its default`).toMatch(new RegExp(`default:? "?${value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}"?`));
    }
    for (const flag of ['-o, --output', '--permute-rules', '--maskout-rules', '--meta', '--quiet']) {
      expect(help, `${flag} listed`).toContain(flag);
    }
  });

  it('top-level --help mentions the augment command', async () => {
    const r = await runCli(['--help']);
    expect(r.status).toBe(0);
    expect(r.stdout.toString()).toContain('augment');
  });
});
