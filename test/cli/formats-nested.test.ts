/**
 * --map field paths: Stanford self-instruct's seed_tasks.jsonl (an instruction and a list
 * of {input, output} instances) reads through --map alone, one pair per instance with
 * "*", or one chosen instance by index; malformed paths are usage errors, and a record
 * without the path is a data error naming the concrete path.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { augment, jsonl, readJsonlFile, runCli, stderrLines, summaryCounts, useTempDirs, writeFixture } from '../helpers/e2e-cli.js';

const dir = useTempDirs();
const SEED_TASKS = fileURLToPath(new URL('../fixtures/e2e/seed-tasks.jsonl', import.meta.url));
const ONE_BY_ONE = ['--tokenizer', 'approx', '--epochs', '1', '--max-k', '1', '--k-dist', 'fixed', '--strategies', 'primary', '--meta'];

interface SeedTask {
  instruction: string;
  instances: Array<{ input: string; output: string }>;
}
const tasks = (): SeedTask[] =>
  readFileSync(SEED_TASKS, 'utf8')
    .split('\n')
    .filter((l) => l !== '')
    .map((l) => JSON.parse(l) as SeedTask);

const promptOf = (t: SeedTask, i: number): string => {
  const input = t.instances[i]?.input ?? '';
  return input === '' ? t.instruction : `${t.instruction}\n${input}`;
};

describe('seed_tasks.jsonl through --map alone', () => {
  it('without a map: one line naming the fields found and those each format expects', async () => {
    const r = await augment([SEED_TASKS], join(dir(), 'out.jsonl'), ['--tokenizer', 'approx']);
    expect(r.status).toBe(1);
    expect(stderrLines(r.stderr)[0]).toMatch(/seed-tasks\.jsonl:1: found fields "id", "name", "instruction", "instances", "is_classification"; expected one of/);
  });

  it('"*" makes one pair per instance: every instance appears once, with the task\'s instruction', async () => {
    const d = dir();
    const out = join(d, 'out.jsonl');
    const r = await augment([SEED_TASKS], out, [...ONE_BY_ONE, '--map', 'input=instances.*.input,response=instances.*.output']);
    expect(r.status, r.stderr).toBe(0);
    const all = tasks();
    const expected = all.flatMap((t, s) => t.instances.map((inst, i) => ({ source: s, prompt: promptOf(t, i), response: inst.output })));
    expect(summaryCounts(r.stderr).pairs).toBe(expected.length);
    const got = readJsonlFile(out).map((rec) => ({ source: rec.meta?.sources[0], prompt: rec.instruction, response: rec.output }));
    const order = (a: { prompt: string }, b: { prompt: string }) => (a.prompt < b.prompt ? -1 : a.prompt > b.prompt ? 1 : 0);
    expect(got.sort(order)).toEqual(expected.sort(order));
  });

  it('an index takes one instance per task; a task without it is a data error naming the concrete path', async () => {
    const d = dir();
    const first = await augment([SEED_TASKS], join(d, 'first.jsonl'), [...ONE_BY_ONE, '--map', 'input=instances.0.input,response=instances.0.output']);
    expect(first.status, first.stderr).toBe(0);
    const all = tasks();
    const prompts = readJsonlFile(join(d, 'first.jsonl')).map((rec) => rec.instruction).sort();
    expect(prompts).toEqual(all.map((t) => promptOf(t, 0)).sort());

    const second = await augment([SEED_TASKS], join(d, 'second.jsonl'), [...ONE_BY_ONE, '--map', 'input=instances.1.input,response=instances.1.output']);
    expect(second.status).toBe(1);
    expect(stderrLines(second.stderr)[0]).toMatch(/seed-tasks\.jsonl:2: field "instances\.1\.input" \(--map input=instances\.1\.input\) is missing/);
  });

  it('a bad element names its index; a missing or empty list is named', async () => {
    const d = dir();
    const input = writeFixture(
      d,
      'tasks.jsonl',
      jsonl([
        { instruction: 'Add.', instances: [{ input: '1 2', output: '3' }, { input: '2 2', output: 4 }] },
        { instruction: 'Nothing.', instances: [] },
      ]),
    );
    const map = ['--map', 'input=instances.*.input,response=instances.*.output'];
    const r = await augment([input], join(d, 'out.jsonl'), ['--tokenizer', 'approx', ...map]);
    expect(stderrLines(r.stderr)).toEqual([`mosaic-it: ${input}:1: field "instances.1.output": expected non-empty text, found a number (4)`]);
    const v = await runCli(['validate', input, ...map]);
    expect(v.stdout.toString().split('\n').filter(Boolean)).toEqual([
      `${input}:1: field "instances.1.output": expected non-empty text, found a number (4)`,
      `${input}:2: field "instances": expected a non-empty list (--map instances.*.input), found an empty list`,
    ]);
  });

  it('nested objects, and "\\." for a dot inside a field name', async () => {
    const d = dir();
    const input = writeFixture(d, 'nested.jsonl', jsonl([{ q: { text: 'Name a sea.' }, 'a.b': 'The Baltic.' }]));
    const out = join(d, 'out.jsonl');
    const r = await augment([input], out, [...ONE_BY_ONE, '--map', 'prompt=q.text,response=a\\.b']);
    expect(r.status, r.stderr).toBe(0);
    expect(readJsonlFile(out).map((rec) => [rec.instruction, rec.output])).toEqual([['Name a sea.', 'The Baltic.']]);
  });

  for (const [map, says] of [
    ['response=instances.*.output,input=other.*.input', '"*" must stand for the elements of one list; found "other" and "instances"'],
    ['response=a.*.b.*.c', 'a path may hold one "*", not several'],
    ['response=*.output', '"*" stands for the elements of a list field; name the list first'],
    ['response=a..b', 'a path has an empty step'],
  ] as const) {
    it(`--map ${map} is a usage error`, async () => {
      const r = await runCli(['augment', SEED_TASKS, '-o', join(dir(), 'out.jsonl'), '--map', map]);
      expect(r.status).toBe(2);
      expect(stderrLines(r.stderr)).toHaveLength(1);
      expect(r.stderr).toContain('--map');
      expect(r.stderr).toContain(says);
    });
  }
});
