/**
 * Which tokenizer engines a fresh process loads for a llama2 counter (the built modules,
 * read from Node's module cache): only a new process shows what was never loaded.
 */
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { childEnv } from '../helpers/spawn-cli.js';
import { HANG } from '../helpers/timeouts.js';

describe('Hugging Face engine in a fresh process', () => {
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
    const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8', env: childEnv() });
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
