/**
 * The Chinese pack: complete, every sentence filled for every count it can be chosen for,
 * and read back as a Chinese reader reads it (两条 rather than 二条, small counts in words,
 * full-width punctuation, no punctuation straight after a quoted label or marker, every
 * number stated right).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CHINESE } from '../../src/language/chinese.js';
import { fillNumber, fillSentence, joinList, PLACEHOLDERS } from '../../src/language/fill.js';
import type { Forms } from '../../src/language/pack.js';
import { MASKOUT } from '../../src/strategies/maskout.js';
import { PERMUTE } from '../../src/strategies/permute.js';
import { MASKOUT_RULES, PERMUTE_RULES } from '../../src/types.js';
import { oracleFill } from '../helpers/unit-oracle.js';
import { allForms, filledSentences } from '../helpers/pack-sentences.js';

const placeholders = (t: string) => [...t.matchAll(/\{([^{}]*)\}/g)].map((m) => m[1] as string);

function expectVaried(list: readonly string[] | undefined, what: string): void {
  expect(list, what).toBeDefined();
  expect((list as readonly string[]).length, what).toBeGreaterThanOrEqual(5);
  expect(new Set(list).size, `${what}: duplicates`).toBe((list as readonly string[]).length);
  for (const t of list as readonly string[]) expect(t.trim(), what).toBe(t);
}

const everyTemplate = (f: Forms) => [...(f.two ?? []), ...(f.one ?? []), ...f.many];

/** What the sentence says, for checking every number in it. */
interface Facts {
  count?: number;
  n?: number;
  list?: readonly number[];
  sequence?: readonly number[];
}

const NUMERAL = new Map(CHINESE.numerals.map((w, n) => [w, n]));

/** What a careful Chinese reader would stumble on in a filled meta-instruction. */
function readerProblems(text: string, facts?: Facts): string[] {
  const problems: string[] = [];
  if (/[{}]/.test(text)) problems.push('a placeholder is left');
  // Quoted labels and markers may hold anything; the sentence around them may not.
  const bare = text.replace(/“[^”]*”/g, '“”');
  if (/[,.;:?!]/.test(bare.replace(/\d\.\d/g, ''))) problems.push('ASCII punctuation in a Chinese sentence');
  if (/(?<!第)二[条个项]/.test(bare)) problems.push('二 as a count (must be 两)');
  if (/第两/.test(bare)) problems.push('两 as an ordinal (must be 二)');
  // Ordinals and lists of instruction numbers ("第 3 条", "第 2、5 条") are digits by design.
  const counts = bare.replace(/第\s*\d+(?:、\d+)*\s*条/g, '第条');
  if (/(?<![\d、])(?:10|[0-9])\s*[条个项]/.test(counts)) problems.push('a small count in digits');
  if (!/^[\p{Script=Han}“]/u.test(text) || !text.endsWith('。')) problems.push('not a sentence');
  if (/[。，、；：！？]{2}/.test(bare)) problems.push('doubled punctuation');
  if (/”(?!“)\p{P}/u.test(text)) problems.push('punctuation straight after a quoted label or marker');
  if (/\s[，。、；：）]|[，。、；：（]\s/.test(bare)) problems.push('a space next to full-width punctuation');
  if (/\p{Script=Han}\s+\p{Script=Han}/u.test(bare)) problems.push('a space between Chinese characters');
  if (/\s{2}/.test(text) || /^\s|\s$/.test(text)) problems.push('loose whitespace');
  if (facts) problems.push(...numberProblems(bare, counts, facts));
  return problems;
}

/**
 * Every count stated before a measure word is the sample's count, the skip count, or one
 * ("另一条", "每一个"); every run of digits (ordinals and lists included) is the skip
 * list or the answer sequence in full, or a count written in digits.
 */
function numberProblems(bare: string, counts: string, facts: Facts): string[] {
  const problems: string[] = [];
  const allowed = new Set([1, facts.count, facts.n].filter((x): x is number => x !== undefined && x > 0));
  for (const m of counts.matchAll(/([一两三四五六七八九十]|\d+)\s*(?=[条个项](?!标记))/g)) {
    const said = NUMERAL.get(m[1] as string) ?? Number(m[1]);
    if (!allowed.has(said)) problems.push(`count ${m[1] as string} is neither ${String(facts.count)} nor ${String(facts.n)}`);
  }
  const expected = [facts.list, facts.sequence].filter((x) => x && x.length > 0).map((x) => (x as readonly number[]).join('、'));
  for (const [run] of bare.matchAll(/\d+(?:、\d+)*/g)) {
    const isCount = run === String(facts.count) || run === String(facts.n);
    if (!expected.includes(run) && !isCount) problems.push(`numbers ${run} are not the list or sequence`);
  }
  return problems;
}

/** The instruction numbers a filled sentence names with 第…条 or 编号为…, in full. */
function namedNumbers(text: string): string[] {
  return [...text.matchAll(/(?:第|编号为|编号|按照|按)\s*(\d+(?:、\d+)*)/g)].map((m) => m[1] as string);
}

describe('the Chinese pack', () => {
  it('is set up for Chinese: pinyin order, 字数 without whitespace, 两 for two, no word rules', () => {
    expect(CHINESE.name).toBe('zh');
    expect(CHINESE.locale).toBe('zh');
    expect(CHINESE.plural).toBe(false);
    expect(CHINESE.numerals[2]).toBe('两');
    expect(CHINESE.numerals).toHaveLength(11);
    expect(CHINESE.cutMeasure).toBe('chars');
    expect(CHINESE.alphabetHead).toEqual({ unit: 'chars', count: 3 });
    expect(CHINESE.clauseSeparator).toBe('');
    expect(CHINESE.permute.words).toBeNull();
    expect(CHINESE.permute['words-desc']).toBeNull();
    for (const rule of PERMUTE_RULES.filter((r) => !r.startsWith('words'))) expect(CHINESE.permute[rule], rule).not.toBeNull();
    for (const rule of MASKOUT_RULES) expect(CHINESE.maskout[rule], rule).not.toBeNull();
  });

  it('has at least five distinct sentences in every form of every strategy and rule', () => {
    for (const [what, forms] of allForms(CHINESE)) {
      expectVaried(forms.many, `${what} many`);
      if (forms.two) expectVaried(forms.two, `${what} two`);
      if (forms.one) expectVaried(forms.one, `${what} one`);
    }
    for (const rule of ['random', 'longest', 'shortest'] as const) {
      expectVaried((CHINESE.maskout[rule] as Forms).one, `maskout:${rule} one`);
      expectVaried((CHINESE.maskout[rule] as Forms).two, `maskout:${rule} two`);
    }
    expectVaried(CHINESE.labelClauses.one, 'label one');
    expectVaried(CHINESE.labelClauses.many, 'label many');
    for (const kind of ['one', 'many', 'labelled'] as const) expectVaried(CHINESE.markerClauses[kind], `marker ${kind}`);
  });

  it('uses only known placeholders, and each sentence states what its rule needs', () => {
    const known = new Set<string>(PLACEHOLDERS);
    for (const [what, forms] of allForms(CHINESE)) {
      for (const t of everyTemplate(forms)) {
        for (const p of placeholders(t)) expect(known.has(p), `${what}: {${p}}`).toBe(true);
        expect(t, `${what}: where the instructions are`).toContain('{where}');
      }
    }
    for (const t of (CHINESE.permute.random as Forms).many) expect(t).toContain('{sequence}');
    for (const t of everyTemplate(CHINESE.maskout.random as Forms)) expect(t).toContain('{list}');
    for (const rule of ['longest', 'shortest'] as const) for (const t of (CHINESE.maskout[rule] as Forms).many) expect(t).toContain('{n}');
    for (const t of [...CHINESE.labelClauses.one, ...CHINESE.labelClauses.many]) expect(t).toContain('{label}');
    for (const t of Object.values(CHINESE.markerClauses).flat()) {
      expect(t).toContain('{open}');
      expect(t).toContain('{close}');
    }
  });

  it('says what a length is: 字数, without spaces and line breaks', () => {
    const lengths = [CHINESE.permute.chars, CHINESE.permute['chars-desc'], CHINESE.maskout.longest, CHINESE.maskout.shortest];
    for (const t of lengths.flatMap((f) => everyTemplate(f as Forms))) {
      expect(t).toMatch(/字数|多少字/);
      expect(t).toMatch(/空格和换行/);
      expect(t).toMatch(/不计|不算|不含/);
    }
  });

  it('says what alphabetical order is: pinyin, from the start of each instruction', () => {
    for (const rule of ['alpha', 'alpha-desc'] as const) {
      for (const t of everyTemplate(CHINESE.permute[rule] as Forms)) {
        expect(t).toContain('拼音');
        expect(t).toMatch(/开头/);
      }
    }
    for (const t of (CHINESE.permute['alpha-desc'] as Forms).many) expect(t).toMatch(/倒|逆序|Z 到 A|靠后/);
  });

  it('never speaks of numbers in rules that may go unnumbered', () => {
    const unnumbered = [
      ...PERMUTE_RULES.filter((r) => !PERMUTE[r].needsNumbers).map((r) => CHINESE.permute[r]),
      ...MASKOUT_RULES.filter((r) => !MASKOUT[r].needsNumbers).map((r) => CHINESE.maskout[r]),
      CHINESE.primary,
    ]
      .filter((f): f is Forms => f !== null)
      .flatMap(everyTemplate);
    for (const t of unnumbered) expect(t).not.toMatch(/编号|序号|号|第|几条|\{sequence\}|\{list\}/);
  });

  it('never puts punctuation straight after a quoted label or marker', () => {
    const clauses = [...CHINESE.labelClauses.one, ...CHINESE.labelClauses.many, ...Object.values(CHINESE.markerClauses).flat()];
    for (const t of clauses) expect(t, t).not.toMatch(/\{(?:label|open|close)\}(?:[\p{P}]|$)/u);
  });

  it('every sentence reads right for k = 2..10 and every skip count, both places', () => {
    let checked = 0;
    for (const { what, strategy, rule, k, n, template, values, text } of filledSentences(CHINESE)) {
      const list = values.list ?? [];
      const sequence = values.sequence ?? [];
      expect(text, `${what} k=${k}`).toBe(oracleFill(template, values, CHINESE));
      const facts: Facts = { count: k, n, list: rule === 'random' && strategy === 'maskout' ? list : undefined, sequence: rule === 'random' && strategy === 'permute' ? sequence : undefined };
      expect(readerProblems(text, facts), `${what} k=${k} n=${n}: ${text}`).toEqual([]);
      expect(text, `${what}: ${text}`).toContain(CHINESE.where[values.where as 'below' | 'above']);
      // Two instructions are never spoken of as several.
      if (k === 2) expect(text, `${what}: ${text}`).not.toMatch(/几[条个项]|各条|其余的|其他请求|每一条/);
      if (template.includes('{list}')) expect(namedNumbers(text), text).toContain(list.join('、'));
      if (template.includes('{sequence}')) expect(namedNumbers(text), text).toContain(sequence.join('、'));
      checked++;
    }
    expect(checked).toBeGreaterThan(1500);
  });

  it('label and marker clauses read right with every style, as the first answer of any number', () => {
    for (const style of CHINESE.numbering) {
      for (const n of [1, 7, 10]) {
        const label = fillNumber(style.answer, n).trim();
        for (const t of [...CHINESE.labelClauses.one, ...CHINESE.labelClauses.many]) {
          const text = fillSentence(t, { label }, CHINESE);
          expect(readerProblems(text), text).toEqual([]);
          expect(text).toContain(`“${label}”`);
        }
      }
    }
    for (const m of CHINESE.markers) {
      for (const t of Object.values(CHINESE.markerClauses).flat()) {
        const text = fillSentence(t, { open: m.open, close: m.close }, CHINESE);
        expect(readerProblems(text), text).toEqual([]);
      }
    }
  });

  it('label and marker clauses fit together read literally: the label is inside the markers, the markers are not the answer', () => {
    // A marker clause that made the marker the answer's own first line would contradict
    // "each answer starts with its label".
    for (const t of Object.values(CHINESE.markerClauses).flat()) expect(t).not.toMatch(/回答[^，。；]*以[^，。；]*\{open\}[^，。；]*开[始头]/);
    for (const t of CHINESE.markerClauses.labelled) expect(t).toMatch(/标签/);
    for (const t of [...CHINESE.labelClauses.one, ...CHINESE.labelClauses.many]) expect(t).not.toMatch(/标记/);
  });

  it('a whole meta-instruction reads as one Chinese paragraph', () => {
    const sentence = fillSentence((CHINESE.permute.reverse as Forms).many[0] as string, { count: 5, where: 'below' }, CHINESE);
    const label = fillSentence(CHINESE.labelClauses.many[0] as string, { label: fillNumber('回答 {n}：\n', 5).trim() }, CHINESE);
    const marker = fillSentence(CHINESE.markerClauses.labelled[0] as string, { open: '<answer>', close: '</answer>' }, CHINESE);
    const meta = [sentence, label, marker].join(CHINESE.clauseSeparator);
    expect(meta).toBe(
      '请倒序回答下面的五条指令：先答最后一条，最前面的一条放到最后答。' +
        '每个回答开头都要加上“回答 5：”这样的标签，标签里的数字是所答指令的编号。' +
        '请把每个回答连同标签一起放在“<answer>”和“</answer>”两个标记之间，每个标记单独占一行。',
    );
    expect(meta).not.toMatch(/。\s/);
  });

  it('the lint itself catches what it is for', () => {
    expect(readerProblems('请回答下面的二条指令。')).not.toEqual([]);
    expect(readerProblems('请回答下面的3条指令。')).not.toEqual([]);
    expect(readerProblems('请回答下面的10个任务。')).not.toEqual([]);
    expect(readerProblems('请回答下面的三条指令')).not.toEqual([]);
    expect(readerProblems('请回答下面的{count}条指令。')).not.toEqual([]);
    expect(readerProblems('跳过第 2, 5 条指令。')).not.toEqual([]);
    expect(readerProblems('请回答下面的三条指令.')).not.toEqual([]);
    expect(readerProblems('请回答下面的三条指令，，其余跳过。')).not.toEqual([]);
    expect(readerProblems('请回答下面的三条指令，。')).not.toEqual([]);
    expect(readerProblems('每个回答开头都写上“2.”。')).not.toEqual([]);
    expect(readerProblems('每个回答开头都写上“回答 2：”，标明编号。')).not.toEqual([]);
    expect(readerProblems('请回答 下面的三条指令。')).not.toEqual([]);
    expect(readerProblems('请先回答第两条指令。')).not.toEqual([]);
    expect(readerProblems('请回答下面的四条指令。', { count: 3 })).not.toEqual([]);
    expect(readerProblems('跳过最长的两条，其余按顺序回答下面五条指令。', { count: 5, n: 1 })).not.toEqual([]);
    expect(readerProblems('第 2、4 条不用回答，其余的按原顺序作答。', { count: 6, n: 2, list: [2, 5] })).not.toEqual([]);
    expect(readerProblems('请按 3、2 的顺序回答下面的三条指令。', { count: 3, sequence: [3, 2, 1] })).not.toEqual([]);
    // What it must let through.
    expect(readerProblems('第 2、5 条不用回答，下面其余的按原顺序作答。', { count: 6, n: 2, list: [2, 5] })).toEqual([]);
    expect(readerProblems('请按 3、1、2 的顺序回答下面的三条指令。', { count: 3, sequence: [3, 1, 2] })).toEqual([]);
    expect(readerProblems('下面两条指令都要回答，只回答另一条也不行。', { count: 2 })).toEqual([]);
    expect(readerProblems('每个回答开头都要加上“3.”这样的标签。')).toEqual([]);
    expect(readerProblems('请回答下面的12条指令。', { count: 12 })).toEqual([]);
  });

  it('numbering styles carry the number in both labels, end in a non-digit, and no two styles share a label', () => {
    expect(CHINESE.numbering.length).toBeGreaterThanOrEqual(6);
    const owner = new Map<string, number>();
    CHINESE.numbering.forEach((s, i) => {
      // "1" + "2..." must not read as "12".
      expect(fillNumber(s.answer, 7)).toMatch(/7\D+$/);
      expect(fillNumber(s.instruction, 7)).toMatch(/7\D+$/);
      for (const label of new Set([s.instruction.trim(), s.answer.trim()])) {
        expect(owner.get(label) ?? i, `"${label}" is in two styles`).toBe(i);
        owner.set(label, i);
      }
    });
  });

  it('markers are distinct and non-empty, some Chinese and some neutral; separators start and end with a line break', () => {
    expect(CHINESE.markers.length).toBeGreaterThanOrEqual(5);
    for (const m of CHINESE.markers) {
      expect(m.open.trim()).not.toBe('');
      expect(m.close.trim()).not.toBe('');
      expect(m.open).not.toBe(m.close);
    }
    expect(new Set(CHINESE.markers.flatMap((m) => [m.open, m.close])).size).toBe(CHINESE.markers.length * 2);
    expect(CHINESE.markers.some((m) => /\p{Script=Han}/u.test(m.open))).toBe(true);
    expect(CHINESE.markers.some((m) => !/\p{Script=Han}/u.test(m.open))).toBe(true);
    for (const s of CHINESE.separators) expect(s).toMatch(/^\n[\s\S]*\n$/);
  });
});

describe('the Chinese alpaca fixture', () => {
  it('holds 80 distinct records whose prompts are mostly Chinese', () => {
    const records = JSON.parse(readFileSync(new URL('../fixtures/zh/alpaca_zh.json', import.meta.url), 'utf8')) as Array<Record<string, string>>;
    expect(records).toHaveLength(80);
    expect(new Set(records.map((r) => r.instruction)).size).toBe(80);
    for (const r of records) {
      expect(Object.keys(r).sort()).toEqual(['input', 'instruction', 'output']);
      const prompt = r.input ? `${r.instruction as string}\n${r.input}` : (r.instruction as string);
      const han = prompt.match(/\p{Script=Han}/gu)?.length ?? 0;
      const latin = prompt.match(/\p{Script=Latin}/gu)?.length ?? 0;
      expect(han, prompt).toBeGreaterThan(latin);
      expect((r.output as string).trim(), prompt).not.toBe('');
    }
  });
});

describe('fillSentence in Chinese', () => {
  it('writes counts up to ten in words, with 两 for two, and larger ones in digits', () => {
    expect(fillSentence('{where}{count}条指令，跳过{n}条', { count: 4, where: 'above', n: 2 }, CHINESE)).toBe('上面四条指令，跳过两条');
    expect(fillSentence('{count}条指令', { count: 10 }, CHINESE)).toBe('十条指令');
    expect(fillSentence('{count}条指令', { count: 12 }, CHINESE)).toBe('12条指令');
  });

  it('joins a list and a sequence with 、', () => {
    expect(fillSentence('第 {list} 条', { list: [2, 5, 7] }, CHINESE)).toBe('第 2、5、7 条');
    expect(joinList([2, 5], CHINESE)).toBe('2、5');
    expect(joinList([3], CHINESE)).toBe('3');
    expect(fillSentence('按 {sequence} 的顺序', { sequence: [3, 1, 2] }, CHINESE)).toBe('按 3、1、2 的顺序');
  });

  it('quotes markers and labels in Chinese quotation marks', () => {
    expect(fillSentence('放在{open}和{close}之间', { open: '【开始】', close: '【结束】' }, CHINESE)).toBe('放在“【开始】”和“【结束】”之间');
    expect(fillSentence('像{label}这样', { label: '回答 3：' }, CHINESE)).toBe('像“回答 3：”这样');
  });
});
