/** The hand-written inspect fixtures and the mix of the mosaic one, computed by hand in test/inspect/datasets.test.ts. */
import { fileURLToPath } from 'node:url';

export const PAIRS = fileURLToPath(new URL('../fixtures/inspect/pairs.jsonl', import.meta.url));
export const MOSAICS = fileURLToPath(new URL('../fixtures/inspect/mosaics.jsonl', import.meta.url));

export const MOSAIC_MIX = {
  mosaics: 7,
  k: [
    { k: 1, count: 2 },
    { k: 2, count: 1 },
    { k: 3, count: 1 },
    { k: 4, count: 2 },
    { k: 5, count: 1 },
  ],
  strategies: { primary: 3, format: 1, permute: 2, maskout: 1 },
  rules: { 'permute:alpha': 1, 'permute:reverse': 1, 'maskout:longest': 1 },
  epochs: [0, 1],
  sourcesUsed: 10,
  // The fixture predates meta.lang: its mosaics' language is unknown.
  languages: { unknown: 7 },
};
