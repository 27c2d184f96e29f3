/** Same inputs, options and seed => the same mosaics; another seed => other mosaics. */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { optionsArb, pairsArb } from '../helpers/unit-arbitraries.js';
import { runAll } from '../helpers/unit-run.js';
import { optionsFromFlags } from '../../src/cli/augment-flags.js';
import { keysOf, textOf } from '../../src/option-table.js';

describe('determinism', () => {
  it('two runs with the same pairs and options are deep-equal', async () => {
    await fc.assert(
      fc.asyncProperty(pairsArb(1, 30), optionsArb, async (pairs, o) => {
        const a = await runAll(pairs, o);
        const b = await runAll(pairs.map((p) => ({ ...p })), { ...o });
        expect(b.mosaics).toEqual(a.mosaics);
        expect(b.summary).toEqual(a.summary);
        // The same options written as flags, and read back as the CLI reads them, change nothing.
        const asFlags = Object.fromEntries(Object.entries(o).map(([key, value]) => [key, textOf(value)]));
        const c = await runAll(pairs, optionsFromFlags(asFlags, keysOf('build')));
        expect(c.mosaics).toEqual(a.mosaics);
      }),
      { numRuns: 100 },
    );
  });

  it('a different seed gives a different list (20+ pairs)', async () => {
    const roomy = optionsArb.map((o) => ({ ...o, maxTokens: Math.max(o.maxTokens, 500) }));
    await fc.assert(
      fc.asyncProperty(pairsArb(20, 30), roomy, async (pairs, o) => {
        const a = await runAll(pairs, o);
        const b = await runAll(pairs, { ...o, seed: o.seed + 1 });
        // Only when enough pairs fit to make the shuffle matter.
        fc.pre(a.summary.pairs - a.summary.droppedOverBudget >= 20);
        expect(b.mosaics).not.toEqual(a.mosaics);
      }),
      { numRuns: 60 },
    );
  });

  it('each pass has its own streams: fewer epochs give a prefix of the output', async () => {
    await fc.assert(
      fc.asyncProperty(pairsArb(1, 25), optionsArb, async (pairs, o) => {
        const full = await runAll(pairs, { ...o, epochs: 3 });
        const one = await runAll(pairs, { ...o, epochs: 1 });
        expect(one.mosaics).toEqual(full.mosaics.filter((m) => m.meta.epoch === 0));
      }),
      { numRuns: 60 },
    );
  });
});
