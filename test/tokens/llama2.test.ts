import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Tokenizer as JsTokenizer } from '@huggingface/tokenizers';
import llamaTokenizerJs from 'llama-tokenizer-js';
import { Tokenizer as NativeTokenizer } from 'tokenizers';
import { describe, expect, it } from 'vitest';
import { llama2TokenizerJson } from '../../src/tokens/llama2-json.js';

interface Row {
  instruction: string;
  input: string;
  output: string;
}

/** The shared datasets sit next to the repository: test/tokens -> repo root -> its parent. */
function dataset(name: string): Row[] {
  const url = new URL(`../../../shared/data/${name}`, import.meta.url);
  return JSON.parse(readFileSync(fileURLToPath(url), 'utf8')) as Row[];
}

function textsOf(records: readonly Row[]): string[] {
  const texts: string[] = [];
  for (const r of records) {
    texts.push(r.instruction, r.output, `${r.instruction}\n${r.input}`);
    if (r.input !== '') texts.push(r.input);
  }
  return texts;
}

/**
 * Cases where whitespace, byte fallback and merge order are easy to get wrong. The first
 * ones carry ids from llama-tokenizer-js's own suite, which match Meta's tokenizer.
 */
const EDGE_CASES: readonly (readonly [string, readonly number[] | null])[] = [
  ['grabbed', [2646, 1327, 287]],
  [' grabbed', [29871, 2646, 1327, 287]],
  ['           grabbed', [9651, 2646, 1327, 287]],
  ['\n', [29871, 13]],
  [' \n', [259, 13]],
  ['ax\n####\nboo', [4853, 13, 4136, 13, 833, 29877]],
  ['镇', [29871, 30411]],
  ['🦙Ꙋ', [29871, 243, 162, 169, 156, 237, 156, 141]],
  ['', []],
  ['  leading and trailing  ', null],
  ['\ttabs\t\tand\r\nCRLF', null],
  ['x'.repeat(300), null],
  ['Ꙋa Ꙋb🦙ab cd', null],
  ['naïve café déjà vu — “quoted” – 中文 日本語 한국어', null],
];

const json = llama2TokenizerJson();
const native = NativeTokenizer.fromString(json);
const pureJs = new JsTokenizer(JSON.parse(json) as object, {});

async function nativeIds(texts: readonly string[]): Promise<number[][]> {
  const encodings = await native.encodeBatch([...texts], { addSpecialTokens: false });
  return encodings.map((e) => e.getIds());
}

/** Texts whose ids differ, with both sides, so a failure shows what went wrong. */
function mismatches(texts: readonly string[], got: number[][], want: (text: string) => number[]) {
  const out: { text: string; got: number[]; want: number[] }[] = [];
  texts.forEach((text, i) => {
    const expected = want(text);
    const actual = got[i] ?? [];
    if (JSON.stringify(actual) !== JSON.stringify(expected)) out.push({ text, got: actual, want: expected });
  });
  return out;
}

/** llama-tokenizer-js without BOS, with the leading space Meta's tokenizer adds. */
const reference = (text: string): number[] => llamaTokenizerJs.encode(text, false, true);

const datasetTexts = [...textsOf(dataset('alpaca_en_demo.json')), ...textsOf(dataset('identity.json'))];

describe('llama2 tokenizer.json', () => {
  it('is cached and describes the Llama-2 vocabulary', () => {
    expect(llama2TokenizerJson()).toBe(json);
    const file = JSON.parse(json) as { model: { vocab: { [piece: string]: number }; merges: string[] } };
    expect(Object.keys(file.model.vocab)).toHaveLength(32_000);
    expect(file.model.merges).toHaveLength(61_249);
    expect(file.model.vocab['<0x0A>']).toBe(13);
    expect(file.model.merges[0]).toBe('▁ t');
  });

  it('encodes "Hello world!" as Llama-2 does, with <s> only when asked', async () => {
    const plain = await native.encode('Hello world!', null, { addSpecialTokens: false });
    expect(plain.getIds()).toEqual([15043, 3186, 29991]);
    const withBos = await native.encode('Hello world!');
    expect(withBos.getIds()).toEqual([1, 15043, 3186, 29991]);
    expect(await native.decode(withBos.getIds(), true)).toBe('Hello world!');
  });

  it('matches the known ids on whitespace, byte-fallback and merge-order cases', async () => {
    const texts = EDGE_CASES.map(([text]) => text);
    const got = await nativeIds(texts);
    EDGE_CASES.forEach(([text, ids], i) => {
      if (ids) expect(got[i], JSON.stringify(text)).toEqual(ids);
    });
    expect(mismatches(texts, got, reference)).toEqual([]);
  });

  it('reads <s>, </s> and <unk> in the text as special tokens, as Hugging Face does', async () => {
    // Meta's sentencepiece (and llama-tokenizer-js) would spell them out as "<", "s", ">";
    // Hugging Face splits them off first and prepends "▁" to each remaining segment.
    const text = 'a <s> b</s>';
    const ids = [263, 29871, 1, 29871, 289, 2];
    expect((await native.encode(text, null, { addSpecialTokens: false })).getIds()).toEqual(ids);
    expect(pureJs.encode(text, { add_special_tokens: false }).ids).toEqual(ids);
  });

  it('gives llama-tokenizer-js ids on every dataset text', async () => {
    const got = await nativeIds(datasetTexts);
    const bad = mismatches(datasetTexts, got, reference);
    console.info(`llama2: ${datasetTexts.length - bad.length}/${datasetTexts.length} dataset texts match llama-tokenizer-js`);
    expect(datasetTexts.length).toBeGreaterThan(3000);
    expect(bad.slice(0, 5)).toEqual([]);
  });

  it('gives the same ids in the pure-JS engine as in the native one', async () => {
    const texts = [...EDGE_CASES.map(([text]) => text), ...datasetTexts];
    const got = await nativeIds(texts);
    const bad = mismatches(texts, got, (text) => pureJs.encode(text, { add_special_tokens: false }).ids);
    expect(bad.slice(0, 5)).toEqual([]);
    expect(pureJs.encode('Hello world!').ids).toEqual([1, 15043, 3186, 29991]);
  });
});
