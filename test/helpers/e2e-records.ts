/**
 * Views of mosaic-it's output records for the formats e2e tests: each output layout read
 * back into (system, prompt, response, meta), and the provenance checks that tie a
 * mosaic to the input records its meta.sources name. Restated from the formats'
 * definitions, not imported from src/.
 */
import { fileURLToPath } from 'node:url';
import { expect } from 'vitest';
import { findInOrder, type Meta, readJsonlFile } from './e2e-cli.js';

export type To = 'alpaca' | 'sharegpt' | 'messages' | 'prompt-completion';
export type Rec = Record<string, unknown>;
export interface Exchange {
  readonly prompt: string;
  readonly response: string;
  readonly system?: string;
}
/** Per input record, counted across all inputs: the exchanges it may give, or null when it must be skipped. */
export type SourceTable = ReadonlyArray<readonly Exchange[] | null>;
export interface View {
  readonly system: string | undefined;
  readonly prompt: string;
  readonly response: string;
  readonly meta: Meta | undefined;
}
export interface ChatMessage {
  role: string;
  content: string;
}

export const APPROX = ['--tokenizer', 'approx'];
export const META_KEYS = ['epoch', 'lang', 'masked', 'numbered', 'order', 'rule', 'sources', 'strategy', 'tokens'];

export function outRecords(path: string): Rec[] {
  return readJsonlFile(path) as unknown as Rec[];
}

export function isRec(value: unknown): value is Rec {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** OpenAI's chat fine-tuning rules for one example's messages. */
export function chatMessages(value: unknown, where: string): ChatMessage[] {
  expect(Array.isArray(value), `${where}: messages is a list`).toBe(true);
  const list = value as unknown[];
  list.forEach((m, i) => {
    expect(isRec(m) && Object.keys(m), `${where}: message ${i} has exactly role and content`).toEqual(['role', 'content']);
    const { role, content } = m as ChatMessage;
    expect(['system', 'user', 'assistant'], `${where}: message ${i} role`).toContain(role);
    expect(typeof content, `${where}: message ${i} content is a string`).toBe('string');
    expect(content.trim().length, `${where}: message ${i} content is not blank`).toBeGreaterThan(0);
  });
  const roles = (list as ChatMessage[]).map((m) => m.role);
  expect(roles.filter((r) => r === 'assistant'), `${where}: exactly one assistant message`).toHaveLength(1);
  expect(roles.at(-1), `${where}: the assistant message is last`).toBe('assistant');
  roles.forEach((r, i) => {
    if (r === 'system') expect(i, `${where}: system only first`).toBe(0);
  });
  return list as ChatMessage[];
}

/** The mosaic a record holds, after checking the record's exact shape for `to`. */
export function viewOf(to: To, record: Rec, where: string): View {
  const meta = record.meta as Meta | undefined;
  const tail = meta === undefined ? [] : ['meta'];
  const system = record.system as string | undefined;
  const sys = system === undefined ? [] : ['system'];
  if (system !== undefined) expect(typeof system === 'string' && system.trim() !== '', `${where}: system is text`).toBe(true);
  switch (to) {
    case 'alpaca':
      expect(Object.keys(record), `${where}: alpaca keys`).toEqual(['instruction', 'input', 'output', ...sys, ...tail]);
      expect(record.input, `${where}: input`).toBe('');
      return { system, prompt: record.instruction as string, response: record.output as string, meta };
    case 'sharegpt': {
      expect(Object.keys(record), `${where}: sharegpt keys`).toEqual(['conversations', ...sys, ...tail]);
      const turns = record.conversations as Array<{ from: string; value: string }>;
      expect(turns.map((t) => Object.keys(t)), `${where}: turn keys`).toEqual([
        ['from', 'value'],
        ['from', 'value'],
      ]);
      expect(turns.map((t) => t.from), `${where}: human then gpt`).toEqual(['human', 'gpt']);
      return { system, prompt: turns[0]?.value as string, response: turns[1]?.value as string, meta };
    }
    case 'messages': {
      expect(Object.keys(record), `${where}: messages keys`).toEqual(['messages', ...tail]);
      const messages = chatMessages(record.messages, where);
      const hasSystem = messages[0]?.role === 'system';
      expect(messages.map((m) => m.role), `${where}: roles`).toEqual(hasSystem ? ['system', 'user', 'assistant'] : ['user', 'assistant']);
      const [first] = messages;
      const [prompt, response] = [messages.at(-2)?.content as string, messages.at(-1)?.content as string];
      return { system: hasSystem ? first?.content : undefined, prompt, response, meta };
    }
    case 'prompt-completion': {
      expect(Object.keys(record), `${where}: prompt-completion keys`).toEqual(['prompt', 'completion', ...tail]);
      if (typeof record.prompt === 'string') {
        expect(typeof record.completion, `${where}: string form throughout`).toBe('string');
        return { system: undefined, prompt: record.prompt, response: record.completion as string, meta };
      }
      const all = chatMessages([...(record.prompt as unknown[]), ...(record.completion as unknown[])], where);
      expect((record.completion as unknown[]).length, `${where}: completion is the one assistant message`).toBe(1);
      const hasSystem = all[0]?.role === 'system';
      const [prompt, response] = [all.at(-2)?.content as string, all.at(-1)?.content as string];
      return { system: hasSystem ? all[0]?.content : undefined, prompt, response, meta };
    }
  }
}

/**
 * Checks a --meta mosaic against the input records: valid sources that are not skipped
 * records, their prompts in sources order, the answers in meta.order, one system prompt
 * for all its pairs and carried by the record. Returns the exchanges it matched.
 */
export function checkSources(view: View, table: SourceTable, where: string): Exchange[] {
  const meta = view.meta;
  expect(meta, `${where}: has meta`).toBeDefined();
  if (meta === undefined) return [];
  expect(Object.keys(meta).sort(), `${where}: meta keys`).toEqual(META_KEYS);
  const chosen: Exchange[] = [];
  let from = 0;
  for (const s of meta.sources) {
    const candidates = Number.isInteger(s) ? table[s] : undefined;
    expect(candidates, `${where}: source ${s} is an index into ${table.length} records`).toBeDefined();
    expect(candidates, `${where}: source ${s} is a record that should have been skipped`).not.toBeNull();
    // A split record may repeat a prompt ("continue"): among equal matches, take one whose answer is there.
    let best: { at: number; answered: boolean; ex: Exchange } | undefined;
    for (const ex of candidates ?? []) {
      const at = view.prompt.indexOf(ex.prompt, from);
      const answered = view.response.includes(ex.response);
      if (at >= 0 && (best === undefined || at < best.at || (at === best.at && answered && !best.answered))) best = { at, answered, ex };
    }
    expect(best, `${where}: prompt of source ${s} missing from the mosaic prompt (in sources order)`).toBeDefined();
    if (best === undefined) return chosen;
    chosen.push(best.ex);
    from = best.at + best.ex.prompt.length;
  }
  const k = chosen.length;
  expect(k, `${where}: at least one source`).toBeGreaterThan(0);
  expect(meta.order.every((n) => Number.isInteger(n) && n >= 1 && n <= k), `${where}: order within 1..${k}`).toBe(true);
  expect(new Set(meta.order).size, `${where}: order without repeats`).toBe(meta.order.length);
  const answers = meta.order.map((n) => (chosen[n - 1] as Exchange).response);
  expect(findInOrder(view.response, answers), `${where}: answers (by meta.order) missing from the response`).toBe(-1);
  expect([...new Set(chosen.map((c) => c.system))], `${where}: one system prompt per mosaic`).toHaveLength(1);
  expect(view.system, `${where}: carries its pairs' system prompt`).toBe(chosen[0]?.system);
  if (k === 1 && meta.strategy === 'primary') {
    expect(view.prompt, `${where}: a lone primary pair is its own prompt`).toBe(chosen[0]?.prompt);
    expect(view.response, `${where}: a lone primary pair is its own answer`).toBe(chosen[0]?.response);
  }
  return chosen;
}

/** How often each source index is used in each epoch. */
export function usesPerEpoch(metas: readonly Meta[]): Map<number, Map<number, number>> {
  const out = new Map<number, Map<number, number>>();
  for (const m of metas) {
    const uses = out.get(m.epoch) ?? new Map<number, number>();
    for (const s of m.sources) uses.set(s, (uses.get(s) ?? 0) + 1);
    out.set(m.epoch, uses);
  }
  return out;
}

/** A file of the hand-written end-to-end fixtures (test/fixtures/e2e). */
export const e2eFixture = (name: string): string => fileURLToPath(new URL(`../fixtures/e2e/${name}`, import.meta.url));
