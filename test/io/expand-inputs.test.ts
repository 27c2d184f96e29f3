import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DataError } from '../../src/errors.js';
import { expandInputs } from '../../src/io/expand-inputs.js';

let dir = '';

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'mosaic-it-inputs-'));
  await mkdir(join(dir, 'sub', 'deep'), { recursive: true });
  await mkdir(join(dir, 'folder.json'));
  for (const name of ['b.json', 'a.json', 'B.json', 'x[1].json', 'x1.json', 'c.jsonl', '.hidden.json', 'sub/d.json', 'sub/deep/e.json']) {
    await writeFile(join(dir, name), '[]');
  }
});

afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('expandInputs', () => {
  it('expands a pattern to its files, sorted by code unit, skipping folders and dotfiles', async () => {
    expect(await expandInputs(['*.json'], dir)).toEqual(['B.json', 'a.json', 'b.json', 'x1.json', 'x[1].json']);
  });

  it('keeps the arguments in the order given, each pattern sorted in place', async () => {
    expect(await expandInputs(['c.jsonl', 'sub/**/*.json', 'a.json'], dir)).toEqual(['c.jsonl', 'sub/d.json', 'sub/deep/e.json', 'a.json']);
  });

  it('takes an existing path literally even when it looks like a pattern', async () => {
    expect(await expandInputs(['x[1].json'], dir)).toEqual(['x[1].json']);
  });

  it('lets a pattern add only files not yet listed, so overlaps read a file once, where it first appears', async () => {
    expect(await expandInputs(['b.json', '[ab].json', '?.json', 'sub/*.json', 'sub/d.*'], dir)).toEqual(['b.json', 'a.json', 'B.json', 'sub/d.json']);
    expect(await expandInputs(['./a.json', '[ab].json'], dir)).toEqual(['./a.json', 'b.json']);
    expect(await expandInputs([join(dir, 'b.json'), '*.json'], dir)).toEqual([join(dir, 'b.json'), 'B.json', 'a.json', 'x1.json', 'x[1].json']);
  });

  it('keeps a file named twice twice: an explicit repeat is the user\'s choice', async () => {
    expect(await expandInputs(['a.json', 'b.json', 'a.json'], dir)).toEqual(['a.json', 'b.json', 'a.json']);
  });

  it('keeps "-" for stdin wherever and however often it appears', async () => {
    expect(await expandInputs(['-', 'a.json', '-'], dir)).toEqual(['-', 'a.json', '-']);
  });

  it('leaves a missing plain path for the reader to report', async () => {
    expect(await expandInputs(['missing.json', 'a.json'], dir)).toEqual(['missing.json', 'a.json']);
  });

  it('returns absolute paths for an absolute pattern', async () => {
    expect(await expandInputs([join(dir, 'sub', '*.json')], dir)).toEqual([join(dir, 'sub', 'd.json')]);
  });

  it('refuses a pattern that matches no file, naming it, as a data error like a missing file', async () => {
    const error = await expandInputs(['a.json', 'nothing-*.parquet'], dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataError);
    expect((error as DataError).message).toBe('nothing-*.parquet: no files match this pattern');
  });

  it('does not match folders even when only a folder fits the pattern', async () => {
    const error = await expandInputs(['folder.*'], dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataError);
  });

  it('reads a folder as its data files, sorted, not its subfolders, hidden files or other names', async () => {
    await writeFile(join(dir, 'sub', 'z.parquet'), '');
    await writeFile(join(dir, 'sub', 'y.jsonl.gz'), '');
    await writeFile(join(dir, 'sub', 'notes.txt'), '');
    await writeFile(join(dir, 'sub', '.out.jsonl.1a2b.tmp'), '');
    await writeFile(join(dir, 'sub', '.hidden.jsonl'), '');
    expect(await expandInputs(['sub'], dir)).toEqual([join('sub', 'd.json'), join('sub', 'y.jsonl.gz'), join('sub', 'z.parquet')]);
    // A file also named, or also in a pattern, is read once, where it first appears.
    expect(await expandInputs(['sub/z.parquet', 'sub'], dir)).toEqual(['sub/z.parquet', join('sub', 'd.json'), join('sub', 'y.jsonl.gz')]);
  });

  it('refuses a folder without data files, naming it and the extensions it looks for', async () => {
    await mkdir(join(dir, 'no-data'));
    await writeFile(join(dir, 'no-data', 'readme.md'), '');
    const error = await expandInputs(['no-data'], dir).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DataError);
    expect((error as DataError).message).toMatch(/^no-data: no data files in this folder \(\.json, \.jsonl/);
  });
});
