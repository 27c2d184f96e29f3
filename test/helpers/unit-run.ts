/** Runs augment to the end and keeps everything the property tests look at. */
import { augment, type AugmentSummary } from '../../src/mosaic/augment.js';
import type { AugmentOptions } from '../../src/options.js';
import type { Mosaic, Pair } from '../../src/types.js';

export interface RunResult {
  mosaics: Mosaic[];
  summary: AugmentSummary;
}

/**
 * The oracles recount tokens with approxTokenCount, so runs use the approx counter unless
 * a test names another; exact tokenizers have their own tests.
 */
export async function runAll(pairs: readonly Pair[], options: AugmentOptions): Promise<RunResult> {
  const run = await augment(pairs, { tokenizer: 'approx', ...options });
  const mosaics: Mosaic[] = [];
  for await (const m of run) mosaics.push(m);
  return { mosaics, summary: run.summary };
}

/** Mosaics of each epoch, in output order. */
export function byEpoch(mosaics: readonly Mosaic[], epochs: number): Mosaic[][] {
  const out: Mosaic[][] = Array.from({ length: epochs }, () => []);
  for (const m of mosaics) (out[m.meta.epoch] as Mosaic[]).push(m);
  return out;
}
