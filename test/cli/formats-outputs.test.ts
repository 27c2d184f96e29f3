/**
 * Output formats through the built CLI: each --to gives its exact record shape and puts
 * the system prompt where that format keeps it; messages output follows OpenAI's
 * fine-tuning rules; pairs with different system prompts never share a mosaic; the same
 * command gives the same bytes.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ALPACA,
  augment,
  jsonl,
  type Meta,
  readJsonlFile,
  STACK_FRAME,
  summaryCounts,
  useTempDirs,
} from '../helpers/e2e-cli.js';
import { type Rec, type Exchange, type SourceTable, type ChatMessage, APPROX, outRecords, chatMessages, viewOf, checkSources, usesPerEpoch, e2eFixture } from '../helpers/e2e-records.js';

const dir = useTempDirs();

// ---- fixtures, restated ----

const fixture = e2eFixture;
const SHAREGPT = fixture('sharegpt.json');
const DOLLY = fixture('dolly.jsonl');

const meaningful = (s: string | undefined): string | undefined => (s === undefined || s.trim() === '' ? undefined : s);
const exchange = (prompt: string, response: string, system: string | undefined): Exchange =>
  system === undefined ? { prompt, response } : { prompt, response, system };

interface SgRow {
  conversations: Array<{ from: string; value: string }>;
  system?: string;
  tools?: string;
}

/** The ShareGPT fixture under --multi-turn skip: single exchanges only; tool use and several exchanges give nothing. */
function sharegptTable(): SourceTable {
  const rows = JSON.parse(readFileSync(SHAREGPT, 'utf8')) as SgRow[];
  return rows.map((row) => {
    if (row.tools !== undefined) return null;
    let turns = row.conversations;
    let system = meaningful(row.system);
    if (turns[0]?.from === 'system') {
      system = meaningful(turns[0].value) ?? system;
      turns = turns.slice(1);
    }
    if (turns.length !== 2) return null;
    expect(turns.map((t) => t.from)).toEqual(['human', 'gpt']);
    return [exchange(turns[0]?.value as string, turns[1]?.value as string, system)];
  });
}

interface DollyRow {
  instruction: string;
  context: string;
  response: string;
}
function dollyTable(): SourceTable {
  return readFileSync(DOLLY, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as DollyRow)
    .map((r) => [exchange(r.context ? `${r.instruction}\n${r.context}` : r.instruction, r.response, undefined)]);
}

interface AlpacaRow {
  instruction: string;
  input?: string;
  output: string;
  system?: string;
}

async function run(inputs: readonly string[], flags: readonly string[]): Promise<{ records: Rec[]; stderr: string; out: string }> {
  const out = join(dir(), 'out.jsonl');
  const r = await augment(inputs, out, [...APPROX, '--meta', ...flags]);
  expect(r.status, r.stderr).toBe(0);
  expect(r.stderr).not.toMatch(STACK_FRAME);
  const records = outRecords(out);
  expect(records.length).toBeGreaterThan(0);
  expect(summaryCounts(r.stderr).mosaics).toBe(records.length);
  return { records, stderr: r.stderr, out };
}

const SYSTEMS = new Set(['You are a terse pirate.', 'Answer in French.', undefined]);

describe('--to: each output format, with system prompts where the format keeps them', () => {
  it('alpaca: instruction, input "", output, then a system column only on mosaics with a system prompt', async () => {
    const { records } = await run([SHAREGPT], ['--to', 'alpaca', '--epochs', '2']);
    const table = sharegptTable();
    const views = records.map((rec, i) => {
      const view = viewOf('alpaca', rec, `record ${i}`);
      checkSources(view, table, `record ${i}`);
      return view;
    });
    expect(new Set(views.map((v) => v.system))).toEqual(SYSTEMS);
  });

  it('sharegpt: conversations of one human and one gpt turn, the system prompt in the system column (never a system turn)', async () => {
    const { records } = await run([SHAREGPT], ['--to', 'sharegpt', '--epochs', '2']);
    const table = sharegptTable();
    const views = records.map((rec, i) => {
      const view = viewOf('sharegpt', rec, `record ${i}`);
      checkSources(view, table, `record ${i}`);
      return view;
    });
    expect(new Set(views.map((v) => v.system))).toEqual(SYSTEMS);
  });

  it('messages: [system?, user, assistant] with string content, valid for OpenAI fine-tuning', async () => {
    const { records } = await run([SHAREGPT], ['--to', 'messages', '--epochs', '2']);
    const table = sharegptTable();
    const views = records.map((rec, i) => {
      const view = viewOf('messages', rec, `record ${i}`);
      checkSources(view, table, `record ${i}`);
      return view;
    });
    expect(new Set(views.map((v) => v.system))).toEqual(SYSTEMS);
  });

  it('prompt-completion: the conversational form for every record once any pair has a system prompt', async () => {
    const { records } = await run([SHAREGPT], ['--to', 'prompt-completion', '--epochs', '2']);
    const table = sharegptTable();
    const views = records.map((rec, i) => {
      expect(Array.isArray(rec.prompt) && Array.isArray(rec.completion), `record ${i}: conversational`).toBe(true);
      const view = viewOf('prompt-completion', rec, `record ${i}`);
      checkSources(view, table, `record ${i}`);
      const roles = (rec.prompt as ChatMessage[]).map((m) => m.role);
      expect(roles, `record ${i}: prompt roles`).toEqual(view.system === undefined ? ['user'] : ['system', 'user']);
      expect((rec.completion as ChatMessage[]).map((m) => m.role)).toEqual(['assistant']);
      return view;
    });
    expect(new Set(views.map((v) => v.system))).toEqual(SYSTEMS);
  });

  it('without any system prompt: prompt-completion uses plain strings and messages has no system message', async () => {
    const table = dollyTable();
    const pc = await run([DOLLY], ['--to', 'prompt-completion', '--epochs', '2']);
    pc.records.forEach((rec, i) => {
      expect(typeof rec.prompt, `record ${i}: string form`).toBe('string');
      checkSources(viewOf('prompt-completion', rec, `record ${i}`), table, `record ${i}`);
    });
    const messages = await run([DOLLY], ['--to', 'messages', '--epochs', '2']);
    messages.records.forEach((rec, i) => {
      const view = viewOf('messages', rec, `record ${i}`);
      expect(view.system).toBeUndefined();
      checkSources(view, table, `record ${i}`);
    });
    const sharegpt = await run([DOLLY], ['--to', 'sharegpt', '--epochs', '1']);
    sharegpt.records.forEach((rec, i) => checkSources(viewOf('sharegpt', rec, `record ${i}`), table, `record ${i}`));
  });

  it('--meta is the only extra field: without it records hold nothing else', async () => {
    const out = join(dir(), 'out.jsonl');
    const r = await augment([SHAREGPT], out, [...APPROX, '--to', 'messages', '--epochs', '1']);
    expect(r.status, r.stderr).toBe(0);
    outRecords(out).forEach((rec, i) => {
      expect(Object.keys(rec), `record ${i}`).toEqual(['messages']);
      chatMessages(rec.messages, `record ${i}`);
    });
  });
});

describe('system prompts partition the pairs', () => {
  /** 150 real alpaca pairs, each given one of two system prompts, none, or a blank one (which counts as none). */
  function withSystems(): AlpacaRow[] {
    const rows = (JSON.parse(readFileSync(ALPACA, 'utf8')) as AlpacaRow[]).slice(0, 150);
    const systems = ['Be concise.', undefined, 'Reply formally.', 'Be concise.', '   ', 'Reply formally.', undefined];
    return rows.map((r, i) => {
      const system = systems[i % systems.length];
      return system === undefined ? r : { ...r, system };
    });
  }

  for (const to of ['alpaca', 'messages'] as const) {
    it(`--to ${to}: no mosaic mixes two system prompts, and each carries its pairs' one`, async () => {
      const rows = withSystems();
      const path = join(dir(), 'systems.jsonl');
      writeFileSync(path, jsonl(rows));
      const table: SourceTable = rows.map((r) => [exchange(r.input ? `${r.instruction}\n${r.input}` : r.instruction, r.output, meaningful(r.system))]);
      const { records, stderr } = await run([path], ['--to', to, '--epochs', '3', '--k-dist', 'fixed', '--max-k', '8']);
      expect(summaryCounts(stderr).pairs).toBe(rows.length);
      const bySystem = new Map<string | undefined, number>();
      const metas = records.map((rec, i) => {
        const view = viewOf(to, rec, `record ${i}`);
        const chosen = checkSources(view, table, `record ${i}`);
        if (chosen.length > 1) bySystem.set(view.system, (bySystem.get(view.system) ?? 0) + 1);
        return view.meta as Meta;
      });
      // Every group had mosaics of several pairs, so a mix would have been possible.
      expect(new Set(bySystem.keys())).toEqual(new Set(['Be concise.', 'Reply formally.', undefined]));
      for (const [epoch, uses] of usesPerEpoch(metas)) {
        expect([...uses.values()].every((n) => n === 1), `epoch ${epoch}: each pair once`).toBe(true);
        expect(uses.size + (summaryCounts(stderr).dropped ?? 0), `epoch ${epoch}: every pair`).toBe(rows.length);
      }
    });
  }
});

describe('determinism of the new formats', () => {
  it('the same command twice gives byte-identical JSON Lines over several inputs and formats; another seed differs', async () => {
    const d = dir();
    const args = [SHAREGPT, DOLLY];
    const flags = [...APPROX, '--meta', '--to', 'messages', '--multi-turn', 'split', '--epochs', '2'];
    const a = await augment(args, join(d, 'a.jsonl'), flags);
    const b = await augment(args, join(d, 'b.jsonl'), flags);
    const c = await augment(args, join(d, 'c.jsonl'), [...flags, '--seed', '7']);
    for (const r of [a, b, c]) expect(r.status, r.stderr).toBe(0);
    const [bytesA, bytesB, bytesC] = ['a', 'b', 'c'].map((n) => readFileSync(join(d, `${n}.jsonl`)));
    expect(bytesA?.length).toBeGreaterThan(0);
    expect(bytesA?.equals(bytesB as Buffer)).toBe(true);
    expect(bytesA?.equals(bytesC as Buffer)).toBe(false);
    // Dolly's records are numbered after all 14 ShareGPT records.
    const table = [...sharegptTableSplit(), ...dollyTable()];
    readJsonlFile(join(d, 'a.jsonl')).forEach((rec, i) => checkSources(viewOf('messages', rec as unknown as Rec, `record ${i}`), table, `record ${i}`));
  });
});

/** The ShareGPT fixture under --multi-turn split: the multi-turn record gives both its exchanges. */
function sharegptTableSplit(): SourceTable {
  const rows = JSON.parse(readFileSync(SHAREGPT, 'utf8')) as SgRow[];
  const skip = sharegptTable();
  return rows.map((row, s) => {
    if (skip[s] !== null || row.tools !== undefined) return skip[s] ?? null;
    const t = row.conversations;
    expect(t.map((x) => x.from)).toEqual(['human', 'gpt', 'human', 'gpt']);
    expect(row.system).toBeUndefined();
    return [exchange(t[0]?.value as string, t[1]?.value as string, undefined), exchange(t[2]?.value as string, t[3]?.value as string, undefined)];
  });
}
