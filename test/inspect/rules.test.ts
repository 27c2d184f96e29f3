/**
 * inspect's rule section: over datasets built so that the answer is known by
 * construction, each rule is reported unavailable for the reason the data forces.
 */
import { describe, expect, it } from 'vitest';
import { RuleSampler } from '../../src/inspect/rule-availability.js';
import type { Pair } from '../../src/types.js';

function sample(prompts: readonly string[], response = (i: number) => `Reply ${String.fromCharCode(97 + (i % 26))}${i}`) {
  const sampler = new RuleSampler();
  prompts.forEach((prompt, source) => sampler.add({ source, prompt, response: response(source) } as Pair));
  return sampler.result();
}

const share = (r: NonNullable<ReturnType<typeof sample>>, kind: string, reason: string) => (r.unavailable[kind]?.[reason as 'ties'] ?? 0) / r.groups;

describe('RuleSampler', () => {
  it('Chinese prompts are decided in Chinese: no word rule (the pack has none), pinyin order where it is clear', () => {
    const zh = ['写一首关于秋天的诗', '把这句话翻译成英文', '列出三种水果', '解释一下光合作用的原理', '给我讲个笑话吧', '总结这篇文章的要点'];
    const r = sample(Array.from({ length: 60 }, (_, i) => `${zh[i % zh.length]}${i}`)) as NonNullable<ReturnType<typeof sample>>;
    expect(r.groups).toBe(1000);
    for (const kind of ['permute:words', 'permute:words-desc']) expect(share(r, kind, 'language'), kind).toBe(1);
    // The six openings differ in pinyin at their first character: only repeats tie.
    expect(share(r, 'permute:alpha', 'script')).toBe(0);
    expect(share(r, 'permute:alpha', 'ties') + share(r, 'permute:alpha', 'too-close')).toBeLessThan(1);
    expect(r.unavailable['permute:reverse']).toBeUndefined();
  });

  it('identical prompts: every sort ties, in every group', () => {
    const r = sample(Array.from({ length: 40 }, () => 'Name a colour of the rainbow'));
    for (const kind of ['permute:alpha', 'permute:words', 'permute:chars-desc']) expect(share(r as NonNullable<typeof r>, kind, 'ties'), kind).toBe(1);
  });

  it('prompts that start with a digit: no alphabetical order', () => {
    const r = sample(Array.from({ length: 40 }, (_, i) => `${i + 1} facts about ${'planets moons stars comets'.split(' ')[i % 4]}`));
    expect(share(r as NonNullable<typeof r>, 'permute:alpha', 'script')).toBe(1);
  });

  it('two pairs: every group has two, so odd/even rules are too small', () => {
    const r = sample(['Name a planet', 'Write a very long and winding poem about the sea at night']);
    expect(r?.groups).toBe(1000);
    for (const kind of ['permute:odd-even', 'maskout:even']) expect(share(r as NonNullable<typeof r>, kind, 'size'), kind).toBe(1);
    expect(r?.unavailable['permute:words']).toBeUndefined();
  });

  it('responses that hold every marker: format collides in every group', () => {
    const markers = '<answer></answer> <response> [BEGIN] <<< === START === @@ begin @@';
    const r = sample(Array.from({ length: 30 }, (_, i) => `Question number ${i}`), () => markers);
    expect(share(r as NonNullable<typeof r>, 'format', 'collision')).toBe(1);
  });

  it('is the same for the same pairs, and null for fewer than two', () => {
    const prompts = Array.from({ length: 300 }, (_, i) => `Describe item ${'x'.repeat(i % 17)} ${i}`);
    expect(sample(prompts)).toEqual(sample(prompts));
    expect(sample(['only one'])).toBeNull();
  });
});
