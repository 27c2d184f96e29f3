/**
 * Languages end to end: Chinese data gets Chinese meta-instructions; a user pack (the
 * example, every sentence reworded) is what the mosaics say, and stays true; a broken pack
 * stops the run before anything is written; the manifest names every pack.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ENGLISH } from '../../src/language/english.js';
import { loadPackFile } from '../../src/language/pack-file.js';
import { readPairs } from '../../src/io/read-pairs.js';
import type { Mosaic, Pair } from '../../src/types.js';
import { augment, REPO_ROOT, readJsonlFile, STACK_FRAME, stderrLines, useTempDirs, writeFixture } from '../helpers/e2e-cli.js';
import { layoutsOf } from '../helpers/unit-oracle.js';
import { runAll } from '../helpers/unit-run.js';

const dir = useTempDirs();
const ZH = join(REPO_ROOT, 'test/fixtures/zh/alpaca_zh.json');
const PLAIN = join(REPO_ROOT, 'examples/pack-plain.yaml');
const EN_PAIRS = join(REPO_ROOT, 'examples/pairs.jsonl');

describe('languages', () => {
  it('Chinese data: every mosaic of two or more pairs speaks Chinese; --lang en forces English', async () => {
    const work = dir();
    const out = join(work, 'zh.jsonl');
    const r = await augment([ZH], out, ['--meta', '--tokenizer', 'approx']);
    expect(r.status, r.stderr).toBe(0);
    const grouped = readJsonlFile(out).filter((x) => (x.meta?.sources.length ?? 0) > 1);
    expect(grouped.length).toBeGreaterThan(20);
    expect(grouped.filter((x) => x.meta?.lang === 'zh').length / grouped.length).toBeGreaterThanOrEqual(0.99);
    const forced = join(work, 'en.jsonl');
    expect((await augment([ZH], forced, ['--meta', '--tokenizer', 'approx', '--lang', 'en'])).status).toBe(0);
    expect(readJsonlFile(forced).every((x) => x.meta?.lang === 'en')).toBe(true);
  });

  it('a user pack replaces the built-in sentences, stays true, and the manifest records its sha256', async () => {
    const work = dir();
    const out = join(work, 'plain.jsonl');
    const manifest = join(work, 'm.json');
    const r = await augment([EN_PAIRS], out, ['--meta', '--tokenizer', 'approx', '--templates', PLAIN, '--lang', 'plain', '--manifest', manifest]);
    expect(r.status, r.stderr).toBe(0);
    const records = readJsonlFile(out);
    expect(records.every((x) => x.meta?.lang === 'plain')).toBe(true);
    const m = JSON.parse(readFileSync(manifest, 'utf8'));
    const { sha256 } = await loadPackFile(PLAIN);
    expect(m.options.lang).toBe('plain');
    expect(m.options.packs).toEqual([
      { name: 'en', version: ENGLISH.version, builtIn: true },
      { name: 'zh', version: '1', builtIn: true },
      { name: 'plain', version: '1', file: PLAIN, sha256 },
    ]);
  });

  it('a broken pack is refused in one line naming the key: exit 2, no output file', async () => {
    const work = dir();
    const broken = writeFixture(work, 'broken.yaml', readFileSync(PLAIN, 'utf8').replace(/\{sequence\}/g, 'the order'));
    const out = join(work, 'out.jsonl');
    const r = await augment([EN_PAIRS], out, ['--templates', broken]);
    expect(r.status).toBe(2);
    const lines = stderrLines(r.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(/^mosaic-it: --templates: .*broken\.yaml: permute\.random\.(two|many)\[\d+\]: .*\{sequence\}/);
    expect(r.stderr).not.toMatch(STACK_FRAME);
    expect(existsSync(out)).toBe(false);
  });
});

describe('an edited pack, as a library user passes it', () => {
  it('every mosaic is explained by the edited sentences, none of which is a built-in one', async () => {
    const { pack } = await loadPackFile(PLAIN);
    const pairs: Pair[] = (await readPairs([EN_PAIRS])).map((p, source) => ({ ...p, source }));
    const englishSentences = new Set(
      [ENGLISH.primary, ...Object.values(ENGLISH.permute), ...Object.values(ENGLISH.maskout)].flatMap((f) => (f ? [...(f.two ?? []), ...(f.one ?? []), ...f.many] : [])),
    );
    // Every sentence was reworded: the pack shares none with the built-in English one.
    const plainSentences = [pack.primary, ...Object.values(pack.permute), ...Object.values(pack.maskout)].flatMap((f) => (f ? [...(f.two ?? []), ...(f.one ?? []), ...f.many] : []));
    expect(plainSentences.filter((t) => englishSentences.has(t))).toEqual([]);
    let grouped = 0;
    for (const seed of [1, 2, 3]) {
      const { mosaics } = await runAll(pairs, { seed, templates: [pack], lang: 'plain', maxK: 6 });
      for (const m of mosaics as Mosaic[]) {
        const src = m.meta.sources.map((s) => pairs[s] as Pair);
        const layouts = layoutsOf(m, src.map((p) => p.prompt), src.map((p) => p.response), pack);
        expect(layouts.length, m.prompt).toBeGreaterThan(0);
        if (m.meta.sources.length > 1) grouped++;
      }
    }
    expect(grouped).toBeGreaterThan(5);
  });
});
