import { beforeAll, describe, expect, it } from 'vitest';
import { countAll, countSum, type TokenCounter } from '../../src/tokens/counter.js';
import { OPENAI_ENCODINGS, loadOpenAiCounter, type OpenAiEncoding } from '../../src/tokens/openai.js';

// The library itself, as the reference for "encoded as plain text" and for decoding ids
// back to strings. Ids below are not taken from it: each comes from a source outside
// gpt-tokenizer (cited), and the tests also decode every id back to its string.
type Lib = typeof import('gpt-tokenizer/encoding/o200k_base');
const PLAIN = { disallowedSpecial: new Set<string>() };

const counters = {} as Record<OpenAiEncoding, TokenCounter>;
const libs = {} as Record<OpenAiEncoding, Lib>;

beforeAll(async () => {
  for (const name of OPENAI_ENCODINGS) counters[name] = await loadOpenAiCounter(name);
  libs.o200k_base = await import('gpt-tokenizer/encoding/o200k_base');
  libs.cl100k_base = await import('gpt-tokenizer/encoding/cl100k_base');
});

/** Counts synchronously, failing the test if the counter ever answers with a promise. */
function countOf(name: OpenAiEncoding, text: string): number {
  const n = counters[name].count(text);
  if (typeof n !== 'number') throw new Error('expected a synchronous count');
  return n;
}

describe('OPENAI_ENCODINGS / loadOpenAiCounter', () => {
  it('lists the two supported encodings', () => {
    expect([...OPENAI_ENCODINGS]).toEqual(['o200k_base', 'cl100k_base']);
  });

  it.each(OPENAI_ENCODINGS)('%s counter is exact and named after its encoding', (name) => {
    expect(counters[name].name).toBe(name);
    expect(counters[name].exact).toBe(true);
  });

  it('rejects an encoding it does not know (untyped callers)', async () => {
    await expect(loadOpenAiCounter('p50k_base' as OpenAiEncoding)).rejects.toThrow(/unknown OpenAI encoding/);
  });
});

describe('known token ids', () => {
  // [encoding, text, ids, the string each id decodes to (omitted where ids are byte pieces)]
  const table: Array<[OpenAiEncoding, string, number[], string[] | null]> = [
    // openai/tiktoken tests/test_encoding.py, test_simple: cl100k_base "hello world" == [15339, 1917].
    ['cl100k_base', 'hello world', [15339, 1917], ['hello', ' world']],
    // OpenAI cookbook, How_to_count_tokens_with_tiktoken.ipynb, cl100k_base example.
    ['cl100k_base', 'tiktoken is great!', [83, 1609, 5963, 374, 2294, 0], ['t', 'ik', 'token', ' is', ' great', '!']],
    // danny50610/bpe-tokeniser tests/EncodingTest.php (an independent PHP port), cl100k_base.
    [
      'cl100k_base',
      '台北 101 高度 508 公尺',
      [55038, 49409, 220, 4645, 18630, 41519, 27479, 220, 19869, 35469, 105, 16175, 118],
      null,
    ],
    // openai/harmony tests/test_harmony.py: "hello world" == [24912, 2375] under o200k_harmony,
    // whose ordinary-text ranks are those of o200k_base.
    ['o200k_base', 'hello world', [24912, 2375], ['hello', ' world']],
  ];

  it.each(table)('%s %j -> %j', (name, text, ids, pieces) => {
    const lib = libs[name];
    expect(lib.encode(text, PLAIN)).toEqual(ids);
    expect(countOf(name, text)).toBe(ids.length);
    expect(lib.decode(ids)).toBe(text);
    if (pieces) expect(ids.map((id) => lib.decode([id]))).toEqual(pieces);
  });
});

describe('special-token strings are plain text', () => {
  // tiktoken's test_simple: "hello <|endoftext|>" with allowed_special="all" ends in 100257,
  // cl100k_base's <|endoftext|>. o200k_base's is 199999 (checked by decoding below).
  const eot: Record<OpenAiEncoding, number> = { cl100k_base: 100257, o200k_base: 199999 };
  const texts = [
    '<|endoftext|>',
    'hello <|endoftext|>',
    '<|im_start|>user\nhi<|im_end|>',
    'a <|endofprompt|> b <|fim_prefix|><|fim_middle|><|fim_suffix|>',
  ];

  it.each(OPENAI_ENCODINGS)('%s: the special id really is <|endoftext|>', (name) => {
    expect(libs[name].decode([eot[name]])).toBe('<|endoftext|>');
  });

  it.each(OPENAI_ENCODINGS)('%s: the library throws on them by default, so the option matters', (name) => {
    expect(() => libs[name].countTokens('hello <|endoftext|>')).toThrow(/special token/i);
  });

  for (const name of OPENAI_ENCODINGS) {
    it.each(texts)(`${name}: %j counts as ordinary text`, (text) => {
      const ids = libs[name].encode(text, PLAIN);
      expect(ids).not.toContain(eot[name]);
      // Decodes back to the same characters, so nothing was swallowed as a special token.
      expect(libs[name].decode(ids)).toBe(text);
      expect(countOf(name, text)).toBe(ids.length);
      expect(countOf(name, text)).toBeGreaterThan(1);
    });
  }

  it('"<|endoftext|>" alone is 7 ordinary pieces in both encodings', () => {
    for (const name of OPENAI_ENCODINGS) {
      const ids = libs[name].encode('<|endoftext|>', PLAIN);
      expect(ids.map((id) => libs[name].decode([id])).join('')).toBe('<|endoftext|>');
      expect(countOf(name, '<|endoftext|>')).toBe(7);
    }
    expect(libs.cl100k_base.encode('<|endoftext|>', PLAIN).map((id) => libs.cl100k_base.decode([id]))).toEqual([
      '<', '|', 'endo', 'ft', 'ext', '|', '>',
    ]);
  });
});

describe('count equals plain-text encode().length', () => {
  const corpus = [
    '',
    ' ',
    'Hello, world!',
    'Give three tips for staying healthy.\n\n1. Eat a balanced diet.\n2. Exercise.',
    'def f(x):\n    return x ** 2  # square\n\n\n',
    '   leading and trailing   ',
    '\t\r\n\r\n',
    'numbers 1234567890 3.14159 1,000,000',
    "don't won't it's I'M YOU'RE",
    '日本語とEnglish 12345!\n',
    'Привет, мир! Ελληνικά. العربية. हिन्दी.',
    '🫡🍣顏文字 👍🏽👨‍👩‍👧',
    'a\ud800b', // lone surrogate
    'x'.repeat(10_000),
    ' '.repeat(5_000) + 'end',
  ];

  for (const name of OPENAI_ENCODINGS) {
    it(`${name}: on a varied corpus, and the same on a second (cached) pass`, () => {
      const expected = corpus.map((t) => libs[name].encode(t, PLAIN).length);
      expect(corpus.map((t) => countOf(name, t))).toEqual(expected);
      expect(corpus.map((t) => countOf(name, t))).toEqual(expected);
    });
  }

  it.each(OPENAI_ENCODINGS)('%s: empty string is 0 tokens', (name) => {
    expect(countOf(name, '')).toBe(0);
  });
});

describe('additivity', () => {
  it.each(OPENAI_ENCODINGS)('%s: countSum and countAll add texts counted one by one', async (name) => {
    const parts = ['Summarize:', ' the text', '<|endoftext|>', '日本語'];
    const each = parts.map((p) => countOf(name, p));
    expect(await countSum(counters[name], ...parts)).toBe(each.reduce((a, b) => a + b, 0));
    expect(await countAll(counters[name], parts)).toEqual(each);
  });

  it.each(OPENAI_ENCODINGS)('%s: concatenation adds up only where the pre-tokenizer splits anyway', (name) => {
    // "hello world" pre-tokenizes into "hello" | " world", so splitting there must add up.
    expect(countOf(name, 'hello world')).toBe(countOf(name, 'hello') + countOf(name, ' world'));
    // Splitting inside a word or before a word's leading space does not: "hel" + "lo world"
    // and " " + "world" each cost one token more than the whole.
    expect(countOf(name, 'hel') + countOf(name, 'lo world')).toBe(countOf(name, 'hello world') + 1);
    expect(countOf(name, ' ') + countOf(name, 'world')).toBe(countOf(name, ' world') + 1);
  });
});

describe('the two encodings differ', () => {
  it('agree on plain English, differ on CJK text', () => {
    expect(countOf('o200k_base', 'hello world')).toBe(countOf('cl100k_base', 'hello world'));
    for (const text of ['台北 101 高度 508 公尺', ' 日本語とEnglish 12345!\n']) {
      // o200k_base's larger vocabulary has more multi-character CJK tokens.
      expect(countOf('o200k_base', text)).toBeLessThan(countOf('cl100k_base', text));
    }
    expect(countOf('cl100k_base', '台北 101 高度 508 公尺')).toBe(13); // the cited ids above
  });
});
