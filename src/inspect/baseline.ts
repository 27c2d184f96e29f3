import { DataError } from '../errors.js';
import type { PairLengths, SampleMosaic } from './read-lengths.js';
import type { PassCost } from './training-cost.js';

/** One epoch of plain tuning on the source pairs the mosaics use. */
export interface BaselineEpoch {
  readonly samples: number;
  readonly tokens: number;
}

/** The --sources pairs grouped by record, the unit meta.sources counts in. */
export interface SourceIndex {
  readonly records: number;
  readonly pairsOf: Uint32Array;
  readonly tokensOf: Float64Array;
  /** Prompts of the records the sample mosaics name. */
  readonly prompts: ReadonlyMap<number, readonly string[]>;
}

export function indexSources(sources: PairLengths): SourceIndex {
  const pairsOf = new Uint32Array(sources.records);
  const tokensOf = new Float64Array(sources.records);
  for (let i = 0; i < sources.lengths.length; i++) {
    const record = sources.sources[i] as number;
    pairsOf[record] = (pairsOf[record] as number) + 1;
    tokensOf[record] = (tokensOf[record] as number) + (sources.lengths[i] as number);
  }
  return { records: sources.records, pairsOf, tokensOf, prompts: sources.prompts };
}

const MISMATCH = '--sources must be the inputs augment read, in the same order, read with the same flags';

/**
 * Samples and tokens of the source records named in meta.sources: every pair of each
 * such record (several under --multi-turn split), counted once however many mosaics use
 * it. A named record that is missing or gave no pair means the sources are not what
 * augment read; the numbers would be wrong, so it is a data error rather than a guess.
 */
export function baselineEpoch(used: ReadonlySet<number>, index: SourceIndex, mosaicFile: string): BaselineEpoch {
  let samples = 0;
  let tokens = 0;
  for (const s of used) {
    const pairs = s < index.records ? (index.pairsOf[s] as number) : 0;
    if (pairs === 0) {
      const why = s < index.records ? 'gives no pair there' : `is beyond their ${index.records} records`;
      throw new DataError(`meta.sources names record ${s}, which ${why}; ${MISMATCH}`, { file: mosaicFile });
    }
    samples += pairs;
    tokens += index.tokensOf[s] as number;
  }
  return { samples, tokens };
}

/**
 * Indices alone cannot tell other files of the same size apart, but a mosaic's prompt
 * holds each source prompt verbatim: checking a few mosaics catches wrong files or a
 * wrong order, at the cost of a few substring searches.
 */
export function checkSampleMosaics(samples: readonly SampleMosaic[], index: SourceIndex): void {
  for (const mosaic of samples) {
    for (const s of mosaic.sources) {
      const prompts = index.prompts.get(s);
      if (prompts?.some((p) => mosaic.prompt.includes(p))) continue;
      const why = prompts === undefined ? 'which is not a record with a pair there' : "whose prompt this mosaic's prompt does not contain";
      throw new DataError(`meta.sources names record ${s} of the --sources inputs, ${why}; ${MISMATCH}`, mosaic.location);
    }
  }
}

/** Samples and tokens per augmentation pass, by ascending meta.epoch. */
export function passCosts(epochs: Float64Array, lengths: Float64Array): PassCost[] {
  const byEpoch = new Map<number, { samples: number; tokens: number }>();
  for (let i = 0; i < epochs.length; i++) {
    const epoch = epochs[i] as number;
    const pass = byEpoch.get(epoch) ?? { samples: 0, tokens: 0 };
    pass.samples++;
    pass.tokens += lengths[i] as number;
    byEpoch.set(epoch, pass);
  }
  return [...byEpoch].sort(([a], [b]) => a - b).map(([epoch, p]) => ({ epoch, ...p }));
}
