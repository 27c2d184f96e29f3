/**
 * Input formats and containers through the built CLI, on small hand-written fixtures
 * (test/fixtures/e2e): ShareGPT with a system column, a multi-turn and a tool-use record;
 * Dolly; prompt/completion in string and conversational form; --map on custom names; a file
 * of no known format; gzip; glob patterns; stdin and stdout. What each record should give
 * is restated here from the formats' definitions, not taken from src/.
 */
import { gzipSync } from 'node:zlib';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  augment,
  findInOrder,
  jsonl,
  type Meta,
  parseJsonl,
  STACK_FRAME,
  skippedParts,
  stderrLines,
  summaryCounts,
  useTempDirs,
} from '../helpers/e2e-cli.js';
import { type To, type Rec, type Exchange, type SourceTable, type View, APPROX, outRecords, viewOf, checkSources, usesPerEpoch, e2eFixture } from '../helpers/e2e-records.js';

const dir = useTempDirs();

// ---- the fixtures, restated ----

const fixture = e2eFixture;
const SHAREGPT = fixture('sharegpt.json');
const DOLLY = fixture('dolly.jsonl');
const PC = fixture('prompt-completion.jsonl');
const PC_CHAT = fixture('prompt-completion-chat.jsonl');

const readJson = <T>(path: string): T => JSON.parse(readFileSync(path, 'utf8')) as T;
const readLines = <T>(path: string): T[] =>
  readFileSync(path, 'utf8')
    .split('\n')
    .filter((l) => l.trim() !== '')
    .map((l) => JSON.parse(l) as T);

const meaningful = (s: string | undefined): string | undefined => (s === undefined || s.trim() === '' ? undefined : s);
const exchange = (prompt: string, response: string, system: string | undefined): Exchange =>
  system === undefined ? { prompt, response } : { prompt, response, system };

type Policy = 'skip' | 'first' | 'split';
const byPolicy = (exchanges: Exchange[], policy: Policy): Exchange[] | null =>
  exchanges.length === 1 || policy === 'split' ? exchanges : policy === 'first' ? exchanges.slice(0, 1) : null;

interface SgRow {
  conversations: Array<{ from: string; value: string }>;
  system?: string;
  tools?: string;
}
const TOOL_ROLES = ['function_call', 'observation', 'tool', 'function'];

/** LLaMA-Factory ShareGPT: human/gpt turns; a leading system turn wins over the system column; tool records give nothing. */
function sharegptTable(rows: readonly SgRow[], policy: Policy): SourceTable {
  return rows.map((row) => {
    if (row.tools !== undefined || row.conversations.some((t) => TOOL_ROLES.includes(t.from))) return null;
    let turns = row.conversations;
    let system = meaningful(row.system);
    if (turns[0]?.from === 'system') {
      system = meaningful(turns[0].value) ?? system;
      turns = turns.slice(1);
    }
    const exchanges: Exchange[] = [];
    for (let i = 0; i < turns.length; i += 2) {
      expect([turns[i]?.from, turns[i + 1]?.from]).toEqual(['human', 'gpt']);
      exchanges.push(exchange(turns[i]?.value as string, turns[i + 1]?.value as string, system));
    }
    return byPolicy(exchanges, policy);
  });
}

const PIRATE = 'You are a terse pirate.';
const FRENCH = 'Answer in French.';
/** The fixture's system prompt per record, written out by hand; null for the tool-use record. */
const SG_SYSTEMS = [PIRATE, undefined, FRENCH, undefined, null, PIRATE, undefined, FRENCH, PIRATE, undefined, PIRATE, undefined, FRENCH, undefined];
const SG_MULTI = 3;
const SG_TOOL = 4;

interface DollyRow {
  instruction: string;
  context: string;
  response: string;
}
const dollyTable = (rows: readonly DollyRow[]): SourceTable =>
  rows.map((r) => [exchange(r.context ? `${r.instruction}\n${r.context}` : r.instruction, r.response, undefined)]);

interface AlpacaRow {
  instruction: string;
  input?: string;
  output: string;
  system?: string;
}
const alpacaTable = (rows: readonly AlpacaRow[]): SourceTable =>
  rows.map((r) => [exchange(r.input ? `${r.instruction}\n${r.input}` : r.instruction, r.output, meaningful(r.system))]);

// ---- running ----

interface Run {
  readonly records: Rec[];
  readonly stderr: string;
  readonly out: string;
}

async function run(inputs: readonly string[], flags: readonly string[], options: { cwd?: string; input?: string | Buffer } = {}): Promise<Run> {
  const out = join(dir(), 'out.jsonl');
  const r = await augment(inputs, out, [...APPROX, '--meta', ...flags], options);
  expect(r.status, r.stderr).toBe(0);
  expect(r.stderr).not.toMatch(STACK_FRAME);
  const records = outRecords(out);
  expect(summaryCounts(r.stderr).mosaics).toBe(records.length);
  return { records, stderr: r.stderr, out };
}

function skippedLines(stderr: string): string[] {
  return skippedParts(stderr);
}

/** Checks every record's shape and sources, and that each pass uses every pair the table gives exactly once. */
function checkAll(to: To, result: Run, table: SourceTable, options: { conversational?: boolean } = {}): View[] {
  const views = result.records.map((rec, i) => {
    const view = viewOf(to, rec, `record ${i}`);
    if (options.conversational !== undefined) {
      expect(Array.isArray(rec.prompt), `record ${i}: conversational form`).toBe(options.conversational);
    }
    checkSources(view, table, `record ${i}`);
    return view;
  });
  expect(summaryCounts(result.stderr).dropped, 'no pair of these fixtures goes over the budget').toBe(0);
  const expected = new Map<number, number>();
  table.forEach((ex, s) => {
    if (ex !== null) expected.set(s, ex.length);
  });
  for (const [epoch, uses] of usesPerEpoch(views.map((v) => v.meta as Meta))) {
    expect(new Map([...uses].sort((a, b) => a[0] - b[0])), `epoch ${epoch}: each pair used once`).toEqual(expected);
  }
  return views;
}

describe('ShareGPT input (LLaMA-Factory layout)', () => {
  const rows = readJson<SgRow[]>(SHAREGPT);

  it('the restated table matches the fixture as written by hand', async () => {
    const table = sharegptTable(rows, 'skip');
    expect(table.map((ex) => (ex === null ? null : ex[0]?.system))).toEqual(SG_SYSTEMS.map((s, i) => (i === SG_MULTI ? null : s)));
  });

  it('is written back as ShareGPT with the system column; the multi-turn and the tool-use records are skipped and counted', async () => {
    const result = await run([SHAREGPT], ['--epochs', '2']);
    expect(summaryCounts(result.stderr).pairs).toBe(12);
    expect(skippedLines(result.stderr)).toEqual(['skipped: 2 records (multi-turn 1, tool-use 1)']);
    const views = checkAll('sharegpt', result, sharegptTable(rows, 'skip'));
    const used = new Set(views.flatMap((v) => v.meta?.sources ?? []));
    expect(used.has(SG_MULTI) || used.has(SG_TOOL), 'skipped records are never sources').toBe(false);
    expect(new Set(views.map((v) => v.system)), 'all three system groups are written').toEqual(new Set([PIRATE, FRENCH, undefined]));
    // Record 8 states its system prompt as a leading system turn, not in the column.
    const eight = views.find((v) => v.meta?.sources.includes(8));
    expect(eight?.system).toBe(PIRATE);
  });

  for (const [policy, pairs] of [
    ['first', 13],
    ['split', 14],
  ] as const) {
    it(`--multi-turn ${policy}: the multi-turn record gives ${pairs - 12} pair(s); the tool-use record is still skipped`, async () => {
      const result = await run([SHAREGPT], ['--epochs', '2', '--multi-turn', policy]);
      expect(summaryCounts(result.stderr).pairs).toBe(pairs);
      expect(skippedLines(result.stderr)).toEqual(['skipped: 1 record (tool-use 1)']);
      checkAll('sharegpt', result, sharegptTable(rows, policy));
    });
  }
});

describe('Dolly and prompt/completion inputs', () => {
  it('Dolly: context joins the instruction as alpaca input does; written as alpaca', async () => {
    const rows = readLines<DollyRow>(DOLLY);
    expect(rows.some((r) => r.context !== '') && rows.some((r) => r.context === '')).toBe(true);
    const result = await run([DOLLY], ['--epochs', '2']);
    expect(summaryCounts(result.stderr).pairs).toBe(rows.length);
    checkAll('alpaca', result, dollyTable(rows));
  });

  it('prompt/completion, string form: written back as strings', async () => {
    const rows = readLines<{ prompt: string; completion: string }>(PC);
    const result = await run([PC], ['--epochs', '2']);
    expect(summaryCounts(result.stderr).pairs).toBe(rows.length);
    checkAll('prompt-completion', result, rows.map((r) => [exchange(r.prompt, r.completion, undefined)]), { conversational: false });
  });

  it('prompt/completion, conversational form with a system message: every record conversational, system first in the prompt', async () => {
    type Msg = { role: string; content: string };
    const rows = readLines<{ prompt: Msg[]; completion: Msg[] }>(PC_CHAT);
    const table = rows.map((r) => {
      const system = r.prompt[0]?.role === 'system' ? r.prompt[0].content : undefined;
      return [exchange(r.prompt.at(-1)?.content as string, r.completion[0]?.content as string, system)];
    });
    expect(table.filter((t) => t[0]?.system !== undefined).length, 'fixture mixes records with and without a system').toBe(3);
    const result = await run([PC_CHAT], ['--epochs', '2']);
    expect(summaryCounts(result.stderr).pairs).toBe(rows.length);
    const views = checkAll('prompt-completion', result, table, { conversational: true });
    expect(new Set(views.map((v) => v.system))).toEqual(new Set(['Reply like a librarian.', undefined]));
    for (const [i, rec] of result.records.entries()) {
      const roles = (rec.prompt as Msg[]).map((m) => m.role);
      expect(roles, `record ${i}: prompt roles`).toEqual(views[i]?.system === undefined ? ['user'] : ['system', 'user']);
    }
  });
});

describe('--map: custom field and role names', () => {
  it('question/answer/persona columns read as prompt/response/system, written as alpaca with the system column', async () => {
    const path = fixture('custom-qa.jsonl');
    const rows = readLines<{ question: string; answer: string; persona: string }>(path);
    const result = await run([path], ['--epochs', '2', '--map', 'prompt=question,response=answer,system=persona']);
    expect(summaryCounts(result.stderr).pairs).toBe(rows.length);
    const views = checkAll('alpaca', result, rows.map((r) => [exchange(r.question, r.answer, r.persona)]));
    expect(new Set(views.map((v) => v.system))).toEqual(new Set(['You are a botanist.', 'You are a doctor.']));
  });

  it('a message list under custom field, key and role names, written as messages', async () => {
    const path = fixture('custom-dialog.json');
    const rows = readJson<Array<{ dialog: Array<{ speaker: string; text: string }> }>>(path);
    const map = 'messages=dialog,role=speaker,content=text,user-role=asker,assistant-role=helper';
    const result = await run([path], ['--epochs', '2', '--map', map]);
    expect(summaryCounts(result.stderr).pairs).toBe(rows.length);
    checkAll('messages', result, rows.map((r) => [exchange(r.dialog[0]?.text as string, r.dialog[1]?.text as string, undefined)]));
  });

  it('without the map the same file is of no known format', async () => {
    const d = dir();
    const r = await augment([fixture('custom-qa.jsonl')], join(d, 'out.jsonl'), APPROX);
    expect(r.status).toBe(1);
    expect(readdirSync(d)).toEqual([]);
  });
});

describe('--format and mixed formats', () => {
  it('--format naming the detected format changes nothing; naming another is a data error at the first record', async () => {
    const d = dir();
    const detected = await run([DOLLY], ['--epochs', '1']);
    const forced = await run([DOLLY], ['--epochs', '1', '--format', 'dolly']);
    expect(readFileSync(forced.out).equals(readFileSync(detected.out))).toBe(true);
    const wrong = await augment([DOLLY], join(d, 'out.jsonl'), [...APPROX, '--format', 'alpaca']);
    expect(wrong.status).toBe(1);
    const lines = stderrLines(wrong.stderr);
    expect(lines, wrong.stderr).toHaveLength(1);
    expect(lines[0]).toContain(`${DOLLY}:1`);
    expect(findInOrder(lines[0] as string, ['alpaca', '"instruction"', '"output"', '"context"', '"response"'])).toBe(-1);
    expect(readdirSync(d)).toEqual([]);
  });

  it('inputs of different families without --to: exit 2 naming --to and each file\'s format; no output', async () => {
    const d = dir();
    const r = await augment([SHAREGPT, DOLLY], join(d, 'out.jsonl'), APPROX);
    expect(r.status).toBe(2);
    const lines = stderrLines(r.stderr);
    expect(lines, r.stderr).toHaveLength(1);
    expect(findInOrder(lines[0] as string, ['--to', SHAREGPT, 'sharegpt', DOLLY, 'dolly'])).toBe(-1);
    expect(readdirSync(d)).toEqual([]);
  });
});

describe('a file of no known format', () => {
  it('exits 1 with one line naming the fields found and the fields each format expects; no output left', async () => {
    const d = dir();
    const path = fixture('unknown-format.jsonl');
    const r = await augment([path], join(d, 'out.jsonl'), APPROX);
    expect(r.status).toBe(1);
    expect(r.stdout.length).toBe(0);
    const lines = stderrLines(r.stderr);
    expect(lines, r.stderr).toHaveLength(1);
    const line = lines[0] as string;
    expect(line).toContain(`${path}:1`);
    expect(findInOrder(line, ['"text"', '"label"']), 'found fields, in record order').toBe(-1);
    for (const [format, fields] of [
      ['alpaca', ['"instruction"', '"output"']],
      ['sharegpt', ['"conversations"']],
      ['messages', ['"messages"']],
      ['prompt-completion', ['"prompt"', '"completion"']],
      ['dolly', ['"instruction"', '"response"']],
    ] as const) {
      expect(findInOrder(line, [format, ...fields]), `expected fields of ${format}`).toBe(-1);
    }
    expect(r.stderr).not.toMatch(STACK_FRAME);
    expect(readdirSync(d)).toEqual([]);
  });
});

describe('containers and inputs', () => {
  it('the same bytes out whichever way the records come in: a file, its .gz, stdin ("-"), gzipped stdin', async () => {
    const d = dir();
    for (const [plain, gzName] of [
      [SHAREGPT, 'sharegpt.json.gz'],
      [DOLLY, 'dolly.jsonl.gz'],
    ] as const) {
      const gz = join(d, gzName);
      writeFileSync(gz, gzipSync(readFileSync(plain)));
      const expected = readFileSync((await run([plain], ['--epochs', '2'])).out);
      expect(expected.length).toBeGreaterThan(0);
      const others = [
        ['.gz file', await run([gz], ['--epochs', '2'])],
        ['stdin', await run(['-'], ['--epochs', '2'], { input: readFileSync(plain) })],
        ['gzipped stdin', await run(['-'], ['--epochs', '2'], { input: readFileSync(gz) })],
      ] as const;
      for (const [how, result] of others) expect(readFileSync(result.out).equals(expected), `${gzName}: ${how}`).toBe(true);
    }
  });

  it('a quoted glob reads the matches sorted, whatever their container; meta.sources count across them in that order', async () => {
    const d = dir();
    const parts = join(d, 'parts');
    mkdirSync(parts);
    const rowsOf = (tag: string, n: number, system?: string): AlpacaRow[] =>
      Array.from({ length: n }, (_, i) => ({
        instruction: `${tag}${i} Say the word ${tag}${i}.`,
        input: i % 2 === 0 ? '' : `(part ${tag}, row ${i})`,
        output: `${tag}${i} is the word.`,
        ...(system === undefined ? {} : { system }),
      }));
    const a = rowsOf('ALPHA', 3);
    const b = rowsOf('BRAVO', 4, 'Speak slowly.');
    const c = rowsOf('CHARLIE', 2);
    // Written in an order that is not the sorted one, in three containers.
    writeFileSync(join(parts, 'c.jsonl.gz'), gzipSync(jsonl(c)));
    writeFileSync(join(parts, 'a.jsonl'), jsonl(a));
    writeFileSync(join(parts, 'b.json'), JSON.stringify(b, null, 2));
    writeFileSync(join(parts, 'notes.txt'), 'not data');
    const sorted = await run(['parts/*.json*'], ['--epochs', '2', '--max-k', '9'], { cwd: d });
    expect(summaryCounts(sorted.stderr).pairs).toBe(9);
    checkAll('alpaca', sorted, alpacaTable([...a, ...b, ...c]));

    // Files named one by one are read in the order given, not sorted.
    const given = await run(['parts/c.jsonl.gz', 'parts/a.jsonl'], ['--epochs', '1'], { cwd: d });
    checkAll('alpaca', given, alpacaTable([...c, ...a]));
  });

  it('a glob pattern matching nothing exits 1 naming the pattern, as a missing file does; no output', async () => {
    const d = dir();
    mkdirSync(join(d, 'empty'));
    writeFileSync(join(d, 'good.jsonl'), jsonl([{ instruction: 'Say hi.', output: 'Hi.' }]));
    for (const [missing, line] of [
      ['empty/*.jsonl', 'mosaic-it: empty/*.jsonl: no files match this pattern'],
      ['empty/none.jsonl', 'mosaic-it: empty/none.jsonl: no such file'],
    ] as const) {
      // The good input first: the missing one is found before anything is written either way.
      const r = await augment(['good.jsonl', missing], join(d, 'out.jsonl'), APPROX, { cwd: d });
      expect(r.status, r.stderr).toBe(1);
      expect(stderrLines(r.stderr)).toEqual([line]);
      expect(readdirSync(d).sort()).toEqual(['empty', 'good.jsonl']);
    }
  });

  it('a folder reads its data files in sorted order, not its subfolders; meta.sources count across them', async () => {
    const d = dir();
    const parts = join(d, 'parts');
    mkdirSync(join(parts, 'older'), { recursive: true });
    const rowsOf = (tag: string, n: number): AlpacaRow[] =>
      Array.from({ length: n }, (_, i) => ({ instruction: `${tag}${i} Say the word ${tag}${i}.`, input: '', output: `${tag}${i} is the word.` }));
    const a = rowsOf('ALPHA', 2);
    const b = rowsOf('BRAVO', 3);
    writeFileSync(join(parts, 'b.jsonl.gz'), gzipSync(jsonl(b)));
    writeFileSync(join(parts, 'a.json'), JSON.stringify(a));
    writeFileSync(join(parts, 'notes.txt'), 'not data');
    writeFileSync(join(parts, 'older', 'c.jsonl'), jsonl(rowsOf('CHARLIE', 4)));
    const read = await run(['parts'], ['--epochs', '1'], { cwd: d });
    expect(summaryCounts(read.stderr).pairs).toBe(5);
    checkAll('alpaca', read, alpacaTable([...a, ...b]));
  });

  it('stdin can be mixed with files: its records are numbered where it stands', async () => {
    const d = dir();
    const local = join(d, 'sharegpt.json');
    copyFileSync(SHAREGPT, local);
    const rows = readJson<SgRow[]>(SHAREGPT);
    const result = await run([local, '-'], ['--epochs', '1', '--to', 'messages'], { input: readFileSync(SHAREGPT) });
    expect(summaryCounts(result.stderr).pairs).toBe(24);
    expect(skippedLines(result.stderr)).toEqual(['skipped: 4 records (multi-turn 2, tool-use 2)']);
    const table = sharegptTable(rows, 'skip');
    checkAll('messages', result, [...table, ...table]);
  });

  it('-o - writes JSON Lines to stdout, the same bytes as the file output', async () => {
    const d = dir();
    const toFile = await augment([SHAREGPT], join(d, 'out.jsonl'), [...APPROX, '--meta', '--to', 'messages']);
    const toStdout = await augment([SHAREGPT], '-', [...APPROX, '--meta', '--to', 'messages']);
    expect(toFile.status, toFile.stderr).toBe(0);
    expect(toStdout.status, toStdout.stderr).toBe(0);
    expect(toStdout.stdout.equals(readFileSync(join(d, 'out.jsonl')))).toBe(true);
    expect(toStdout.stderr).toContain('in stdout');
    const records = parseJsonl(toStdout.stdout) as unknown as Rec[];
    records.forEach((rec, i) => checkSources(viewOf('messages', rec, `record ${i}`), sharegptTable(readJson<SgRow[]>(SHAREGPT), 'skip'), `record ${i}`));
    expect(readdirSync(d)).toEqual(['out.jsonl']);
  });
});
