/** `eval build` and `eval score` as a user runs them, on the bundled example. */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { imperfectAnswer } from '../../examples/imperfect-model.mjs';
import { REPO_ROOT, runCli, useTempDirs } from '../helpers/e2e-cli.js';

const PAIRS = join(REPO_ROOT, 'examples', 'pairs.jsonl');
const dir = useTempDirs();

async function build(flags: readonly string[] = []) {
  const work = dir();
  const evalFile = join(work, 'eval.jsonl');
  const reference = join(work, 'reference.jsonl');
  const r = await runCli(['eval', 'build', PAIRS, '-o', evalFile, '--reference', reference, '--per-rule', '2', ...flags]);
  expect(r.status, r.stderr).toBe(0);
  return { work, evalFile, reference, stderr: r.stderr };
}

const linesOf = (path: string) =>
  readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, any>);

describe('eval build', () => {
  it('writes prompts with keys, and reference answers under the same ids, the same for the same seed', async () => {
    const a = await build();
    const b = await build();
    expect(readFileSync(a.evalFile, 'utf8')).toBe(readFileSync(b.evalFile, 'utf8'));
    const items = linesOf(a.evalFile);
    expect(items.map((i) => i.id)).toEqual(linesOf(a.reference).map((r) => r.id));
    expect(Object.keys(items[0] as object)).toEqual(['id', 'prompt', 'key']);
    expect(a.stderr).toMatch(new RegExp(`^mosaic-it: ${items.length} prompts written to `));
    const c = await build(['--seed', '8']);
    expect(readFileSync(c.evalFile, 'utf8')).not.toBe(readFileSync(a.evalFile, 'utf8'));
  });
});

describe('eval score', () => {
  it('gives the reference answers 100% everywhere', async () => {
    const { evalFile, reference } = await build();
    const r = await runCli(['eval', 'score', evalFile, reference, '--json']);
    expect(r.status, r.stderr).toBe(0);
    const score = JSON.parse(r.stdout.toString());
    expect(score.overall).toMatchObject({ promptStrict: 1, promptLoose: 1, instructionStrict: 1, instructionLoose: 1 });
    expect(score.unanswered).toEqual([]);
  });

  it("prints a table of an imperfect model's answers, rule by rule", async () => {
    const { work, evalFile } = await build();
    const answers = join(work, 'answers.jsonl');
    writeFileSync(answers, linesOf(evalFile).map((item) => `${JSON.stringify({ id: item.id, response: imperfectAnswer(item as never) })}\n`).join(''));
    const r = await runCli(['eval', 'score', evalFile, answers]);
    expect(r.status, r.stderr).toBe(0);
    const rows = new Map(
      r.stdout
        .toString()
        .trim()
        .split('\n')
        .slice(1, -1)
        .map((line) => line.split(/\s{2,}/))
        .map((cells) => [cells[0], cells]),
    );
    // prompts, prompt strict, ...: the model follows reverse and the longest cut, not random masks.
    expect(rows.get('permute:reverse')?.[2]).toBe('100.0%');
    expect(rows.get('maskout:longest')?.[2]).toBe('100.0%');
    expect(rows.get('maskout:random')?.[2]).toBe('0.0%');
    expect(rows.get('format')?.[10]).toBe('0.0%');
    expect(rows.has('overall')).toBe(true);
  });

  it('takes OpenAI batch output, and warns about prompts left unanswered', async () => {
    const { work, evalFile, reference } = await build();
    const refs = linesOf(reference);
    const batch = join(work, 'batch.jsonl');
    const lines = refs.slice(1).map((a) => JSON.stringify({ custom_id: a.id, response: { body: { choices: [{ message: { content: a.response } }] } } }));
    writeFileSync(batch, `${lines.join('\n')}\n`);
    const r = await runCli(['eval', 'score', evalFile, batch, '--json']);
    expect(r.status).toBe(0);
    const score = JSON.parse(r.stdout.toString());
    expect(score.unanswered).toEqual([refs[0]?.id]);
    expect(score.overall.prompts).toBe(refs.length);
    expect(score.overall.promptStrict).toBeCloseTo((refs.length - 1) / refs.length);
    expect(r.stderr).toMatch(/1 prompt without an answer, scored as failing/);
  });

  it('a record that is no answer is a data error naming its line', async () => {
    const { work, evalFile } = await build();
    const bad = join(work, 'bad.jsonl');
    writeFileSync(bad, '{"id": "x", "text": "hello"}\n');
    const r = await runCli(['eval', 'score', evalFile, bad]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`mosaic-it: ${bad}:1: expected an answer record (id + response; id + output; id + predict; OpenAI batch output (custom_id)), found "id", "text"\n`);
  });

  it('usage errors of the subcommands are one line and exit 2, like every command', async () => {
    const missing = await runCli(['eval', 'build']);
    expect(missing.status).toBe(2);
    expect(missing.stderr).toBe("mosaic-it: missing required argument 'input'; see mosaic-it eval build --help\n");
    const unknown = await runCli(['eval', 'score', 'a.jsonl', 'b.jsonl', '--bogus']);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toBe("mosaic-it: unknown option '--bogus'; see mosaic-it eval score --help\n");
    expect((await runCli(['eval'])).status).toBe(2);
  });
});
