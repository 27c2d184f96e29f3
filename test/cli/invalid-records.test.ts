import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { augment, parseJsonl, runCli, STACK_FRAME, stderrLines, useTempDirs, withMeta } from '../helpers/e2e-cli.js';

const dir = useTempDirs();

const pair = (i: number) => JSON.stringify({ instruction: `Question ${i}?`, output: `Answer ${i}.` });

/** Ten lines: valid records at 0, 1, 4, 6, 9 (0-based), one invalid record of each reason between. */
const LINES = [
  pair(0),
  pair(1),
  '{"instruction": "Broken", "output": }', // invalid-json
  '{"x": 1}', // bad-field (no format's fields)
  pair(4),
  '[1, 2]', // not-an-object
  pair(6),
  '{"instruction": "Q", "output": "a", "output": "b"}', // duplicate-key
  '{"instruction": "Q", "output": 5}', // bad-field (a number)
  pair(9),
];

function mixedFile(d: string): string {
  const path = join(d, 'mixed.jsonl');
  writeFileSync(path, `${LINES.join('\n')}\n`);
  return path;
}

describe('--on-invalid', () => {
  it('fail (the default) stops at the first invalid record', async () => {
    const d = dir();
    const r = await augment([mixedFile(d)], join(d, 'out.jsonl'), ['--tokenizer', 'approx']);
    expect(r.status).toBe(1);
    expect(stderrLines(r.stderr)).toEqual([`mosaic-it: ${join(d, 'mixed.jsonl')}:3:37: invalid JSON: expected a value, found "}"`]);
  });

  it('skip leaves invalid records out, counts them by reason, and keeps record indices', async () => {
    const d = dir();
    const r = await augment([mixedFile(d)], join(d, 'out.jsonl'), [
      '--tokenizer',
      'approx',
      '--on-invalid',
      'skip',
      '--meta',
      '--summary-json',
      join(d, 'summary.json'),
    ]);
    expect(r.status, r.stderr).toBe(0);
    expect(stderrLines(r.stderr)[2]).toBe('  dropped: 0 pairs over 2048 tokens (approx); skipped: 5 records (invalid-json 1, duplicate-key 1, not-an-object 1, bad-field 2)');
    const summary = JSON.parse(readFileSync(join(d, 'summary.json'), 'utf8'));
    expect(summary.invalid).toEqual({ 'invalid-json': 1, 'invalid-utf8': 0, 'duplicate-key': 1, 'not-an-object': 1, 'bad-field': 2 });
    expect(summary.records).toBe(10);
    expect(summary.pairs).toBe(5);
    const records = withMeta(parseJsonl(readFileSync(join(d, 'out.jsonl'))));
    // meta.sources still points at the line a pair came from: invalid lines count as records.
    const used = new Set(records.flatMap((x) => x.meta.sources));
    expect(used).toEqual(new Set([0, 1, 4, 6, 9]));
    for (const x of records) {
      for (const source of x.meta.sources) expect(x.instruction).toContain(`Question ${source}?`);
    }
  });

  it('skip still fails on a fault in the file itself, and when nothing valid is left', async () => {
    const d = dir();
    writeFileSync(join(d, 'cut.json'), `[${pair(0)},\n${pair(1)}`);
    const cut = await augment([join(d, 'cut.json')], join(d, 'o.jsonl'), ['--tokenizer', 'approx', '--on-invalid', 'skip']);
    expect(cut.status).toBe(1);
    expect(cut.stderr).toContain('the input ends before the array is closed');
    writeFileSync(join(d, 'bad.jsonl'), '{"a": }\n[1]\n');
    const none = await augment([join(d, 'bad.jsonl')], join(d, 'o.jsonl'), ['--tokenizer', 'approx', '--on-invalid', 'skip']);
    expect(none.status).toBe(1);
    expect(stderrLines(none.stderr)).toEqual([`mosaic-it: no usable pairs in ${join(d, 'bad.jsonl')}: 2 records (invalid-json 1, not-an-object 1) skipped`]);
  });
});

describe('validate', () => {
  it('lists every problem with its location, in file order, and exits 1', async () => {
    const d = dir();
    const r = await runCli(['validate', 'mixed.jsonl'], { cwd: (mixedFile(d), d) });
    expect(r.status).toBe(1);
    expect(r.stdout.toString().split('\n').filter(Boolean)).toEqual([
      'mixed.jsonl:3:37: invalid JSON: expected a value, found "}"',
      'mixed.jsonl:4: expected an alpaca record with fields "instruction", "output"; found fields "x"',
      'mixed.jsonl:6: expected a JSON object (an alpaca record), found an array',
      'mixed.jsonl:8:37: field "output" appears twice in one object; expected each field once',
      'mixed.jsonl:9: field "output": expected non-empty text, found a number (5)',
    ]);
    expect(stderrLines(r.stderr)).toEqual(['mosaic-it: 5 problems in 1 file; 10 records, 5 pairs']);
    expect(r.stderr).not.toMatch(STACK_FRAME);
  });

  it('lists at most --limit problems but counts them all', async () => {
    const d = dir();
    mixedFile(d);
    const r = await runCli(['validate', 'mixed.jsonl', '--limit', '2'], { cwd: d });
    expect(r.status).toBe(1);
    expect(r.stdout.toString().split('\n').filter(Boolean)).toHaveLength(2);
    expect(stderrLines(r.stderr)).toEqual(['mosaic-it: 5 problems in 1 file (2 listed; --limit to see more); 10 records, 5 pairs']);
  });

  it('goes on to the next file after a fault that ends one, and exits 0 when all is valid', async () => {
    const d = dir();
    writeFileSync(join(d, 'cut.json'), `[${pair(0)},\n${pair(1)}`);
    writeFileSync(join(d, 'good.jsonl'), `${pair(0)}\n${pair(1)}\n`);
    const r = await runCli(['validate', 'cut.json', 'good.jsonl', 'missing.jsonl'], { cwd: d });
    expect(r.status).toBe(1);
    expect(r.stdout.toString().split('\n').filter(Boolean)).toEqual([
      'cut.json:2: the input ends before the array is closed with "]"',
      'missing.jsonl: no such file',
    ]);
    const ok = await runCli(['validate', 'good.jsonl'], { cwd: d });
    expect(ok.status).toBe(0);
    expect(ok.stdout.toString()).toBe('');
    expect(stderrLines(ok.stderr)).toEqual(['mosaic-it: 1 file valid: 2 records, 2 pairs']);
  });

  it('a --limit that is not a whole number of at least 1 is a usage error', async () => {
    const r = await runCli(['validate', 'x.jsonl', '--limit', '0']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--limit');
  });
});
