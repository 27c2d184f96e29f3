/**
 * Planning invariants: each pass uses each fitting pair exactly once, budgets hold,
 * group sizes follow maxK, counts add up.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { languageOf } from '../../src/language/choice.js';
import type { LanguagePack } from '../../src/language/pack.js';
import { boundariesVisible } from '../../src/mosaic/collisions.js';
import { decide, groupCollisions } from '../../src/mosaic/compose.js';
import { DecorationBound } from '../../src/mosaic/decoration-bound.js';
import { renderMosaic } from '../../src/mosaic/render.js';
import { resolveAugmentOptions } from '../../src/options.js';
import { rngFor } from '../../src/rng/random.js';
import { approxCounter, approxTokenCount } from '../../src/tokens/approx.js';
import type { Mosaic, Pair } from '../../src/types.js';
import { optionsArb, pairsArb, type GeneratedOptions } from '../helpers/unit-arbitraries.js';
import { byEpoch, runAll } from '../helpers/unit-run.js';

const plainTokens = (p: Pair) => approxTokenCount(p.prompt) + approxTokenCount(p.response);

async function expectPlanHolds(pairs: readonly Pair[], o: GeneratedOptions): Promise<void> {
  const { mosaics, summary } = await runAll(pairs, o);
  const fits = pairs.filter((p) => plainTokens(p) <= o.maxTokens).map((p) => p.source);
  const fitSet = new Set(fits);

  // Dropped pairs are counted once, not per epoch.
  expect(summary.pairs).toBe(pairs.length);
  expect(summary.droppedOverBudget).toBe(pairs.length - fits.length);
  expect(summary.maxTokens).toBe(o.maxTokens);
  expect(summary.tokenizer).toBe('approx');

  // Epochs come out in order.
  for (let i = 1; i < mosaics.length; i++) {
    expect((mosaics[i] as Mosaic).meta.epoch).toBeGreaterThanOrEqual((mosaics[i - 1] as Mosaic).meta.epoch);
  }

  const epochs = byEpoch(mosaics, o.epochs);
  const resolved = await resolveAugmentOptions({ tokenizer: 'approx', ...o });
  // The bound covers the packs some pair speaks, as the planner's does.
  const { packs } = resolved.languages;
  const spoken = packs.filter((_, i) => pairs.some((p) => languageOf(p.prompt, resolved.languages) === i));
  const bound = new DecorationBound(approxCounter, spoken);
  for (let epoch = 0; epoch < o.epochs; epoch++) {
    const group = epochs[epoch] as Mosaic[];
    const used = group.flatMap((m) => m.meta.sources);
    // At most once, and every fitting pair exactly once.
    expect(new Set(used).size).toBe(used.length);
    expect([...used].sort((a, b) => a - b)).toEqual(fits);
    for (const s of used) expect(fitSet.has(s)).toBe(true);

    for (let g = 0; g < group.length; g++) {
      const m = group[g] as Mosaic;
      const k = m.meta.sources.length;
      expect(k).toBeGreaterThanOrEqual(1);
      expect(m.meta.tokens).toBeLessThanOrEqual(o.maxTokens);
      if (o.kDist !== 'all') expect(k).toBeLessThanOrEqual(o.maxK);

      // With a fixed target (maxK, or "as many as fit"), a group ends early only when the
      // next pair could not join it within the budget.
      const next = group[g + 1];
      const target = o.kDist === 'fixed' ? o.maxK : o.kDist === 'all' ? Number.POSITIVE_INFINITY : null;
      if (target === null || next === undefined || k >= target) continue;
      // Groups never mix languages: a pair of another language starts its own group.
      if (next.meta.lang !== m.meta.lang) continue;
      const ext = [...m.meta.sources, next.meta.sources[0] as number].map((s) => pairs[s] as Pair);
      const pack = packs.find((p) => p.name === m.meta.lang) as LanguagePack;
      // Nor do they grow past a pair that would leave no way to show where items start.
      if (!boundariesVisible(groupCollisions(ext.map((p) => p.prompt), ext.map((p) => p.response), pack), pack)) continue;
      const sum = ext.reduce((a, p) => a + plainTokens(p), 0);
      // The planner accepts without rendering whenever the bound allows it.
      expect(sum + (await bound.of(k + 1)), `group ${g} of epoch ${epoch} was cut although the bound allowed the next pair`).toBeGreaterThan(o.maxTokens);
      if (sum <= o.maxTokens) {
        // Otherwise it rendered the larger group and found it over budget. The group's
        // decisions come from the stream (seed, "compose", epoch, block, group); these
        // datasets are smaller than a block, so the block is 0.
        const prompts = ext.map((p) => p.prompt);
        const c = decide(prompts, ext.map((p) => p.response), resolved.choices, rngFor(o.seed, 'compose', epoch, 0, g), pack);
        const text = renderMosaic(prompts, ext.map((p) => p.response), c);
        const tokens = approxTokenCount(text.prompt) + approxTokenCount(text.response);
        expect(tokens, `group ${g} of epoch ${epoch} was cut although the next pair fits`).toBeGreaterThan(o.maxTokens);
      }
    }
  }

  // Counts add up.
  expect(summary.mosaics).toBe(mosaics.length);
  const byStrategy = { primary: 0, format: 0, permute: 0, maskout: 0 };
  const byRule: Record<string, number> = {};
  for (const m of mosaics) {
    byStrategy[m.meta.strategy]++;
    if (m.meta.rule !== null) byRule[`${m.meta.strategy}:${m.meta.rule}`] = (byRule[`${m.meta.strategy}:${m.meta.rule}`] ?? 0) + 1;
  }
  expect(summary.byStrategy).toEqual(byStrategy);
  expect(Object.values(summary.byStrategy).reduce((a, b) => a + b, 0)).toBe(mosaics.length);
  expect(summary.byRule).toEqual(byRule);
}

describe('planning', () => {
  it('random datasets and options', async () => {
    await fc.assert(
      fc.asyncProperty(pairsArb(0, 30), optionsArb, async (pairs, o) => expectPlanHolds(pairs, o)),
      { numRuns: 250 },
    );
  });

  it('fixed and "all" distributions fill groups up to the budget', async () => {
    const opts = optionsArb.chain((o) => fc.constantFrom('fixed', 'all').map((kDist) => ({ ...o, kDist: kDist as GeneratedOptions['kDist'] })));
    await fc.assert(
      fc.asyncProperty(pairsArb(2, 30), opts, async (pairs, o) => expectPlanHolds(pairs, o)),
      { numRuns: 150 },
    );
  });

  it('no pairs, or no pair that fits: no mosaics, all counted as dropped', async () => {
    const empty = await runAll([], { seed: 1 });
    expect(empty.mosaics).toEqual([]);
    expect(empty.summary.mosaics).toBe(0);
    const big = [{ source: 0, prompt: 'word '.repeat(100), response: 'answer' }];
    const r = await runAll(big, { maxTokens: 10, epochs: 3 });
    expect(r.mosaics).toEqual([]);
    expect(r.summary.droppedOverBudget).toBe(1);
  });

  it('a pair that exactly fits alone is kept; one token over is dropped', async () => {
    // "aaaaaa" is one token, "." one token: 2 tokens in all.
    const pairs = [
      { source: 0, prompt: 'aaaaaa', response: '.' },
      { source: 1, prompt: 'aaaaaa.', response: '.' },
    ];
    const r = await runAll(pairs, { maxTokens: 2, epochs: 2, strategies: ['primary'] });
    expect(r.summary.droppedOverBudget).toBe(1);
    expect(r.mosaics.map((m) => [m.meta.epoch, m.meta.sources, m.prompt, m.response])).toEqual([
      [0, [0], 'aaaaaa', '.'],
      [1, [0], 'aaaaaa', '.'],
    ]);
  });

  it('an Augmentation can be iterated only once', async () => {
    const { augment } = await import('../../src/mosaic/augment.js');
    const run = await augment([{ source: 0, prompt: 'p', response: 'r' }], { epochs: 1, tokenizer: 'approx' });
    for await (const _ of run) void _;
    await expect(async () => {
      for await (const _ of run) void _;
    }).rejects.toThrow(/once/);
  });
});
