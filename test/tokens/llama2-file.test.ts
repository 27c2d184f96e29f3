import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { llama2Json, writeLlama2Data } from '../../src/tokens/llama2-file.js';
import { llama2TokenizerJson } from '../../src/tokens/llama2-json.js';

const folder = mkdtempSync(join(tmpdir(), 'mosaic-it-llama2-'));
const folderUrl = pathToFileURL(`${folder}/`);
afterAll(() => rmSync(folder, { recursive: true, force: true }));

const DATA = join(folder, 'llama2.tokenizer.json');
const STAMP = join(folder, 'llama2.tokenizer.stamp');
/** What `npm run build` writes beside the compiled modules. */
const BUILT = fileURLToPath(new URL('../../dist/tokens/llama2.tokenizer.json', import.meta.url));

describe('Llama-2 tokenizer.json stored at build time', () => {
  it('is written byte for byte as the run-time build, with a stamp of what it was built from', async () => {
    await writeLlama2Data(folderUrl);
    expect(readFileSync(DATA, 'utf8')).toBe(llama2TokenizerJson());
    expect(readFileSync(STAMP, 'utf8')).toMatch(/^llama-tokenizer-js \d+\.\d+\.\d+\nbuilder sha256 [0-9a-f]{64}\n$/);
    expect(await llama2Json(folderUrl)).toBe(llama2TokenizerJson());
  });

  it('is read from the file while its stamp is current, and rebuilt when not', async () => {
    await writeLlama2Data(folderUrl);
    // A marked copy shows which source answered.
    writeFileSync(DATA, '{"marked":true}');
    expect(await llama2Json(folderUrl)).toBe('{"marked":true}');
    writeFileSync(STAMP, `${readFileSync(STAMP, 'utf8')}changed\n`);
    expect(await llama2Json(folderUrl)).toBe(llama2TokenizerJson());
    rmSync(STAMP);
    expect(await llama2Json(folderUrl)).toBe(llama2TokenizerJson());
  });

  it('is built when there is no stored copy', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'mosaic-it-llama2-empty-'));
    try {
      expect(await llama2Json(pathToFileURL(`${empty}/`))).toBe(llama2TokenizerJson());
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });

  it.skipIf(!existsSync(BUILT))('the copy `npm run build` wrote into dist/ equals the run-time build', () => {
    expect(readFileSync(BUILT, 'utf8')).toBe(llama2TokenizerJson());
  });
});
