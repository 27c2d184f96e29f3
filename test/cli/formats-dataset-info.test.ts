/**
 * --dataset-info through the built CLI: a LLaMA-Factory dataset_info.json entry for the
 * output, written fresh or merged into an existing file, whose columns and tags name what
 * the written records really hold, and refused (before anything is written) for output
 * LLaMA-Factory cannot read.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { augment, readJsonlFile, STACK_FRAME, stderrLines, useTempDirs } from '../helpers/e2e-cli.js';
import { e2eFixture } from '../helpers/e2e-records.js';

const dir = useTempDirs();

const fixture = e2eFixture;
const SHAREGPT = fixture('sharegpt.json');
const DOLLY = fixture('dolly.jsonl');
const APPROX = ['--tokenizer', 'approx', '--epochs', '1'];

type Rec = Record<string, unknown>;
interface Entry {
  file_name: string;
  formatting: string;
  columns: Record<string, string>;
  tags?: Record<string, string>;
}

function readInfo(path: string): Record<string, Entry> {
  const text = readFileSync(path, 'utf8');
  expect(text.endsWith('\n'), 'dataset_info.json ends with a newline').toBe(true);
  return JSON.parse(text) as Record<string, Entry>;
}

/**
 * Reads `records` the way LLaMA-Factory's converters use `entry` (data/README.md): every
 * declared column is a field of the records (the system column of at least one), and a
 * sharegpt-formatted entry's role and content tags and role values are the ones in the lists.
 */
function checkEntryFits(entry: Entry, records: readonly Rec[]): void {
  for (const [key, field] of Object.entries(entry.columns)) {
    const holding = records.filter((r) => field in r);
    if (key === 'system') expect(holding.length, `some record has the system column "${field}"`).toBeGreaterThan(0);
    else expect(holding.length, `every record has column ${key}="${field}"`).toBe(records.length);
  }
  if (entry.formatting === 'sharegpt') {
    const tags = entry.tags as Record<string, string>;
    const roleTag = tags.role_tag as string;
    const contentTag = tags.content_tag as string;
    const allowed = [tags.user_tag, tags.assistant_tag, tags.system_tag].filter((t) => t !== undefined);
    for (const r of records) {
      const list = r[entry.columns.messages as string] as Rec[];
      for (const m of list) {
        expect(Object.keys(m).sort()).toEqual([contentTag, roleTag].sort());
        expect(allowed).toContain(m[roleTag]);
        expect(typeof m[contentTag]).toBe('string');
      }
      expect(list.at(-1)?.[roleTag]).toBe(tags.assistant_tag);
    }
  } else {
    expect(entry.formatting).toBe('alpaca');
    for (const r of records) for (const field of Object.values(entry.columns)) if (field in r) expect(typeof r[field]).toBe('string');
  }
}

describe('--dataset-info', () => {
  it('writes a fresh file with one entry named after the output; file_name is relative to the file\'s folder', async () => {
    const d = dir();
    mkdirSync(join(d, 'lf', 'data'), { recursive: true });
    const out = join(d, 'lf', 'data', 'pirates.jsonl');
    const info = join(d, 'lf', 'dataset_info.json');
    const r = await augment([SHAREGPT], out, [...APPROX, '--dataset-info', info]);
    expect(r.status, r.stderr).toBe(0);
    const entries = readInfo(info);
    expect(entries).toEqual({
      pirates: {
        file_name: 'data/pirates.jsonl',
        formatting: 'sharegpt',
        columns: { messages: 'conversations', system: 'system' },
        tags: { role_tag: 'from', content_tag: 'value', user_tag: 'human', assistant_tag: 'gpt' },
      },
    });
    checkEntryFits(entries.pirates as Entry, readJsonlFile(out) as unknown as Rec[]);
    expect(readdirSync(join(d, 'lf')).sort()).toEqual(['data', 'dataset_info.json']);
  });

  it('relative paths from the working folder, and an output outside the dataset folder, give the path from the file\'s folder', async () => {
    const d = dir();
    mkdirSync(join(d, 'lf', 'data'), { recursive: true });
    mkdirSync(join(d, 'elsewhere'));
    const inside = await augment([SHAREGPT], 'lf/data/a.jsonl', [...APPROX, '--dataset-info', 'lf/dataset_info.json'], { cwd: d });
    expect(inside.status, inside.stderr).toBe(0);
    const outside = await augment([SHAREGPT], 'elsewhere/b.json', [...APPROX, '--dataset-info', 'lf/dataset_info.json'], { cwd: d });
    expect(outside.status, outside.stderr).toBe(0);
    const entries = readInfo(join(d, 'lf', 'dataset_info.json'));
    expect(Object.keys(entries)).toEqual(['a', 'b']);
    expect(entries.a?.file_name).toBe('data/a.jsonl');
    expect(entries.b?.file_name).toBe('../elsewhere/b.json');
  });

  for (const [to, input, expected] of [
    ['alpaca', SHAREGPT, { formatting: 'alpaca', columns: { prompt: 'instruction', query: 'input', response: 'output', system: 'system' } }],
    [
      'messages',
      SHAREGPT,
      {
        formatting: 'sharegpt',
        columns: { messages: 'messages' },
        tags: { role_tag: 'role', content_tag: 'content', user_tag: 'user', assistant_tag: 'assistant', system_tag: 'system' },
      },
    ],
    ['prompt-completion', DOLLY, { formatting: 'alpaca', columns: { prompt: 'prompt', response: 'completion' } }],
    ['alpaca', DOLLY, { formatting: 'alpaca', columns: { prompt: 'instruction', query: 'input', response: 'output' } }],
  ] as const) {
    it(`--to ${to} from ${input === DOLLY ? 'data without' : 'data with'} system prompts: an entry that fits the written records`, async () => {
      const d = dir();
      const out = join(d, 'out.jsonl');
      const info = join(d, 'dataset_info.json');
      const r = await augment([input], out, [...APPROX, '--to', to, '--dataset-info', info]);
      expect(r.status, r.stderr).toBe(0);
      const entries = readInfo(info);
      expect(entries).toEqual({ out: { file_name: 'out.jsonl', ...expected } });
      checkEntryFits(entries.out as Entry, readJsonlFile(out) as unknown as Rec[]);
    });
  }

  it('merges into an existing file: other entries kept as they were and where they were, its own entry replaced in place', async () => {
    const d = dir();
    const info = join(d, 'dataset_info.json');
    const existing = {
      identity: { file_name: 'identity.json' },
      mosaics: { file_name: 'stale.json', formatting: 'alpaca', columns: { prompt: 'q' } },
      alpaca_en_demo: { file_name: 'alpaca_en_demo.json', columns: { prompt: 'instruction', response: 'output' }, ranking: false },
    };
    writeFileSync(info, JSON.stringify(existing, null, 2));
    const r = await augment([SHAREGPT], join(d, 'mosaics.parquet'), [...APPROX, '--to', 'messages', '--dataset-info', info]);
    expect(r.status, r.stderr).toBe(0);
    const entries = readInfo(info);
    expect(Object.keys(entries)).toEqual(['identity', 'mosaics', 'alpaca_en_demo']);
    expect(entries.identity).toEqual(existing.identity);
    expect(entries.alpaca_en_demo).toEqual(existing.alpaca_en_demo);
    expect(entries.mosaics?.file_name).toBe('mosaics.parquet');
    expect(entries.mosaics?.formatting).toBe('sharegpt');

    const again = await augment([DOLLY], join(d, 'dolly.jsonl'), [...APPROX, '--dataset-info', info]);
    expect(again.status, again.stderr).toBe(0);
    const more = readInfo(info);
    expect(Object.keys(more)).toEqual(['identity', 'mosaics', 'alpaca_en_demo', 'dolly']);
    expect(more.mosaics).toEqual(entries.mosaics);
    expect(more.dolly?.file_name).toBe('dolly.jsonl');
  });

  it('an existing file that is not JSON is reported in one line naming it, and left as it was', async () => {
    const d = dir();
    const info = join(d, 'dataset_info.json');
    writeFileSync(info, '{"identity": {"file_name": "identity.json"}');
    const r = await augment([DOLLY], join(d, 'out.jsonl'), [...APPROX, '--dataset-info', info]);
    expect(r.status).toBe(1);
    const lines = stderrLines(r.stderr);
    expect(lines, r.stderr).toHaveLength(1);
    expect(lines[0]).toContain(info);
    expect(r.stderr).not.toMatch(STACK_FRAME);
    expect(readFileSync(info, 'utf8')).toBe('{"identity": {"file_name": "identity.json"}');
  });

  it('--to prompt-completion on data with system prompts (conversational form) exits 2 naming --dataset-info; nothing written', async () => {
    const d = dir();
    const info = join(d, 'dataset_info.json');
    const out = join(d, 'out.jsonl');
    const r = await augment([SHAREGPT], out, [...APPROX, '--to', 'prompt-completion', '--dataset-info', info]);
    expect(r.status).toBe(2);
    const lines = stderrLines(r.stderr);
    expect(lines, r.stderr).toHaveLength(1);
    expect(lines[0]).toContain('--dataset-info');
    expect(r.stderr).not.toMatch(STACK_FRAME);
    expect(readdirSync(d)).toEqual([]);

    // An existing file is left as it was.
    const before = JSON.stringify({ keep: { file_name: 'keep.json' } }, null, 2);
    writeFileSync(info, before);
    const again = await augment([SHAREGPT], out, [...APPROX, '--to', 'prompt-completion', '--dataset-info', info]);
    expect(again.status).toBe(2);
    expect(readFileSync(info, 'utf8')).toBe(before);
    expect(existsSync(out)).toBe(false);
    expect(readdirSync(d)).toEqual(['dataset_info.json']);
  });
});
