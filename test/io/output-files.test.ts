import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gunzipSync } from 'node:zlib';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { gzipSink } from '../../src/io/gzip.js';
import { OutputError } from '../../src/errors.js';
import { outputLayout } from '../../src/io/output-path.js';
import { OutputFiles, PendingFile } from '../../src/io/pending-file.js';

let dir = '';
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mosaic-it-outputs-'));
});
afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('OutputFiles', () => {
  it('opens every temporary file at once, and replaces the targets only on commit', async () => {
    await writeFile(join(dir, 'a.jsonl'), 'old a\n');
    const files = new OutputFiles();
    const a = await files.add(join(dir, 'a.jsonl'));
    const b = await files.add(join(dir, 'b.json'));
    expect((await readdir(dir)).filter((f) => f.endsWith('.tmp'))).toHaveLength(2);
    await a.sink('new a\n');
    await b.sink(Buffer.from('{}\n'));
    expect(await readFile(join(dir, 'a.jsonl'), 'utf8')).toBe('old a\n');
    await files.commit();
    await files.discard();
    expect((await readdir(dir)).sort()).toEqual(['a.jsonl', 'b.json']);
    expect(await readFile(join(dir, 'a.jsonl'), 'utf8')).toBe('new a\n');
    expect(await readFile(join(dir, 'b.json'), 'utf8')).toBe('{}\n');
  });

  it('discard leaves every target as it was and removes every temporary file', async () => {
    await writeFile(join(dir, 'a.jsonl'), 'old a\n');
    const files = new OutputFiles();
    await (await files.add(join(dir, 'a.jsonl'))).sink('new a\n');
    await files.add(join(dir, 'b.json'));
    await files.discard();
    await files.discard();
    expect(await readdir(dir)).toEqual(['a.jsonl']);
    expect(await readFile(join(dir, 'a.jsonl'), 'utf8')).toBe('old a\n');
  });

  it('a path that cannot be written is an OutputError naming it, when it is added', async () => {
    await writeFile(join(dir, 'file'), '');
    for (const [path, says] of [
      [join(dir, 'none', 'x.json'), 'its folder does not exist'],
      [join(dir, 'file', 'x.json'), 'a part of its path is not a folder'],
      [dir, 'it is a directory'],
    ] as const) {
      const error = await PendingFile.create(path).catch((e: unknown) => e);
      expect(error, path).toBeInstanceOf(OutputError);
      expect((error as Error).message).toBe(`cannot write ${path}: ${says}`);
    }
    expect(await readdir(dir)).toEqual(['file']);
  });

  it('writes a device in place: /dev/null is not renamed over', async () => {
    const file = await PendingFile.create('/dev/null');
    expect(file.inPlace).toBe(true);
    await file.sink('gone\n');
    await file.commit();
  });
});

describe('gzipSink', () => {
  it('compresses what it is given, the same bytes however the input is cut', async () => {
    const text = Array.from({ length: 20_000 }, (_, i) => `{"line": ${i}, "text": "é中😀 ${'x'.repeat(i % 50)}"}\n`).join('');
    const compress = async (pieces: readonly string[]) => {
      const out: Uint8Array[] = [];
      const gz = gzipSink(async (block) => {
        out.push(typeof block === 'string' ? Buffer.from(block) : block);
      });
      for (const piece of pieces) await gz.sink(Buffer.from(piece));
      await gz.end();
      return Buffer.concat(out);
    };
    const whole = await compress([text]);
    const cut = await compress([text.slice(0, 1000), text.slice(1000, 300_000), text.slice(300_000)]);
    expect(gunzipSync(whole).toString()).toBe(text);
    expect(cut.equals(whole)).toBe(true);
  });

  it('reports the sink\'s failure, not zlib\'s', async () => {
    const gz = gzipSink(async () => {
      throw new OutputError('cannot write out.jsonl.gz: no space left on the device');
    });
    const big = Buffer.alloc(4 << 20, 7);
    const error = await (async () => {
      for (let i = 0; i < 8; i++) await gz.sink(big);
      await gz.end();
    })().catch((e: unknown) => e);
    gz.destroy();
    expect(error).toBeInstanceOf(OutputError);
  });
});

describe('outputLayout', () => {
  it.each([
    ['out.jsonl', undefined, { container: 'jsonl', gzip: false }],
    ['out.NDJSON', undefined, { container: 'jsonl', gzip: false }],
    ['out.json', undefined, { container: 'json', gzip: false }],
    ['out.parquet', undefined, { container: 'parquet', gzip: false }],
    ['out.jsonl.gz', undefined, { container: 'jsonl', gzip: true }],
    ['out.json.GZ', undefined, { container: 'json', gzip: true }],
    ['out.csv', 'jsonl', { container: 'jsonl', gzip: false }],
    ['out.gz', 'json', { container: 'json', gzip: true }],
    ['-', undefined, { container: 'jsonl', gzip: false }],
    ['/dev/null', undefined, { container: 'jsonl', gzip: false }],
  ] as const)('%s (--output-format %s)', async (path, given, expected) => {
    expect(await outputLayout(path, given)).toEqual(expected);
  });

  it.each([
    ['out.csv', 'unknown extension'],
    ['out', 'unknown extension'],
    ['out.gz', 'unknown extension'],
    ['out.parquet.gz', 'Parquet compresses its own columns'],
  ])('%s is refused naming --output', async (path, says) => {
    const error = await outputLayout(join(dir, path)).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).flag).toBe('--output');
    expect((error as Error).message).toContain(says);
  });
});
