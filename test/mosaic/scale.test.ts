/**
 * The pieces behind --memory and --shard: flag parsing, how blocks are shared between
 * shards, the spill file, and the library-level promise that neither where texts are
 * kept nor how the blocks are split changes a byte of what is built.
 */
import { readdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { parseMemoryFlag, parseShardFlag } from '../../src/cli/scale-flags.js';
import { UsageError } from '../../src/errors.js';
import { SpillPairs } from '../../src/io/pair-store.js';
import { Augmentation, BLOCK_PAIRS, shardBlocks, type Shard } from '../../src/mosaic/augment.js';
import { PairCollector } from '../../src/mosaic/prepared-pairs.js';
import { resolveAugmentOptions, type AugmentOptions } from '../../src/options.js';
import seedrandom from 'seedrandom';
import { rngFor, shuffleInPlace } from '../../src/rng/random.js';
import type { Mosaic, Pair } from '../../src/types.js';

let dirs: string[] = [];
afterEach(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
  dirs = [];
});
function freshDir(): string {
  const d = mkdtempSync(join(tmpdir(), 'mosaic-it-scale-'));
  dirs.push(d);
  return d;
}

function usageFlag(f: () => unknown): string | undefined {
  try {
    f();
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as UsageError).flag;
  }
  return undefined;
}

describe('--memory and --shard values', () => {
  it('reads sizes with binary units', () => {
    expect(parseMemoryFlag('1024')).toBe(1024);
    expect(parseMemoryFlag('512K')).toBe(512 * 1024);
    expect(parseMemoryFlag('2G')).toBe(2 * 2 ** 30);
    expect(parseMemoryFlag('1.5GiB')).toBe(1.5 * 2 ** 30);
    expect(parseMemoryFlag('800MB')).toBe(800 * 2 ** 20);
    expect(parseMemoryFlag(' 3 m ')).toBe(3 * 2 ** 20);
    for (const bad of ['', 'lots', '-1G', '0', '1.5.2G', '2X']) expect(usageFlag(() => parseMemoryFlag(bad)), bad).toBe('--memory');
  });

  it('reads i/n with 0 <= i < n', () => {
    expect(parseShardFlag('0/1')).toEqual({ index: 0, count: 1 });
    expect(parseShardFlag('3/8')).toEqual({ index: 3, count: 8 });
    expect(parseShardFlag(' 7 / 8 ')).toEqual({ index: 7, count: 8 });
    for (const bad of ['8/8', '1/0', '-1/4', '1', '1/4/2', 'a/b', '0.5/2']) expect(usageFlag(() => parseShardFlag(bad)), bad).toBe('--shard');
  });

  it('gives every block to exactly one shard, in order, with sizes one apart at most', () => {
    for (const total of [0, 1, 5, 17, 100]) {
      for (const count of [1, 2, 3, 7, 16, 150]) {
        let next = 0;
        const sizes: number[] = [];
        for (let index = 0; index < count; index++) {
          const { first, end } = shardBlocks({ index, count }, total);
          expect(first, `${index}/${count} of ${total}`).toBe(next);
          next = end;
          sizes.push(end - first);
        }
        expect(next).toBe(total);
        expect(Math.max(...sizes) - Math.min(...sizes)).toBeLessThanOrEqual(1);
      }
    }
    expect(shardBlocks(undefined, 9)).toEqual({ first: 0, end: 9 });
  });
});

describe('the spill file', () => {
  it('gives back every pair exactly, in any order asked, and leaves no file behind', () => {
    const dir = freshDir();
    const pairs: Pair[] = [
      { source: 0, prompt: 'plain', response: 'text' },
      { source: 5, prompt: 'système: été ✓ 漢字 😀', response: 'lone \ud800 surrogate and "quotes"\n\\', system: 'be brief' },
      { source: 6, prompt: '', response: 'empty prompt', system: '' },
      { source: 9, prompt: 'x'.repeat(200_000), response: 'a long one, past the read buffer' },
    ];
    const spill = new SpillPairs(dir);
    for (const p of pairs) spill.add(p);
    expect(spill.length).toBe(4);
    spill.load([3, 1]);
    expect(spill.get(1)).toEqual(pairs[1]);
    expect(spill.get(3)).toEqual(pairs[3]);
    expect(() => spill.get(0)).toThrow(/not loaded/);
    spill.load([2, 0, 1, 3]);
    for (const [i, p] of pairs.entries()) expect(spill.get(i)).toEqual(p);
    expect('system' in spill.get(0)).toBe(false);
    spill.close();
    spill.close();
    expect(readdirSync(dir)).toEqual([]);
  });
});

/** Pairs made of words, several thousand so that an epoch has more than one block. */
function manyPairs(n: number): Pair[] {
  const rng = seedrandom.alea('scale');
  const words = ['alpha', 'beta', 'gamma', 'delta', 'list', 'sort', 'the', 'of', 'explain', 'write', 'code', 'poem', '42', 'été'];
  const text = (min: number, spread: number) =>
    Array.from({ length: min + Math.floor(rng() * spread) }, () => words[Math.floor(rng() * words.length)]).join(' ');
  return Array.from({ length: n }, (_, i) => ({ source: i, prompt: text(3, 30), response: text(5, 120) }));
}

async function build(input: readonly Pair[] | 'collected', pairs: readonly Pair[], options: AugmentOptions, shard?: Shard, memoryBytes?: number): Promise<Mosaic[]> {
  const resolved = await resolveAugmentOptions(options);
  let source: ConstructorParameters<typeof Augmentation>[0] = input === 'collected' ? [] : input;
  let spilled = false;
  if (input === 'collected') {
    const collector = await PairCollector.create(resolved, { memoryBytes, spillDirectory: freshDir() });
    for (const p of pairs) await collector.add(p);
    const prepared = await collector.finish();
    spilled = prepared.spilled;
    source = prepared;
  }
  const out: Mosaic[] = [];
  for await (const m of new Augmentation(source, resolved, { shard })) out.push(m);
  if (memoryBytes !== undefined) expect(spilled, 'a small budget spills').toBe(true);
  return out;
}

const lines = (mosaics: readonly Mosaic[]) => mosaics.map((m) => JSON.stringify([m.system, m.prompt, m.response, m.meta]));

describe('same mosaics wherever texts are kept and however blocks are shared', () => {
  const pairs = manyPairs(2 * BLOCK_PAIRS + 300);
  const options: AugmentOptions = { tokenizer: 'approx', epochs: 2, seed: 11, maxTokens: 700 };

  it('an array, collected in memory, and spilled past a tiny budget give the same mosaics', async () => {
    const whole = await build(pairs, pairs, options);
    expect(new Set(whole.map((m) => m.meta.epoch))).toEqual(new Set([0, 1]));
    expect(lines(await build('collected', pairs, options))).toEqual(lines(whole));
    expect(lines(await build('collected', pairs, options, undefined, 64 * 1024))).toEqual(lines(whole));
  });

  it('shards concatenated in order are the whole run, for more and fewer shards than blocks', async () => {
    const whole = lines(await build(pairs, pairs, options));
    for (const count of [2, 4, 9]) {
      const parts: string[] = [];
      for (let index = 0; index < count; index++) parts.push(...lines(await build('collected', pairs, options, { index, count }, index % 2 ? 32 * 1024 : undefined)));
      expect(parts, `${count} shards`).toEqual(whole);
    }
  });

  it('holds for a batched exact tokenizer too', async () => {
    const few = pairs.slice(0, BLOCK_PAIRS + 500);
    const llama: AugmentOptions = { tokenizer: 'llama2', epochs: 1, seed: 3, maxTokens: 600 };
    const whole = lines(await build(few, few, llama));
    const parts = [...lines(await build('collected', few, llama, { index: 0, count: 2 }, 16 * 1024)), ...lines(await build('collected', few, llama, { index: 1, count: 2 }))];
    expect(parts).toEqual(whole);
  });

  it('groups are runs of the shuffled order that never cross a block', async () => {
    const opts = { ...options, epochs: 1, kDist: 'all', maxTokens: 3000 } as const;
    const mosaics = await build(pairs, pairs, opts);
    // Every pair fits, so the epoch order is the seeded shuffle of all of them.
    const order = Uint32Array.from(pairs.keys());
    shuffleInPlace(order, rngFor(opts.seed as number, 'shuffle', 0));
    const position = new Map(Array.from(order, (pair, at) => [pair, at]));
    let next = 0;
    let crossing = 0;
    for (const m of mosaics) {
      const at = m.meta.sources.map((s) => position.get(s) as number);
      expect(at).toEqual(at.map((_, i) => next + i));
      next += at.length;
      if (Math.floor((at[0] as number) / BLOCK_PAIRS) !== Math.floor((at[at.length - 1] as number) / BLOCK_PAIRS)) crossing++;
    }
    expect(next).toBe(pairs.length);
    expect(crossing).toBe(0);
    // Groups of "all" are as large as the budget allows; one ends exactly at the block's end.
    expect(mosaics.some((m) => position.get(m.meta.sources.at(-1) as number) === BLOCK_PAIRS - 1)).toBe(true);
  });
});
