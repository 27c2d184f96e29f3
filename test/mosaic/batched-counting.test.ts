import { describe, expect, it } from 'vitest';
import { augment, Augmentation } from '../../src/mosaic/augment.js';
import { resolveAugmentOptions } from '../../src/options.js';
import type { TokenCounter } from '../../src/tokens/counter.js';
import type { Mosaic, Pair } from '../../src/types.js';

/**
 * A batched engine whose exact count is the number of UTF-16 units, and whose synchronous
 * count (used only for planning estimates) claims decoration is free: estimates come out
 * low, so the exact batch check must catch and shrink samples.
 */
function lyingEngine(calls: { many: number }): TokenCounter {
  return {
    name: 'chars',
    exact: true,
    count: async (text) => text.length,
    countSync: () => 0,
    async countMany(texts) {
      calls.many++;
      return texts.map((t) => t.length);
    },
  };
}

const words = ['alpha', 'beta', 'gamma', 'delta', 'epsilon', 'zeta', 'eta', 'theta'];
const pairs: Pair[] = Array.from({ length: 120 }, (_, i) => ({
  source: i,
  prompt: `Task ${i}: ${words.slice(0, 1 + (i % 8)).join(' ')}`,
  response: `${words[i % 8]} `.repeat(1 + ((i * 7) % 13)),
}));

async function run(maxTokens: number, kDist: 'all' | 'fixed'): Promise<{ mosaics: Mosaic[]; calls: number }> {
  const calls = { many: 0 };
  const aug = await augment(pairs, { tokenizer: lyingEngine(calls), maxTokens, kDist, maxK: 8, epochs: 2, seed: 5 });
  const mosaics: Mosaic[] = [];
  for await (const m of aug) mosaics.push(m);
  return { mosaics, calls: calls.many };
}

describe('batched exact counting', () => {
  for (const [budget, kDist] of [[400, 'all'], [250, 'fixed']] as const) {
    it(`holds the budget exactly when estimates are low (budget ${budget}, k-dist ${kDist})`, async () => {
      const { mosaics, calls } = await run(budget, kDist);
      expect(calls).toBeGreaterThan(1);
      const fitting = pairs.filter((p) => p.prompt.length + p.response.length <= budget).map((p) => p.source);
      for (const m of mosaics) {
        expect(m.meta.tokens).toBe(m.prompt.length + m.response.length);
        expect(m.meta.tokens).toBeLessThanOrEqual(budget);
      }
      for (const epoch of [0, 1]) {
        const used = mosaics.filter((m) => m.meta.epoch === epoch).flatMap((m) => m.meta.sources);
        expect([...used].sort((a, b) => a - b)).toEqual(fitting);
      }
      // Low estimates would have let larger groups through: some samples were shrunk
      // to fewer pairs than the unchecked plan wanted, and still carry several pairs.
      expect(mosaics.some((m) => m.meta.sources.length > 1)).toBe(true);
    });
  }

  it('the counting window changes nothing in the output, shrinks included', async () => {
    const outputs: string[] = [];
    for (const window of [1, 7, 256]) {
      const options = await resolveAugmentOptions({ tokenizer: lyingEngine({ many: 0 }), maxTokens: 300, kDist: 'all', epochs: 2, seed: 9 });
      const mosaics: Mosaic[] = [];
      for await (const m of new Augmentation(pairs, options, { countWindow: window })) mosaics.push(m);
      outputs.push(JSON.stringify(mosaics));
    }
    expect(outputs[1]).toBe(outputs[0]);
    expect(outputs[2]).toBe(outputs[0]);
  });

  it('is deterministic', async () => {
    const a = await run(300, 'all');
    const b = await run(300, 'all');
    expect(a.mosaics).toEqual(b.mosaics);
  });
});

describe('counting modes agree where they should', () => {
  /** Characters as tokens, counted the way each mode asks. */
  const chars = (mode: 'exact' | 'bounded' | 'batched'): TokenCounter => ({
    name: 'chars',
    exact: true,
    count: (text: string) => text.length,
    ...(mode === 'bounded' ? { subadditive: true } : {}),
    ...(mode === 'batched' ? { countSync: (text: string) => text.length, countMany: async (texts: string[]) => texts.map((t) => t.length) } : {}),
  });

  async function mosaicsWith(counter: TokenCounter, maxTokens: number, kDist: 'all' | 'fixed', countWindow?: number): Promise<string> {
    const options = await resolveAugmentOptions({ tokenizer: counter, maxTokens, kDist, maxK: 4, epochs: 2, seed: 3 });
    const mosaics: Mosaic[] = [];
    for await (const m of new Augmentation(pairs, options, countWindow ? { countWindow } : {})) mosaics.push(m);
    return JSON.stringify(mosaics);
  }

  it('an estimate that is a true upper bound (characters) changes no group: bounded = exact', async () => {
    for (const [budget, kDist] of [[300, 'all'], [180, 'fixed']] as const) {
      expect(await mosaicsWith(chars('bounded'), budget, kDist)).toBe(await mosaicsWith(chars('exact'), budget, kDist));
    }
  });

  it('when no group is a close call, a batched engine gives the synchronous counter\'s mosaics', async () => {
    const sync = await mosaicsWith(chars('exact'), 100_000, 'fixed');
    for (const window of [1, 5, 256]) expect(await mosaicsWith(chars('batched'), 100_000, 'fixed', window)).toBe(sync);
  });
});
