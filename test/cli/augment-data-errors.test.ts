import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  augment,
  jsonl,
  STACK_FRAME,
  stderrLines,
  useTempDirs,
  writeFixture,
} from '../helpers/e2e-cli.js';

const dir = useTempDirs();

const good = { instruction: 'Name a colour.', input: '', output: 'Blue.' };
const good2 = { instruction: 'Name an animal.', output: 'A fox.' };

interface Case {
  readonly name: string;
  /** File name and content; null content means the file is not created. */
  readonly file: string;
  readonly content: string | null;
  /** Where the error is, appended to the file's path: ":2", "[1]", or "" for the whole file. */
  readonly location: string;
  /** Patterns the one error line must match besides the location (field, problem). */
  readonly expects: readonly RegExp[];
}

const CASES: readonly Case[] = [
  {
    name: 'an invalid JSON line',
    file: 'bad.jsonl',
    content: `${JSON.stringify(good)}\n{"instruction": "Name a city.", "output": \n${JSON.stringify(good2)}\n`,
    location: ':2',
    expects: [/invalid JSON|JSON/i],
  },
  {
    name: 'a record missing "output" (JSON array)',
    file: 'bad.json',
    content: JSON.stringify([good, { instruction: 'Name a city.', input: '' }, good2]),
    location: '[1]',
    expects: [/"?output"?/, /missing|required|expected/i],
  },
  {
    name: 'a record missing "output" (JSONL)',
    file: 'bad.jsonl',
    content: jsonl([good, good2, { instruction: 'Name a city.' }]),
    location: ':3',
    expects: [/"?output"?/, /missing|required|expected/i],
  },
  {
    name: '"instruction" a number',
    file: 'bad.jsonl',
    content: jsonl([good, good2, { instruction: 42, output: 'Forty-two.' }]),
    location: ':3',
    expects: [/"?instruction"?/, /number/i],
  },
  {
    name: 'an empty output ""',
    file: 'bad.json',
    content: JSON.stringify([good, good2, good, { instruction: 'Say nothing.', output: '' }]),
    location: '[3]',
    expects: [/"?output"?/, /empty/i],
  },
  {
    name: 'a non-object record (JSONL)',
    file: 'bad.jsonl',
    content: `${JSON.stringify(good)}\n"just a string"\n`,
    location: ':2',
    expects: [/object/i, /string/i],
  },
  {
    name: 'a non-object record (JSON array)',
    file: 'bad.json',
    content: JSON.stringify([good, 7, good2]),
    location: '[1]',
    expects: [/object/i, /number/i],
  },
  {
    name: 'a missing input file',
    file: 'missing.jsonl',
    content: null,
    location: '',
    expects: [/no such file|not found|does not exist|missing/i],
  },
  {
    name: 'an empty file',
    file: 'empty.jsonl',
    content: '',
    location: '',
    expects: [/empty|no records/i],
  },
  {
    name: 'a file of blank lines',
    file: 'blank.jsonl',
    content: '\n  \n\n',
    location: '',
    expects: [/empty|no records/i],
  },
  {
    name: 'a file whose every record is skipped (multi-turn conversations)',
    file: 'chats.jsonl',
    content: jsonl(
      [0, 1].map(() => ({
        messages: [
          { role: 'user', content: 'Hi.' },
          { role: 'assistant', content: 'Hello.' },
          { role: 'user', content: 'Bye.' },
          { role: 'assistant', content: 'Goodbye.' },
        ],
      })),
    ),
    location: '',
    expects: [/no usable pairs/, /2 records \(multi-turn 2\) skipped/],
  },
];

describe('bad input: exit 1, one line naming file, place, field and problem; no output', () => {
  for (const c of CASES) {
    it(c.name, async () => {
      const work = dir();
      const input = join(work, c.file);
      if (c.content !== null) writeFixture(work, c.file, c.content);
      const before = readdirSync(work).sort();
      for (const out of ['out.jsonl', 'out.json']) {
        const r = await augment([input], join(work, out), ['--meta']);
        expect(r.status, r.stderr).toBe(1);
        expect(r.stdout.length).toBe(0);
        const lines = stderrLines(r.stderr);
        expect(lines, r.stderr).toHaveLength(1);
        const line = lines[0] as string;
        expect(line).toContain(`${input}${c.location}`);
        if (c.location === ':2' || c.location === ':3') expect(line).not.toContain(`${input}${c.location}0`);
        for (const re of c.expects) expect(line).toMatch(re);
        expect(r.stderr).not.toMatch(STACK_FRAME);
        expect(r.stderr).not.toMatch(/internal error/i);
        // Neither the output nor a temporary file is left behind.
        expect(readdirSync(work).sort()).toEqual(before);
      }
    });
  }

  it('names the second file and its own line when the first input is fine', async () => {
    const work = dir();
    const ok = writeFixture(work, 'ok.jsonl', jsonl([good, good2, good]));
    const bad = writeFixture(work, 'bad.jsonl', jsonl([good, { instruction: 'x', output: ['not', 'text'] }]));
    const r = await augment([ok, bad], join(work, 'out.jsonl'));
    expect(r.status, r.stderr).toBe(1);
    const lines = stderrLines(r.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toContain(`${bad}:2`);
    expect(lines[0]).toMatch(/output/);
    expect(lines[0]).not.toContain(ok);
    expect(readdirSync(work).sort()).toEqual(['bad.jsonl', 'ok.jsonl']);
  });

  it('names <stdin> for bad input read from "-"', async () => {
    const work = dir();
    const r = await augment(['-'], join(work, 'out.jsonl'), [], { input: jsonl([good, { instruction: 'Hi' }]) });
    expect(r.status).toBe(1);
    const lines = stderrLines(r.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/stdin/);
    expect(lines[0]).toContain(':2');
    expect(readdirSync(work)).toEqual([]);
  });
});
