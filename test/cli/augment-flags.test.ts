import { Command } from 'commander';
import { describe, expect, it } from 'vitest';
import { addTableOptions, augmentOptionsFromFlags, namedByFlag, type BuildFlags } from '../../src/cli/augment-flags.js';
import { CROSSOVER_BYTES, threadsFor } from '../../src/parallel/thread-choice.js';
import { approxCounter } from '../../src/tokens/approx.js';
import { OptionError, UsageError } from '../../src/errors.js';
import { resolveAugmentOptions } from '../../src/options.js';

/** A command's flags as commander parses them, with no action behind them. */
function parsed(args: readonly string[], name: 'augment' | 'preview' = 'augment'): BuildFlags {
  const command = addTableOptions(new Command(name).exitOverride(), name);
  command.parse([...args], { from: 'user' });
  return command.opts<BuildFlags>();
}

/** What the CLI prints for an error: the flag and the detail, as main.ts reports it. */
function shown(error: unknown): { flag: string | undefined; message: string } {
  const named = namedByFlag(error);
  expect(named).toBeInstanceOf(UsageError);
  return { flag: (named as UsageError).flag, message: (named as UsageError).message };
}

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (error) {
    return error;
  }
  throw new Error('did not throw');
}

describe('flags to typed library options', () => {
  it('defaults and given flags become numbers, names with weights, lists', () => {
    const options = augmentOptionsFromFlags(
      parsed([
        '--max-k',
        '5',
        '--strategies',
        'format=3, primary = 0.5 ,maskout',
        '--permute-rules',
        'alpha, words,alpha',
        '--templates',
        'a.yaml',
        '--templates',
        'b.yaml',
        '--chat-template',
      ]),
    );
    expect(options).toEqual({
      seed: 42,
      epochs: 4,
      maxK: 5,
      kDist: 'uniform',
      maxTokens: 2048,
      tokenizer: 'llama2',
      chatTemplate: true,
      strategies: { format: 3, primary: 0.5, maskout: 1 },
      permuteRules: ['alpha', 'words', 'alpha'],
      maskoutRules: 'all',
      lang: 'auto',
      templates: ['a.yaml', 'b.yaml'],
    });
  });

  it('preview reads the same flags into the same options', () => {
    const args = ['--seed', '9', '--strategies', 'primary,reverse=2', '--k-dist', 'all'];
    expect(augmentOptionsFromFlags(parsed(args, 'preview'))).toEqual(augmentOptionsFromFlags(parsed(args)));
  });

  it('names with no weight stay a list', () => {
    expect(augmentOptionsFromFlags(parsed(['--strategies', 'primary,reverse'])).strategies).toEqual(['primary', 'reverse']);
    expect(augmentOptionsFromFlags(parsed(['--strategies', 'primary=1,reverse'])).strategies).toEqual({ primary: 1, reverse: 1 });
  });

  for (const [args, flag, message] of [
    [['--max-k', '12abc'], '--max-k', 'expected a whole number, found "12abc"'],
    [['--seed', '-1'], '--seed', 'expected a whole number, found "-1"'],
    [['--epochs', '1e3'], '--epochs', 'expected a whole number, found "1e3"'],
    [['--strategies', 'format=0'], '--strategies', 'weight of "format" must be a positive number, got "0"'],
    [['--strategies', 'format=abc'], '--strategies', 'weight of "format" must be a positive number, got "abc"'],
    [['--strategies', 'format='], '--strategies', 'weight of "format" must be a positive number, got ""'],
    [['--strategies', 'format=Infinity'], '--strategies', 'weight of "format" must be a positive number, got "Infinity"'],
    [['--strategies', 'format=1=2'], '--strategies', '"format=1=2" is not name or name=weight'],
    [['--strategies', ',format'], '--strategies', 'empty entry in ",format"'],
    [['--strategies', ''], '--strategies', 'empty entry in ""'],
    [['--strategies', 'format,format'], '--strategies', '"format" is listed twice'],
  ] as const) {
    it(`${args.join(' ')}: refused while read, under ${flag}`, () => {
      const error = thrown(() => augmentOptionsFromFlags(parsed(args)));
      expect(error).toBeInstanceOf(OptionError);
      expect(shown(error)).toEqual({ flag, message });
    });
  }
});

describe('library errors under the flag', () => {
  for (const [args, flag, message] of [
    [['--max-k', '0'], '--max-k', 'expected at least 1, found 0'],
    [['--strategies', 'primary,nope'], '--strategies', 'unknown strategy "nope"; accepted: primary, format, permute, maskout, reverse, random-order'],
    [['--maskout-rules', 'middle'], '--maskout-rules', 'unknown rule "middle"; accepted: random, longest, shortest, odd, even (or all)'],
    [['--tokenizer', 'approx', '--chat-template'], '--chat-template', 'needs --tokenizer to name a model folder (or its tokenizer.json) with a tokenizer_config.json'],
  ] as const) {
    it(`${args.join(' ')}: the library's key becomes ${flag}`, async () => {
      const error = await resolveAugmentOptions(augmentOptionsFromFlags(parsed(args))).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(error).toBeInstanceOf(OptionError);
      expect(shown(error)).toEqual({ flag, message });
    });
  }

  it('other errors pass unchanged', () => {
    const plain = new UsageError('no input given', '<input>');
    expect(namedByFlag(plain)).toBe(plain);
    const notAnOption = new OptionError('somethingElse', 'wrong');
    expect(namedByFlag(notAnOption)).toBe(notAnOption);
  });
});

describe('the default of --threads: from the work', () => {
  // Exact and synchronous, as OpenAI's encodings count.
  const o200k = { name: 'o200k_base', exact: true, count: (text: string) => text.length };
  const work = { cpus: 2, counter: approxCounter, inputBytes: 1e6, epochs: 4, shards: 1 };
  it('one thread below the crossover of the counter, one per CPU past it', () => {
    expect(threadsFor({ ...work, inputBytes: CROSSOVER_BYTES.estimate - 1 })).toBe(1);
    expect(threadsFor({ ...work, inputBytes: CROSSOVER_BYTES.estimate })).toBe(2);
    expect(threadsFor({ ...work, cpus: 8, inputBytes: CROSSOVER_BYTES.estimate })).toBe(8);
    // An exact encoding does more per pair: workers pay off on less input.
    expect(threadsFor({ ...work, counter: o200k, inputBytes: CROSSOVER_BYTES.encoding })).toBe(2);
    expect(threadsFor({ ...work, counter: o200k, inputBytes: CROSSOVER_BYTES.encoding - 1 })).toBe(1);
  });
  it('counts the building: more epochs are more work, a shard builds its share only', () => {
    const half = CROSSOVER_BYTES.estimate / 2;
    expect(threadsFor({ ...work, inputBytes: half })).toBe(1);
    expect(threadsFor({ ...work, inputBytes: half, epochs: 8 })).toBe(2);
    expect(threadsFor({ ...work, inputBytes: CROSSOVER_BYTES.estimate * 2, shards: 4 })).toBe(1);
  });
  it('one thread for one CPU, an input of unknown size (stdin) and a batched engine', async () => {
    expect(threadsFor({ ...work, cpus: 1, inputBytes: 1e12 })).toBe(1);
    expect(threadsFor({ ...work, inputBytes: undefined })).toBe(1);
    const batched = { name: 'batched', exact: true, count: () => 1, countSync: () => 1, countMany: async (texts: readonly string[]) => texts.map(() => 1) };
    expect(threadsFor({ ...work, counter: batched, inputBytes: 1e12 })).toBe(1);
  });
});
