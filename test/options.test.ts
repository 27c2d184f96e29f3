import { describe, expect, it } from 'vitest';
import { UsageError } from '../src/errors.js';
import { resolveAugmentOptions, type AugmentOptions } from '../src/options.js';
import { MASKOUT_RULES, PERMUTE_RULES } from '../src/types.js';

async function usageError(options: AugmentOptions): Promise<UsageError> {
  try {
    await resolveAugmentOptions(options);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return e as UsageError;
  }
  throw new Error(`accepted ${JSON.stringify(options)}`);
}

describe('resolveAugmentOptions defaults', () => {
  it('fills every default', async () => {
    const o = await resolveAugmentOptions();
    expect(o.seed).toBe(42);
    expect(o.epochs).toBe(4);
    expect(o.maxK).toBe(10);
    expect(o.kDist).toBe('uniform');
    expect(o.maxTokens).toBe(2048);
    expect(o.tokenizer.name).toBe('llama2');
    expect(o.tokenizer.exact).toBe(true);
    expect(o.choices.map((c) => [c.strategy, c.weight])).toEqual([
      ['primary', 1],
      ['format', 1],
      ['permute', 1],
      ['maskout', 1],
    ]);
    expect(o.choices[0]?.rules).toEqual([]);
    expect(o.choices[1]?.rules).toEqual([]);
    expect(o.choices[2]?.rules).toEqual([...PERMUTE_RULES]);
    expect(o.choices[3]?.rules).toEqual([...MASKOUT_RULES]);
  });

  it('an empty object is the same as no options', async () => {
    // Two loads of a tokenizer are different objects; compare it by name.
    const { tokenizer: a, ...fromEmpty } = await resolveAugmentOptions({});
    const { tokenizer: b, ...fromNothing } = await resolveAugmentOptions();
    expect(fromEmpty).toEqual(fromNothing);
    expect(a.name).toBe(b.name);
  });
});

describe('resolveAugmentOptions numbers', () => {
  it('accepts numbers written as strings (as the CLI passes them)', async () => {
    const o = await resolveAugmentOptions({ seed: '7', epochs: '2', maxK: '3', maxTokens: '100' });
    expect([o.seed, o.epochs, o.maxK, o.maxTokens]).toEqual([7, 2, 3, 100]);
  });

  it('accepts seed 0', async () => {
    expect((await resolveAugmentOptions({ seed: 0 })).seed).toBe(0);
  });

  const FLAGS = { epochs: '--epochs', maxK: '--max-k', maxTokens: '--max-tokens' } as const;
  for (const [key, flag] of Object.entries(FLAGS)) {
    for (const bad of ['12abc', '1.5', '0', '-3', '', '1e3', 0, 1.5, -2, Number.NaN]) {
      it(`${key} = ${JSON.stringify(bad)} is a usage error naming ${flag}`, async () => {
        const e = await usageError({ [key]: bad } as AugmentOptions);
        expect(e.flag).toBe(flag);
        expect(e.message).toContain(flag);
      });
    }
  }

  it('a negative or non-numeric seed is a usage error naming --seed', async () => {
    for (const bad of ['-1', 'abc', -1, 2.5]) expect((await usageError({ seed: bad })).flag).toBe('--seed');
  });

  it('says what was expected when a number is malformed', async () => {
    // The schema defines "expected a whole number" for the string form; the user should see it.
    for (const bad of ['12abc', '1.5']) {
      const e = await usageError({ epochs: bad });
      expect(e.message).toMatch(/whole number/);
    }
  });
});

describe('resolveAugmentOptions choices', () => {
  it('unknown strategy names --strategies', async () => {
    const e = await usageError({ strategies: 'primary,shuffle' });
    expect(e.flag).toBe('--strategies');
    expect(e.message).toContain('shuffle');
  });

  it('unknown rules name --permute-rules / --maskout-rules', async () => {
    const p = await usageError({ permuteRules: 'reverse,backwards' });
    expect(p.flag).toBe('--permute-rules');
    expect(p.message).toContain('backwards');
    const m = await usageError({ maskoutRules: ['random', 'middle'] });
    expect(m.flag).toBe('--maskout-rules');
    expect(m.message).toContain('middle');
  });

  it('aliases parse to permute entries with a fixed rule', async () => {
    const o = await resolveAugmentOptions({ strategies: 'primary,reverse,random-order,format' });
    expect(o.choices.map((c) => ({ strategy: c.strategy, rules: [...c.rules], weight: c.weight }))).toEqual([
      { strategy: 'primary', rules: [], weight: 1 },
      { strategy: 'permute', rules: ['reverse'], weight: 1 },
      { strategy: 'permute', rules: ['random'], weight: 1 },
      { strategy: 'format', rules: [], weight: 1 },
    ]);
  });

  it('weights are parsed', async () => {
    const o = await resolveAugmentOptions({ strategies: 'format=3, primary = 0.5 ,maskout' });
    expect(o.choices.map((c) => [c.strategy, c.weight])).toEqual([
      ['format', 3],
      ['primary', 0.5],
      ['maskout', 1],
    ]);
  });

  for (const bad of ['format=0', 'format=-1', 'format=abc', 'format=', 'format=1=2', 'format=Infinity', ',format', 'format,format', '']) {
    it(`bad strategies "${bad}" is a usage error naming --strategies`, async () => {
      expect((await usageError({ strategies: bad })).flag).toBe('--strategies');
    });
  }

  it('rule lists: subsets, arrays, "all" and repeats', async () => {
    const o = await resolveAugmentOptions({ strategies: 'permute,maskout', permuteRules: 'alpha, words,alpha', maskoutRules: ['odd'] });
    expect(o.choices[0]?.rules).toEqual(['alpha', 'words']);
    expect(o.choices[1]?.rules).toEqual(['odd']);
    const all = await resolveAugmentOptions({ strategies: 'permute', permuteRules: 'all' });
    expect(all.choices[0]?.rules).toEqual([...PERMUTE_RULES]);
  });

  it('unknown k distribution, tokenizer and option keys are usage errors', async () => {
    expect((await usageError({ kDist: 'gaussian' })).flag).toBe('--k-dist');
    expect((await usageError({ tokenizer: 'no-such-tokenizer' })).flag).toBe('--tokenizer');
    await usageError({ maxk: 3 } as unknown as AugmentOptions);
  });

  it('accepts a custom token counter', async () => {
    const counter = { name: 'chars', exact: true, count: (t: string) => t.length };
    expect((await resolveAugmentOptions({ tokenizer: counter })).tokenizer).toBe(counter);
  });
});
