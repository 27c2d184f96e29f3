/**
 * A realistic imperfect model, by rules (examples/imperfect-model.mjs): it follows "reverse" but answers every other
 * permute prompt in the given order, answers the skipped instructions of random masks,
 * forgets the closing marker of its last answer, and writes its labels in bold. Each rule
 * costs exactly its checks, and the table shows it per strategy and rule.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { buildEval, type EvalBuild } from '../../src/eval/build-eval.js';
import { scoreAnswers, type EvalScore, type ScoreRow } from '../../src/eval/score-eval.js';
import { builtInPacks } from '../../src/language/built-in.js';
import { chooseLanguages } from '../../src/language/choice.js';
import { readPairs } from '../../src/io/read-pairs.js';
// The same model the README runs on the bundled example.
import { imperfectAnswer } from '../../examples/imperfect-model.mjs';

const DATA = new URL('../../../shared/data/alpaca_en_demo.json', import.meta.url).pathname;

let built: EvalBuild;
let score: EvalScore;
const row = (task: string) => score.rows.find((r) => r.task === task) as ScoreRow;

beforeAll(async () => {
  built = buildEval(await readPairs([DATA]), { seed: 5, perRule: 10, maxK: 5, languages: chooseLanguages('en', builtInPacks()) });
  score = scoreAnswers(built.items, new Map(built.items.map((item) => [item.id, imperfectAnswer(item)])));
});

describe('scoring an imperfect model', () => {
  it('full marks where it follows the prompt', () => {
    for (const task of ['permute:reverse', 'maskout:longest', 'maskout:odd']) {
      expect(row(task).promptStrict, task).toBe(1);
      expect(row(task).instructionStrict, task).toBe(1);
    }
  });

  it('permute rules it ignores fail the order check exactly where the stated order is not the given one', () => {
    for (const task of ['permute:random', 'permute:alpha', 'permute:chars', 'permute:odd-even']) {
      const items = built.items.filter((i) => `${i.key.strategy}:${i.key.rule}` === task);
      const given = items.filter((i) => i.key.order.every((n, j) => n === j + 1)).length;
      expect(row(task).checks.order).toEqual({ passed: given, of: items.length });
      expect(row(task).promptStrict).toBeCloseTo(given / items.length);
      // The other two checks (complete, labels) still pass: one of three fails where the order differs.
      expect(row(task).instructionStrict).toBeCloseTo((items.length * 3 - (items.length - given)) / (items.length * 3));
    }
    expect(row('permute:random').checks.order?.passed).toBe(0);
  });

  it('answering skipped instructions fails only the skip check', () => {
    const r = row('maskout:random');
    expect(r.checks.skip).toEqual({ passed: 0, of: r.prompts });
    expect(r.checks.complete).toEqual({ passed: r.prompts, of: r.prompts });
    expect(r.checks.order).toEqual({ passed: r.prompts, of: r.prompts });
    expect(r.promptStrict).toBe(0);
    expect(r.instructionStrict).toBeCloseTo(3 / 4);
  });

  it('a missing closing marker fails the markers check; bold labels fail strict labels but not loose', () => {
    expect(row('format').checks.markers).toEqual({ passed: 0, of: row('format').prompts });
    expect(row('format').instructionStrict).toBeCloseTo(3 / 4);
    expect(row('primary').checks.labels?.passed).toBe(0);
    expect(row('primary').promptStrict).toBe(0);
    expect(row('primary').promptLoose).toBe(1);
  });
});
