import { beforeAll, describe, expect, it } from 'vitest';
import { buildEval, type EvalBuild } from '../../src/eval/build-eval.js';
import type { EvalItem } from '../../src/eval/eval-item.js';
import { EVAL_CHECKS, judgeAnswer, openingOf, scoreAnswers, type CheckResults } from '../../src/eval/score-eval.js';
import { builtInPacks } from '../../src/language/built-in.js';
import { chooseLanguages } from '../../src/language/choice.js';
import { readPairs } from '../../src/io/read-pairs.js';

const DATA = new URL('../../../shared/data/alpaca_en_demo.json', import.meta.url).pathname;
const ZH = new URL('../fixtures/zh/alpaca_zh.json', import.meta.url).pathname;

let built: EvalBuild;
beforeAll(async () => {
  const pairs = await readPairs([DATA, ZH]);
  built = buildEval(pairs, { seed: 1, perRule: 6, maxK: 5, languages: chooseLanguages('auto', builtInPacks()) });
});

const referenceOf = (item: EvalItem) => built.references.find((r) => r.id === item.id)?.response as string;
const failing = (r: CheckResults) =>
  Object.entries(r)
    .filter(([, ok]) => !ok)
    .map(([check]) => check)
    .sort();

/** The reference answer cut into its labelled answers, in answer order. */
function splitAnswers(reference: string, item: EvalItem): string[] {
  const starts = item.key.order.map((n) => reference.indexOf(item.key.labels[n - 1] as string));
  return starts.map((s, i) => reference.slice(s, i + 1 < starts.length ? (starts[i + 1] as number) - 2 : reference.length));
}

describe('eval build', () => {
  it('covers every strategy and rule in each language, with the stated number of prompts', () => {
    const taskOf = (lang: string, strategy: string, rule: string | null) => `${lang}/${strategy}:${rule}`;
    const tasks = new Set(built.items.map((i) => taskOf(i.key.lang, i.key.strategy, i.key.rule)));
    for (const t of ['en/permute:alpha', 'en/permute:random', 'en/maskout:longest', 'en/format:null', 'zh/primary:null']) expect(tasks).toContain(t);
    for (const task of tasks) {
      const n = built.items.filter((i) => taskOf(i.key.lang, i.key.strategy, i.key.rule) === task).length;
      const short = built.shortfalls.find((s) => taskOf(s.lang, s.task.strategy, s.task.rule) === task);
      expect(n).toBe(short ? short.built : 6);
    }
  });

  it('is the same for the same seed', async () => {
    const pairs = await readPairs([DATA, ZH]);
    const again = buildEval(pairs, { seed: 1, perRule: 6, maxK: 5, languages: chooseLanguages('auto', builtInPacks()) });
    expect(JSON.stringify(again)).toBe(JSON.stringify(built));
  });
});

describe('eval score', () => {
  it('gives the reference answers 100%, strict and loose', () => {
    const score = scoreAnswers(built.items, new Map(built.references.map((r) => [r.id, r.response])));
    expect(score.overall.promptStrict).toBe(1);
    expect(score.overall.promptLoose).toBe(1);
    expect(score.overall.instructionStrict).toBe(1);
    expect(score.overall.instructionLoose).toBe(1);
    expect(score.unanswered).toEqual([]);
  });

  it('answers in the wrong order lose the order check only', () => {
    const item = built.items.find((i) => i.key.strategy === 'permute' && i.key.markers === null && i.key.order.length >= 3) as EvalItem;
    const labelled = splitAnswers(referenceOf(item), item);
    expect(labelled.join('\n\n')).toBe(referenceOf(item));
    const swapped = [labelled[1], labelled[0], ...labelled.slice(2)].join('\n\n');
    expect(failing(judgeAnswer(item.key, swapped, 'strict'))).toEqual(['order']);
    expect(failing(judgeAnswer(item.key, swapped, 'loose'))).toEqual(['order']);
  });

  it('a skipped answer included loses the skip check only', () => {
    const item = built.items.find((i) => i.key.strategy === 'maskout' && i.key.markers === null) as EvalItem;
    const n = item.key.masked[0] as number;
    const extra = `${referenceOf(item)}\n\n${item.key.labels[n - 1]}\n${item.key.references[n - 1]}`;
    expect(failing(judgeAnswer(item.key, extra, 'strict'))).toEqual(['skip']);
  });

  it('labels dropped lose the labels check only, when every answer opens distinctly', () => {
    const item = built.items.find(
      (i) => i.key.lang === 'en' && i.key.strategy === 'primary' && i.key.order.every((n) => openingOf(i.key.references[n - 1] as string) !== null),
    ) as EvalItem;
    const bare = item.key.order.map((n) => item.key.references[n - 1]).join('\n\n');
    expect(failing(judgeAnswer(item.key, bare, 'strict'))).toEqual(['labels']);
  });

  it('loose forgives markdown emphasis, case and label punctuation; strict does not', () => {
    const item = built.items.find((i) => i.key.lang === 'en' && i.key.strategy === 'primary' && /Answer|Response/.test(i.key.labels[0] ?? '')) as EvalItem;
    const fancy = item.key.order
      .map((n) => `**${(item.key.labels[n - 1] as string).replace(/[:#]/g, '').trim().toUpperCase()}**\n${item.key.references[n - 1]}`)
      .join('\n\n');
    expect(failing(judgeAnswer(item.key, fancy, 'loose'))).toEqual([]);
    expect(failing(judgeAnswer(item.key, fancy, 'strict'))).toContain('labels');
  });

  it('an empty answer follows nothing', () => {
    const item = built.items.find((i) => i.key.strategy === 'format') as EvalItem;
    const r = judgeAnswer(item.key, '', 'strict');
    expect(failing(r)).toEqual(['complete', 'labels', 'markers']);
    expect(Object.keys(r).every((c) => (EVAL_CHECKS as readonly string[]).includes(c))).toBe(true);
  });
});
