/**
 * types.ts documents Pair.system: "Pairs with different system prompts never mix", and
 * Mosaic.system / MosaicMeta.tokens ("tokens of system + prompt + response") carry it.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { approxTokenCount } from '../../src/tokens/approx.js';
import type { Pair } from '../../src/types.js';
import { optionsArb, textArb } from '../helpers/unit-arbitraries.js';
import { runAll } from '../helpers/unit-run.js';

const withSystems = fc
  .array(fc.tuple(textArb, textArb, fc.constantFrom(undefined, 'You are terse.', 'Answer in French.')), { minLength: 2, maxLength: 25 })
  .map((ts) =>
    ts.map(([prompt, response, system], source): Pair => (system === undefined ? { source, prompt, response } : { source, prompt, response, system })),
  );

describe('system prompts', () => {
  it('pairs with different system prompts never share a mosaic, and the mosaic keeps the system prompt', async () => {
    const roomy = optionsArb.map((o) => ({ ...o, maxTokens: Math.max(o.maxTokens, 1500), maxK: Math.max(o.maxK, 4) }));
    await fc.assert(
      fc.asyncProperty(withSystems, roomy, async (pairs, o) => {
        const { mosaics } = await runAll(pairs, o);
        for (const m of mosaics) {
          const systems = new Set(m.meta.sources.map((s) => pairs[s]?.system));
          expect(systems.size, `mosaic mixes system prompts ${JSON.stringify([...systems])}`).toBe(1);
          const system = [...systems][0];
          expect(m.system).toBe(system);
          const sys = system === undefined ? 0 : approxTokenCount(system);
          expect(m.meta.tokens).toBe(sys + approxTokenCount(m.prompt) + approxTokenCount(m.response));
        }
      }),
      { numRuns: 60 },
    );
  });
});
