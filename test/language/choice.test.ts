/** Which pack speaks for a pair, and that the planner never mixes languages in a mosaic. */
import { describe, expect, it } from 'vitest';
import { ENGLISH } from '../../src/language/english.js';
import { chooseLanguages, languageOf } from '../../src/language/choice.js';
import type { LanguagePack } from '../../src/language/pack.js';
import { GroupView } from '../../src/mosaic/group-view.js';
import { permuteOrder, permuteUnavailable } from '../../src/strategies/permute.js';
import type { Pair } from '../../src/types.js';
import { runAll } from '../helpers/unit-run.js';
import { THROWING_RNG } from '../helpers/unit-oracle.js';

// English sentences, Han measures: enough to test language machinery without the Chinese pack.
const HAN: LanguagePack = { ...ENGLISH, name: 'han', locale: 'zh', scripts: ['Han'], alphabetScripts: ['Han'], alphabetHead: { unit: 'chars', count: 3 }, cutMeasure: 'chars' };

describe('chooseLanguages and languageOf', () => {
  const auto = chooseLanguages('auto', [ENGLISH, HAN]);

  it('auto: each prompt gets the pack whose scripts hold most of its letters', () => {
    expect(languageOf('Write a poem', auto)).toBe(0);
    expect(languageOf('写一首关于秋天的诗', auto)).toBe(1);
    expect(languageOf('用 Python 写一个排序函数', auto)).toBe(1); // 9 Han letters against 6 Latin
    expect(languageOf('Translate 你好 into English please', auto)).toBe(0);
    expect(languageOf('12345 + 678', auto)).toBe(0); // no letters: the first pack
    expect(languageOf('Привет мир', auto)).toBe(0); // a script no pack claims: the first pack
  });

  it('a fixed language speaks for every pair; an unknown name is a usage error naming --lang', () => {
    const zh = chooseLanguages('han', [ENGLISH, HAN]);
    expect(languageOf('Write a poem', zh)).toBe(1);
    expect(() => chooseLanguages('fr', [ENGLISH, HAN])).toThrow(/--lang|unknown language "fr"; accepted: auto, en, han/);
  });

  it('a user pack replaces the built-in one of its name, and new names are added after', () => {
    const mine = { ...ENGLISH, version: 'mine' };
    const extra = { ...HAN, name: 'extra' };
    const c = chooseLanguages('auto', [ENGLISH, HAN], [extra, mine]);
    expect(c.packs).toEqual([mine, HAN, extra]);
  });
});

describe('pinyin order for Han', () => {
  const order = (prompts: string[]) => {
    const v = new GroupView(prompts, HAN);
    return permuteUnavailable('alpha', v) ?? permuteOrder('alpha', v, THROWING_RNG);
  };

  it('sorts by pinyin read in context', () => {
    expect(order(['中国历史', '阿姨好', '北京烤鸭'])).toEqual([2, 3, 1]);
    expect(order(['写一首诗', '写一篇文章'])).toEqual([2, 1]);
  });

  it('is not offered where the collator files a character under another reading than the context gives', () => {
    // A reader reads 长城 as chang cheng (before yin); the collator files 长 under zhang.
    expect(order(['长城', '银行'])).toBe('readings');
  });

  it('is not offered where the same syllable decides (tone or strokes would)', () => {
    expect(order(['是不是', '事情多'])).toBe('too-close');
  });

  it('字数 must agree when a Latin word or a number counts as one character', () => {
    const v = (prompts: string[]) => permuteUnavailable('chars', new GroupView(prompts, HAN));
    // Without whitespace 15 against 12 characters; with "Python3" as one, 9 against 12.
    expect(v(['用Python3写一个函数吧', '请解释一下什么是机器学习'])).toBe('readings');
    expect(v(['写一首诗', '请解释一下什么是机器学习和深度学习'])).toBeNull();
  });

  it('must be decided within three characters', () => {
    expect(order(['请写一首诗', '请写一篇文章'])).toBe('too-close');
  });
});

describe('the planner keeps languages apart', () => {
  it('every mosaic of a mixed dataset speaks one language, its instructions', async () => {
    const pairs: Pair[] = [];
    for (let i = 0; i < 40; i++) {
      pairs.push({ source: 2 * i, prompt: `Describe item number ${i} briefly`, response: `Item ${i}.` });
      pairs.push({ source: 2 * i + 1, prompt: `请描述第${i}号物品`, response: `物品${i}。` });
    }
    const { mosaics } = await runAll(pairs, { seed: 3, epochs: 2 });
    expect(mosaics.some((m) => m.meta.lang === 'zh' && m.meta.sources.length > 1)).toBe(true);
    expect(mosaics.some((m) => m.meta.lang === 'en' && m.meta.sources.length > 1)).toBe(true);
    for (const m of mosaics) {
      const han = m.meta.sources.map((s) => s % 2 === 1);
      expect(new Set(han).size, `mosaic of sources ${m.meta.sources}`).toBe(1);
      expect(m.meta.lang).toBe(han[0] ? 'zh' : 'en');
      if (m.meta.sources.length > 1) expect(/\p{Script=Han}/u.test(m.prompt.split('\n\n')[0] ?? '') || /\p{Script=Han}/u.test(m.prompt.split('\n\n').at(-1) ?? '')).toBe(han[0]);
    }
  });

  it('--lang en puts every pair in one bucket, speaking English', async () => {
    const pairs: Pair[] = Array.from({ length: 30 }, (_, i) => ({ source: i, prompt: i % 3 ? `Say ${i} twice` : `说${i}两遍`, response: `${i} ${i}` }));
    const { mosaics } = await runAll(pairs, { seed: 5, lang: 'en' });
    expect(mosaics.every((m) => m.meta.lang === 'en')).toBe(true);
    expect(mosaics.some((m) => new Set(m.meta.sources.map((s) => s % 3 === 0)).size === 2), 'a mosaic mixes scripts').toBe(true);
  });
});

describe('packs a library caller passes', () => {
  it('are checked as a file would be: a sentence without its placeholder is refused naming the key', async () => {
    const broken = { ...ENGLISH, name: 'broken', permute: { ...ENGLISH.permute, random: { many: ['Answer in any order.'] } } };
    await expect(runAll([{ source: 0, prompt: 'p', response: 'r' }], { templates: [broken] })).rejects.toThrow(/pack "broken": permute\.random\.many\[0\]: .*\{sequence\}/);
  });
});

describe('a pair that goes out plain', () => {
  it('keeps its language in meta.lang when its format sample is over the budget', async () => {
    const pairs: Pair[] = [{ source: 0, prompt: '𠀀ʹ', response: 'the' }];
    // Format is tried first; its Chinese clause does not fit 59 tokens, so the pair goes out as it came.
    const { mosaics } = await runAll(pairs, { seed: 346286, epochs: 1, maxK: 1, maxTokens: 59, strategies: ['format'] });
    expect(mosaics.map((m) => [m.meta.strategy, m.meta.lang])).toEqual([['primary', 'zh']]);
  });
});
