import { describe, expect, it } from 'vitest';
import { OptionError, UsageError } from '../src/errors.js';
import { resolveAugmentOptions, type AugmentOptions } from '../src/options.js';
import { MASKOUT_RULES, PERMUTE_RULES } from '../src/types.js';

/** The library takes typed values; these tests pass wrong types on purpose. */
const untyped = (options: Record<string, unknown>) => options as AugmentOptions;

async function usageError(options: AugmentOptions): Promise<UsageError> {
  try {
    await resolveAugmentOptions(options);
  } catch (e) {
    expect(e).toBeInstanceOf(UsageError);
    return e as UsageError;
  }
  throw new Error(`accepted ${JSON.stringify(options)}`);
}

/** The error for options one of which is wrong: it names that option by its key, never a flag. */
async function optionError(options: AugmentOptions, key: string): Promise<OptionError> {
  const e = await usageError(options);
  expect(e).toBeInstanceOf(OptionError);
  const error = e as OptionError;
  expect(error.option).toBe(key);
  expect(error.message.startsWith(`${key}: `), error.message).toBe(true);
  expect(error.message).not.toMatch(/--[a-z]/);
  return error;
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
  it('takes numbers', async () => {
    const o = await resolveAugmentOptions({ seed: 7, epochs: 2, maxK: 3, maxTokens: 100, tokenizer: 'approx' });
    expect([o.seed, o.epochs, o.maxK, o.maxTokens]).toEqual([7, 2, 3, 100]);
  });

  it('accepts seed 0', async () => {
    expect((await resolveAugmentOptions({ seed: 0, tokenizer: 'approx' })).seed).toBe(0);
  });

  // Flag texts are the CLI's to parse: the library refuses a number written as a string.
  for (const key of ['seed', 'epochs', 'maxK', 'maxTokens']) {
    it(`${key} as a string ("7") is refused, naming ${key}`, async () => {
      const e = await optionError(untyped({ [key]: '7' }), key);
      expect(e.detail()).toBe('expected a whole number, found "7"');
    });
  }

  for (const key of ['epochs', 'maxK', 'maxTokens']) {
    for (const bad of [0, 1.5, -2, Number.NaN, 2 ** 60]) {
      it(`${key} = ${bad} is a usage error naming ${key}`, async () => {
        await optionError({ [key]: bad }, key);
      });
    }
  }

  it('says what was expected and what was found', async () => {
    expect((await optionError({ maxK: 0 }, 'maxK')).message).toBe('maxK: expected at least 1, found 0');
    expect((await optionError({ epochs: 1.5 }, 'epochs')).message).toBe('epochs: expected a whole number, found 1.5');
    expect((await optionError({ seed: -1 }, 'seed')).message).toBe('seed: expected at least 0, found -1');
  });
});

describe('resolveAugmentOptions choices', () => {
  it('unknown strategy names strategies', async () => {
    const e = await optionError({ strategies: ['primary', 'shuffle'] }, 'strategies');
    expect(e.message).toContain('shuffle');
  });

  it('a --strategies text is refused: the library takes names or names with weights', async () => {
    const e = await optionError(untyped({ strategies: 'primary,format' }), 'strategies');
    expect(e.detail()).toMatch(/^expected a list of names or an object of name: weight/);
  });

  it('unknown rules name permuteRules / maskoutRules', async () => {
    const p = await optionError(untyped({ permuteRules: ['reverse', 'backwards'] }), 'permuteRules');
    expect(p.message).toContain('backwards');
    const m = await optionError(untyped({ maskoutRules: ['random', 'middle'] }), 'maskoutRules');
    expect(m.message).toContain('middle');
    await optionError(untyped({ permuteRules: 'alpha,words' }), 'permuteRules');
  });

  it('aliases become permute entries with a fixed rule', async () => {
    const o = await resolveAugmentOptions({ strategies: ['primary', 'reverse', 'random-order', 'format'], tokenizer: 'approx' });
    expect(o.choices.map((c) => ({ strategy: c.strategy, rules: [...c.rules], weight: c.weight }))).toEqual([
      { strategy: 'primary', rules: [], weight: 1 },
      { strategy: 'permute', rules: ['reverse'], weight: 1 },
      { strategy: 'permute', rules: ['random'], weight: 1 },
      { strategy: 'format', rules: [], weight: 1 },
    ]);
  });

  it('weights, in the order given', async () => {
    const o = await resolveAugmentOptions({ strategies: { format: 3, primary: 0.5, maskout: 1 }, tokenizer: 'approx' });
    expect(o.choices.map((c) => [c.strategy, c.weight])).toEqual([
      ['format', 3],
      ['primary', 0.5],
      ['maskout', 1],
    ]);
  });

  const BAD: ReadonlyArray<AugmentOptions['strategies']> = [
    { format: 0 },
    { format: -1 },
    { format: Number.POSITIVE_INFINITY },
    { format: Number.NaN },
    ['format', 'format'],
    [],
    {},
  ];
  for (const bad of BAD) {
    it(`bad strategies ${JSON.stringify(bad)} is a usage error naming strategies`, async () => {
      await optionError({ strategies: bad }, 'strategies');
    });
  }

  it('rule lists: subsets, "all" and repeats', async () => {
    const o = await resolveAugmentOptions({ strategies: ['permute', 'maskout'], permuteRules: ['alpha', 'words', 'alpha'], maskoutRules: ['odd'], tokenizer: 'approx' });
    expect(o.choices[0]?.rules).toEqual(['alpha', 'words']);
    expect(o.choices[1]?.rules).toEqual(['odd']);
    const all = await resolveAugmentOptions({ strategies: ['permute'], permuteRules: 'all', tokenizer: 'approx' });
    expect(all.choices[0]?.rules).toEqual([...PERMUTE_RULES]);
  });

  it('unknown k distribution, tokenizer, language and option keys are usage errors', async () => {
    await optionError(untyped({ kDist: 'gaussian' }), 'kDist');
    const tokenizer = await optionError({ tokenizer: 'no-such-tokenizer' }, 'tokenizer');
    expect(tokenizer.detail()).toContain('"no-such-tokenizer" is not a known tokenizer name');
    await optionError({ lang: 'xx', tokenizer: 'approx' }, 'lang');
    await optionError({ templates: 'no-such-pack.yaml', tokenizer: 'approx' }, 'templates');
    const unknown = await usageError(untyped({ maxk: 3 }));
    expect(unknown.message).toBe('unknown option "maxk"');
  });

  it('an error about one option names another by its key too', async () => {
    const e = await optionError({ chatTemplate: true, tokenizer: 'approx' }, 'chatTemplate');
    expect(e.message).toMatch(/^chatTemplate: needs tokenizer to name a model folder/);
    // The CLI passes its own namer: the same sentence with flags.
    expect(e.detail((key) => `--${key}`)).toMatch(/^needs --tokenizer to name/);
  });

  it('accepts a custom token counter', async () => {
    const counter = { name: 'chars', exact: true, count: (t: string) => t.length };
    expect((await resolveAugmentOptions({ tokenizer: counter })).tokenizer).toBe(counter);
  });
});
