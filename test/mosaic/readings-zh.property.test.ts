/**
 * Chinese meta-instructions are true as a Chinese reader reads them: 字数 without
 * whitespace (and the same with whitespace, without punctuation, with a Latin word or a
 * number as one character), pinyin order as the collator files it and as pinyin read in
 * context says it, no word rules, labels that collide however spaced, coloned or digited,
 * and sentences a Chinese reader finds clean and right in every number. The reader is
 * helpers/chinese-oracle.ts (and reading-oracle.ts for English mosaics), never src/.
 */
import { fileURLToPath } from 'node:url';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readPairs } from '../../src/io/read-pairs.js';
import { CHINESE } from '../../src/language/chinese.js';
import { K_DISTRIBUTIONS } from '../../src/rng/k-distributions.js';
import type { Mosaic, MosaicMeta, Pair } from '../../src/types.js';
import { englishParagraphArb, englishPromptArb, toTaggedPairs } from '../helpers/adversarial-arbitraries.js';
import {
  charsLatinRunAsOne,
  checkRun,
  coverageProblems,
  englishSentenceIn,
  metaInstructionOf,
  mosaicProblems,
  show,
  summarize,
  zhCutVerdict,
  zhMetaLint,
  zhNumbersIn,
  zhSortVerdict,
} from '../helpers/chinese-oracle.js';
import { numberingCollisionIn } from '../helpers/reading-oracle.js';
import { label, oracleFill } from '../helpers/unit-oracle.js';
import { runAll } from '../helpers/unit-run.js';

const ALL = { strategies: ['primary', 'format', 'permute', 'maskout'], permuteRules: 'all', maskoutRules: 'all' } as const;

function sumOf(tally: ReadonlyMap<string, number>, keys: readonly string[]): number {
  return keys.reduce((s, k) => s + (tally.get(k) ?? 0), 0);
}

/** The language a reader gives a prompt by its letters: zh when Han letters outnumber Latin ones, null on a tie. */
function scriptLanguage(prompt: string): 'zh' | 'en' | null {
  const han = prompt.match(/\p{Script=Han}/gu)?.length ?? 0;
  const latin = prompt.match(/\p{Script=Latin}/gu)?.length ?? 0;
  if (han === latin && han > 0) return null;
  return han > latin ? 'zh' : 'en';
}

const HAN_LETTER = /\p{Script=Han}/u;

// ---------------------------------------------------------------- the oracle can fail

/** A mosaic laid out as the Chinese pack lays it out: meta-instruction first, then the instructions. */
function handMade(
  pairs: readonly Pair[],
  meta: Pick<MosaicMeta, 'strategy' | 'rule' | 'order' | 'masked' | 'numbered'> & { lang?: string },
  sentence: string,
  numbering = CHINESE.numbering[6] as { instruction: string; answer: string },
): Mosaic {
  const numbered = meta.numbered;
  const block = pairs.map((p, i) => (numbered ? label(numbering.instruction, i + 1) : '') + p.prompt).join('\n\n');
  const labelClause = numbered ? oracleFill(CHINESE.labelClauses.many[0] as string, { label: label(numbering.answer, meta.order[0] as number).trim() }, CHINESE) : '';
  const response = meta.order.map((n) => (numbered ? label(numbering.answer, n) : '') + (pairs[n - 1] as Pair).response).join('\n\n');
  return {
    prompt: `${sentence}${labelClause}\n\n${block}`,
    response,
    meta: { epoch: 0, sources: pairs.map((p) => p.source), lang: 'zh', tokens: 0, ...meta },
  };
}

const fill = (template: string | undefined, k: number, extra: { list?: number[]; sequence?: number[]; n?: number } = {}) =>
  oracleFill(template as string, { count: k, where: 'below', ...extra }, CHINESE);

describe('the Chinese reader (oracle) can fail', () => {
  it('pinyin order: polyphones read in context, same syllables and tone-only pairs are doubtful', () => {
    expect(zhSortVerdict('alpha', ['北京有什么好玩的？', '上海的简称是什么？', '广州的美食'])).toEqual({ order: [1, 3, 2] });
    expect(zhSortVerdict('alpha-desc', ['“北京”有什么好玩的？', '上海的简称是什么？', '广州的美食'])).toEqual({ order: [2, 3, 1] });
    // The collator files 长 under zhang; read in context 长城 is chang, before zhang.
    expect(zhSortVerdict('alpha', ['长城有多长？', '张家界在哪里？'])).toEqual({ doubtful: 'pinyin-order' });
    expect(zhSortVerdict('alpha', ['是什么意思', '事情的经过'])).toEqual({ doubtful: 'same-syllable' });
    expect(zhSortVerdict('alpha', ['解释一下', '介绍一下'])).toEqual({ doubtful: 'same-syllable' });
    expect(zhSortVerdict('alpha', ['银行卡怎么办', '音乐会'])).toEqual({ doubtful: 'same-syllable' });
    // Decided only after the third character.
    expect(zhSortVerdict('alpha', ['中华人民共和国', '中华人民银行'])).toEqual({ doubtful: 'too-close' });
    expect(zhSortVerdict('alpha', ['3D打印是什么', '北京'])).toEqual({ doubtful: 'no-letter' });
    expect(zhSortVerdict('alpha', ['Python是什么', '北京'])).toEqual({ doubtful: 'script' });
    expect(zhSortVerdict('words', ['北京有什么好玩的？', '上海'])).toEqual({ doubtful: 'script' });
  });

  it('字数: margin, and every reading (a Latin word as one character too) must agree', () => {
    expect(charsLatinRunAsOne('用 Python 写 2024 年')).toBe(5);
    expect(zhSortVerdict('chars', ['写一首诗', '写一首关于春天的诗'])).toEqual({ order: [1, 2] });
    expect(zhSortVerdict('chars', ['写一首关于春天的诗', '写一首关于秋天的诗吧'])).toEqual({ doubtful: 'too-close' });
    // 8 characters against 4, but "Python" is one word to a reader: 3 against 4.
    expect(zhSortVerdict('chars', ['用Python写', '写一首诗'])).toEqual({ doubtful: 'readings-disagree' });
    // Punctuation decides: without it the two are 4 and 4.
    expect(zhSortVerdict('chars', ['写一首诗', '写……一首诗？！'])).toEqual({ doubtful: 'readings-disagree' });
    expect(zhCutVerdict('longest', ['写一首诗', '介绍一下中国的四大发明', '翻译'], 1)).toEqual({ order: [2] });
    expect(zhCutVerdict('shortest', ['写一首诗', '介绍一下中国的四大发明', '写首诗'], 1)).toEqual({ doubtful: 'too-close' });
  });

  it('numbering labels collide with spaces left out, either colon and full-width digits', () => {
    const style = { instruction: '问题 {n}：', answer: '答案 {n}：' };
    for (const line of ['问题1：什么', '答案 2: 是的', '答案２：全角', '  问题 12:', '答案　3：']) expect(numberingCollisionIn(style, `前言\n${line}`), line).not.toBeNull();
    for (const line of ['问题是什么：', '关于问题1：', '答案：2']) expect(numberingCollisionIn(style, line), line).toBeNull();
    expect(numberingCollisionIn({ instruction: 'Instruction {n}:\n', answer: 'Answer {n}:\n' }, 'Answer3：')).not.toBeNull();
  });

  it('a Chinese reader sees a wrong count, list, 二条, ASCII punctuation or a missing 。', () => {
    expect(zhMetaLint('请按给出的顺序逐条回答下面的三条指令。')).toEqual([]);
    expect(zhMetaLint('请回答下面的二条指令')).toHaveLength(2);
    expect(zhMetaLint('请回答下面的三条指令, 顺序不变.')).toHaveLength(3);
    expect(zhMetaLint('每个回答开头都要加上“1.”这样的标签。')).toEqual([]);
    expect(zhMetaLint('请回答{where}的三条指令。')).toHaveLength(1);
    expect(zhNumbersIn('下面五条指令中，第 2、5 条不用回答，其余的按原顺序依次作答。', 'maskout')).toEqual({ counts: [5], lists: [[2, 5]] });
    expect(zhNumbersIn('请倒序回答下面的四条指令：先答最后一条，最前面的一条放到最后答。', 'permute')).toEqual({ counts: [4], lists: [] });
    expect(zhNumbersIn('请按 3、1、2 这个顺序，逐条回答下面的三条请求。', 'permute')).toEqual({ counts: [3], lists: [[3, 1, 2]] });
  });

  it('hand-made mosaics: the judge passes a true one and flags wrong order, lang, count and a colliding label', () => {
    const pairs: Pair[] = [
      { source: 0, prompt: '北京有什么好玩的？', response: '故宫、长城和颐和园。' },
      { source: 1, prompt: '上海的简称是什么？', response: '沪。' },
      { source: 2, prompt: '广州的美食', response: '早茶和烧腊。' },
    ];
    const alpha = CHINESE.permute.alpha?.many[0];
    const good = handMade(pairs, { strategy: 'permute', rule: 'alpha', order: [1, 3, 2], masked: [], numbered: false }, fill(alpha, 3));
    expect(mosaicProblems(good, pairs, false)).toEqual([]);

    const wrongOrder = handMade(pairs, { strategy: 'permute', rule: 'alpha', order: [1, 2, 3], masked: [], numbered: false }, fill(alpha, 3));
    expect(mosaicProblems(wrongOrder, pairs, false).join('\n')).toMatch(/^\[sort\] zh permute alpha gave \[1,2,3\]/);

    const english = { ...good, meta: { ...good.meta, lang: 'en' } };
    expect(mosaicProblems(english, pairs, false).join('\n')).toMatch(/\[sort\] en permute alpha chosen but doubtful \(script\)[\s\S]*\[layout\]/);

    const twoForThree = handMade(pairs, { strategy: 'permute', rule: 'alpha', order: [1, 3, 2], masked: [], numbered: false }, fill(alpha, 2));
    expect(mosaicProblems(twoForThree, pairs, false).join('\n')).toMatch(/\[layout\]/);

    const masked = handMade(pairs, { strategy: 'maskout', rule: 'random', order: [1, 3], masked: [2], numbered: true }, fill(CHINESE.maskout.random?.one?.[0], 3, { list: [2] }));
    expect(mosaicProblems(masked, pairs, false)).toEqual([]);
    const colliding = [pairs[0] as Pair, pairs[1] as Pair, { ...(pairs[2] as Pair), response: '早茶：\n问题1：吃什么？\n答：烧腊。' }];
    const collides = handMade(colliding, { strategy: 'maskout', rule: 'random', order: [1, 3], masked: [2], numbered: true }, fill(CHINESE.maskout.random?.one?.[0], 3, { list: [2] }));
    expect(mosaicProblems(collides, colliding, false).join('\n')).toMatch(/^\[collide\] numbering "答案 \{n\}：" vs line "问题1：吃什么？" of response 3/);

    const chars = CHINESE.permute.chars?.many[0];
    const doubtfulChars = [
      { source: 0, prompt: '用Python写', response: 'print()' },
      { source: 1, prompt: '写一首诗', response: '春眠不觉晓。' },
      { source: 2, prompt: '介绍一下中国的四大发明，每项一句话', response: '造纸术、印刷术、火药、指南针。' },
    ];
    const charsMosaic = handMade(doubtfulChars, { strategy: 'permute', rule: 'chars', order: [2, 1, 3], masked: [], numbered: false }, fill(chars, 3));
    expect(mosaicProblems(charsMosaic, doubtfulChars, false).join('\n')).toMatch(/^\[sort\] zh permute chars chosen but doubtful \(readings-disagree\)/);
  });
});

// ---------------------------------------------------------------- the Chinese alpaca fixture

const ZH_FIXTURE = fileURLToPath(new URL('../fixtures/zh/alpaca_zh.json', import.meta.url));

async function fixturePairs(): Promise<Pair[]> {
  return (await readPairs([ZH_FIXTURE])).map((p, source) => ({ ...p, source }));
}

describe('the Chinese alpaca fixture', () => {
  it('Chinese meta-instructions, true as read, reaching every kind of rule Chinese offers', { timeout: 60_000 }, async () => {
    const pairs = await fixturePairs();
    expect(pairs.length).toBe(80);
    const tally = new Map<string, number>();
    const problems: string[] = [];
    let multi = 0;
    const notChinese: string[] = [];
    for (const seed of [7, 2024, 99, 5, 31337, 11]) {
      const { mosaics } = await runAll(pairs, { seed, epochs: 2, maxK: 10, maxTokens: 4000, ...ALL });
      problems.push(...checkRun(mosaics, pairs, false, tally), ...coverageProblems(mosaics, pairs, 2));
      for (const m of mosaics) {
        if (m.meta.sources.length < 2) continue;
        multi++;
        const src = m.meta.sources.map((s) => pairs[s] as Pair);
        const meta = metaInstructionOf(
          m,
          src.map((p) => p.prompt),
          src.map((p) => p.response),
        );
        const english = meta === null ? null : englishSentenceIn(meta);
        if (m.meta.lang !== 'zh' || meta === null || !HAN_LETTER.test(meta) || english !== null) {
          notChinese.push(`${m.meta.lang} ${show(meta ?? m.prompt)}${english ? ` (English: ${english})` : ''}`);
        }
      }
    }
    expect(problems.length, summarize(problems)).toBe(0);
    expect(multi).toBeGreaterThan(100);
    expect(notChinese.length, notChinese.slice(0, 5).join('\n')).toBeLessThanOrEqual(Math.floor(multi / 100));
    // Every rule Chinese offers is reached; no word rule ever is.
    const reached = (kinds: readonly string[]) => sumOf(tally, kinds.map((k) => `zh:${k}`));
    const want: Record<string, readonly string[]> = {
      alpha: ['permute:alpha', 'permute:alpha-desc'],
      chars: ['permute:chars', 'permute:chars-desc'],
      longest: ['maskout:longest'],
      shortest: ['maskout:shortest'],
      'permute random': ['permute:random'],
      'maskout random': ['maskout:random'],
      reverse: ['permute:reverse'],
      'odd/even order': ['permute:odd-even', 'permute:even-odd'],
      'odd/even skip': ['maskout:odd', 'maskout:even'],
      format: ['format'],
    };
    const missing = Object.keys(want).filter((k) => reached(want[k] as readonly string[]) === 0);
    expect(missing, show([...tally].filter(([k]) => k.startsWith('zh:')))).toEqual([]);
    expect(reached(['permute:words', 'permute:words-desc'])).toBe(0);
  });
});

// ---------------------------------------------------------------- adversarial Chinese groups

/** Starts where polyphones, same syllables and tone-only pairs decide pinyin order. */
const HEADS = [
  '长城', '长大', '长江', '行走', '银行', '行长', '重要', '重庆', '重新', '是', '事', '市场', '试', '解释', '介绍', '借鉴',
  '张家界', '常见', '朝代', '朝阳', '音乐', '快乐', '还是', '还钱', '会计', '会议', '睡觉', '觉得', '都市', '都是',
  '北京', '上海', '广州', '请', '写', '用', '给', '把', '简述', '描述', '说明', '分析', '比较', '总结', '翻译', '列出', '推荐',
];
const BODY = [
  '一下', '这篇文章', '的', '历史', '主要', '内容', '意思', '原因', '方法', '特点', '为什么', '如何', '三个', '例子',
  '简单地', '详细', '故事', '春天', '中国', '熊猫', '学习', '城市', '银行卡', '长短', '重量', '行业', '音乐会', '数据',
  '程序', '问题', '答案', '指令', '是', '事', '长', '行', '重',
];
const LATIN = ['Python', 'AI', 'GDP', 'API', '3D', '2024年', '100', 'iPhone 15', 'C++', 'OK', 'HTTP 协议', 'x', '3.14'];
const INNER_PUNCT = ['，', '、', '：', '；', '（注意）', '——', '……', '“内卷”', '《红楼梦》', '！', ' ', '\n'];

const zhPieceArb = fc.oneof({ weight: 6, arbitrary: fc.constantFrom(...BODY) }, { weight: 2, arbitrary: fc.constantFrom(...LATIN) }, { weight: 2, arbitrary: fc.constantFrom(...INNER_PUNCT) });

/** "解释一下GDP的意思？", "“长城”有多长", "（1）写一首诗", "问题1：…" */
const zhPromptArb: fc.Arbitrary<string> = fc
  .tuple(
    fc.constantFrom('', '', '', '“', '《', '  ', '【注意】', '1、', '（1）', '3. ', '问题1：', 'Q1：'),
    fc.constantFrom(...HEADS),
    fc.oneof(fc.array(zhPieceArb, { maxLength: 3 }), fc.array(zhPieceArb, { minLength: 4, maxLength: 14 })),
    fc.constantFrom('。', '？', '！', '', '?', ' '),
  )
  .map(([start, head, body, end]) => {
    const text = head + body.join('') + end;
    if (start === '“') return `“${head}”${body.join('')}${end}`;
    if (start === '《') return `《${head}》${body.join('')}${end}`;
    return start + text;
  });

/** One text and its near twins: a character, a space, a mark or a Latin word apart. */
const zhNearFamilyArb: fc.Arbitrary<string[]> = fc
  .tuple(fc.constantFrom(...HEADS), fc.array(fc.constantFrom(...BODY), { minLength: 2, maxLength: 12 }), fc.constantFrom(...LATIN))
  .map(([head, body, latin]) => {
    const base = head + body.join('');
    return [base, `${base}吗`, `${base}。`, `${head} ${body.join('')}`, `${base}${latin}`, base.slice(0, -1), `${base}，请详细说明`, `${head}${latin}${body.join('')}`];
  })
  .chain((family) => fc.subarray(family, { minLength: 2, maxLength: 5 }));

/** Prompts whose pinyin order hangs on a polyphone, a shared syllable or a tone. */
const PINYIN_FAMILIES = [
  ['长城有多长', '张家界在哪里', '常见的问题'],
  ['是什么意思', '事情的经过', '市场在哪'],
  ['解释一下', '介绍一下', '借鉴经验'],
  ['银行卡怎么办', '音乐会几点开始', '因为什么'],
  ['重庆火锅', '重要的事', '中国的首都'],
  ['行长说了什么', '行走的要领', '航天知识'],
  ['长大以后', '掌握方法', '朝阳公园'],
  ['都市生活', '都是谁', '读书方法'],
];
const pinyinFamilyArb: fc.Arbitrary<string[]> = fc
  .tuple(fc.constantFrom(...PINYIN_FAMILIES), fc.constantFrom('', '？', '。', '，请说明'))
  .chain(([family, end]) => fc.subarray(family.map((p) => p + end), { minLength: 2 }));

const zhParagraphArb: fc.Arbitrary<string> = fc
  .array(fc.array(fc.constantFrom(...BODY, ...HEADS), { minLength: 3, maxLength: 12 }), { minLength: 1, maxLength: 4 })
  .map((sentences) => sentences.map((s) => `${s.join('')}。`).join(''));

const ZH_LABEL_LINES = [
  '问题1：什么是光合作用？', '答案 2: 是的', '答案2：不是', '【3】第三项', '指令 3：先做这个', '指令3:', '回答1：好的', '回答 2：\n可以',
  '### 任务 4', '###任务4', '### 回答 1', 'Q1：是什么', 'A2: 这个', 'a3：小写', '问题１：全角数字', '（２）全角括号', '(3) 半角括号',
  '1、第一', '  2、缩进的第二', '1. 第一步', '１．全角点',
];
const ZH_MARKERS = ['【开始】', '【结束】', '【回答开始】', '【回答结束】', '〔答〕', '〔完〕', '<answer>', '</answer>', '<<<', '>>>', '=== 开始 ===', '===开始===', '=== 结束 ==='];
const ZH_SEPARATORS = ['---', '-----', '* * *', '###', '———'];

const zhListArb: fc.Arbitrary<string> = fc
  .tuple(fc.constantFrom('', '步骤如下：\n', '好的。\n\n'), fc.array(fc.array(fc.constantFrom(...BODY), { minLength: 1, maxLength: 4 }), { minLength: 2, maxLength: 5 }), fc.constantFrom('、', '. ', '）', '．'))
  .map(([intro, items, mark]) => intro + items.map((w, i) => (mark === '）' ? `（${i + 1}）` : `${i + 1}${mark}`) + w.join('')).join('\n'));

const zhWithTrap = (trap: fc.Arbitrary<string>, base: fc.Arbitrary<string>) =>
  fc.tuple(base, trap, fc.constantFrom('before', 'after', 'inline', 'blank')).map(([text, t, where]) =>
    where === 'before' ? `${t}\n${text}` : where === 'after' ? `${text}\n${t}` : where === 'inline' ? `${text}${t}` : `${t}\n\n${text}`,
  );

const zhResponseArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 5, arbitrary: zhParagraphArb },
  { weight: 3, arbitrary: zhListArb },
  { weight: 2, arbitrary: zhWithTrap(fc.constantFrom(...ZH_LABEL_LINES), zhParagraphArb) },
  { weight: 2, arbitrary: zhWithTrap(fc.constantFrom(...ZH_MARKERS), zhParagraphArb) },
  { weight: 1, arbitrary: zhWithTrap(fc.constantFrom(...ZH_SEPARATORS), zhParagraphArb) },
  { weight: 1, arbitrary: fc.tuple(zhParagraphArb, zhParagraphArb).map(([a, b]) => `${a}\n\n${b}`) },
);

const zhPromptTrapArb: fc.Arbitrary<string> = fc.oneof(
  { weight: 8, arbitrary: zhPromptArb },
  { weight: 1, arbitrary: zhWithTrap(fc.constantFrom(...ZH_LABEL_LINES, ...ZH_MARKERS), zhPromptArb) },
  { weight: 1, arbitrary: fc.tuple(zhPromptArb, zhParagraphArb).map(([a, b]) => `${a}\n${b}`) },
);

const zhPairsArb: fc.Arbitrary<Pair[]> = fc
  .tuple(
    fc.array(fc.tuple(zhPromptTrapArb, zhResponseArb), { minLength: 6, maxLength: 28 }),
    fc.array(fc.oneof(zhNearFamilyArb, pinyinFamilyArb), { maxLength: 4 }),
    fc.array(zhResponseArb, { minLength: 12, maxLength: 12 }),
  )
  .chain(([singles, families, extra]) => {
    const familyPairs = families.flat().map((p, i) => [p, extra[i % extra.length] as string] as const);
    return fc.shuffledSubarray([...singles, ...familyPairs], { minLength: singles.length + familyPairs.length });
  })
  .map(toTaggedPairs);

const optionsArb = fc.record({
  seed: fc.nat({ max: 1_000_000 }),
  epochs: fc.integer({ min: 1, max: 2 }),
  maxK: fc.integer({ min: 2, max: 10 }),
  kDist: fc.constantFrom(...K_DISTRIBUTIONS),
});

describe('adversarial Chinese groups', () => {
  it('polyphones, same syllables, Latin inside Chinese, Chinese labels and lists: every mosaic true as read', { timeout: 60_000 }, async () => {
    const tally = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(fc.limitShrink(zhPairsArb, 150), fc.limitShrink(optionsArb, 20), async (pairs, o) => {
        const { mosaics } = await runAll(pairs, { ...o, maxTokens: 4000, ...ALL });
        const problems = [...checkRun(mosaics, pairs, true, tally), ...coverageProblems(mosaics, pairs, o.epochs)];
        if (problems.length > 0) throw new Error(summarize(problems));
      }),
      { seed: 8801, numRuns: 300 },
    );
    const zhKinds = (kinds: readonly string[]) => sumOf(tally, kinds.map((k) => `zh:${k}`));
    const report = show([...tally].filter(([k]) => k.startsWith('zh:') || k.startsWith('oracle-allows:zh:')));
    expect(zhKinds(['permute:alpha', 'permute:alpha-desc']), report).toBeGreaterThan(5);
    expect(zhKinds(['permute:chars', 'permute:chars-desc']), report).toBeGreaterThan(5);
    expect(zhKinds(['maskout:longest', 'maskout:shortest']), report).toBeGreaterThan(10);
    expect(zhKinds(['permute:words', 'permute:words-desc']), report).toBe(0);
    for (const r of ['alpha', 'chars', 'longest-1']) expect(tally.get(`oracle-allows:zh:${r}`) ?? 0, `${r} ${report}`).toBeGreaterThan(10);
  });
});

// ---------------------------------------------------------------- English and Chinese together

/** Problems with languages: a mosaic whose prompts are of two languages, or whose meta.lang is not theirs. */
function languageProblems(mosaics: readonly Mosaic[], pairs: readonly Pair[]): string[] {
  const out: string[] = [];
  for (const m of mosaics) {
    const prompts = m.meta.sources.map((s) => (pairs[s] as Pair).prompt);
    const langs = new Set(prompts.map(scriptLanguage).filter((l) => l !== null));
    if (langs.size > 1) out.push(`[lang] mosaic mixes ${[...langs].join(' and ')}: ${show(prompts)}`);
    else if (langs.size === 1 && !langs.has(m.meta.lang as 'en' | 'zh')) out.push(`[lang] meta.lang ${m.meta.lang} for ${[...langs][0]} prompts ${show(prompts)}`);
  }
  return out;
}

describe('a dataset in English and Chinese', () => {
  it('the fixture shuffled with English pairs: no mosaic mixes languages, each speaks its prompts language', { timeout: 60_000 }, async () => {
    const zh = await fixturePairs();
    const englishArb = fc.array(fc.tuple(englishPromptArb, englishParagraphArb), { minLength: 10, maxLength: 40 });
    const tally = new Map<string, number>();
    await fc.assert(
      fc.asyncProperty(
        englishArb,
        fc.subarray(zh, { minLength: 10 }),
        fc.array(fc.tuple(zhPromptArb, zhResponseArb), { maxLength: 10 }),
        fc.limitShrink(optionsArb, 20),
        async (english, zhPairs, zhGenerated, o) => {
          const texts = [...english, ...zhPairs.map((p) => [p.prompt, p.response] as const), ...zhGenerated];
          // Interleave by a fixed stride so that neither language comes as one block.
          const mixed = texts.map((t, i) => [t, (i * 7919) % texts.length] as const).sort((a, b) => a[1] - b[1]).map(([t]) => t);
          const pairs = toTaggedPairs(mixed);
          const { mosaics } = await runAll(pairs, { ...o, maxTokens: 4000, ...ALL });
          const problems = [...languageProblems(mosaics, pairs), ...checkRun(mosaics, pairs, true, tally), ...coverageProblems(mosaics, pairs, o.epochs)];
          if (problems.length > 0) throw new Error(summarize(problems));
        },
      ),
      { seed: 8802, numRuns: 60 },
    );
    expect(sumOf(tally, ['en:permute:alpha', 'en:permute:words', 'en:maskout:longest']), show([...tally])).toBeGreaterThan(0);
    expect(sumOf(tally, ['zh:permute:alpha', 'zh:permute:chars', 'zh:maskout:longest', 'zh:maskout:shortest']), show([...tally])).toBeGreaterThan(0);
  });
});

// ---------------------------------------------------------------- full-width whitespace

/**
 * Chinese paragraphs are indented with the full-width space 　 (U+3000), and a line holding
 * only such spaces is as blank as an empty one. A reader therefore takes "　　1、大熊猫" for
 * a "{n}、" label and "\n　　\n" for the blank line between answers. The README promises no
 * label or separator "occurs in the group's texts": these two check it where the texts are
 * ordinary Chinese typography.
 */
describe('full-width whitespace, as a Chinese reader sees it', () => {
  async function judgeFixtureWith(responses: Readonly<Record<number, string>>): Promise<{ problems: string[]; tally: Map<string, number> }> {
    const pairs = (await fixturePairs()).slice(0, 16).map((p) => ({ ...p, response: responses[p.source] ?? p.response }));
    const tally = new Map<string, number>();
    const problems: string[] = [];
    for (let seed = 1; seed <= 12; seed++) {
      const { mosaics } = await runAll(pairs, { seed, epochs: 2, maxK: 8, maxTokens: 4000, ...ALL });
      problems.push(...checkRun(mosaics, pairs, false, tally), ...coverageProblems(mosaics, pairs, 2));
      for (const m of mosaics) if (m.meta.sources.length >= 2) tally.set(m.meta.numbered ? 'numbered' : 'unnumbered', (tally.get(m.meta.numbered ? 'numbered' : 'unnumbered') ?? 0) + 1);
    }
    return { problems, tally };
  }

  it('a label indented with full-width spaces is still a label', { timeout: 30_000 }, async () => {
    const { problems, tally } = await judgeFixtureWith({
      0: '大熊猫的特点：\n　　1、爱吃竹子\n　　2、性情温和',
      1: '　　（1）秋风\n　　（2）落叶',
      3: '　问题1：什么是光合作用？\n　答案1：植物利用光能制造有机物。',
      5: '　　【1】函数定义\n　　【2】循环判断',
      7: '　　1. 标题一\n　　2. 标题二',
      8: '　Q1：绿萝\n　A1：好养',
      10: '　　### 任务 1\n读题。',
    });
    expect(tally.get('numbered') ?? 0, show([...tally])).toBeGreaterThan(10);
    expect(problems.length, summarize(problems)).toBe(0);
  });

  it('a line of full-width spaces is a blank line', { timeout: 30_000 }, async () => {
    const { problems, tally } = await judgeFixtureWith({
      0: '大熊猫是中国特有的动物。\n　　\n它们以竹子为主食。',
      1: '秋风一吹，银杏叶就黄了。\n　\n天空高而蓝。',
    });
    expect(tally.get('unnumbered') ?? 0, show([...tally])).toBeGreaterThan(10);
    expect(problems.length, summarize(problems)).toBe(0);
  });
});
