import type { SkipReason } from '../formats/format-names.js';
import type { InputFormat } from '../formats/input-formats.js';
import type { ReadOptions } from '../io/read-pairs.js';
import type { InputSource } from '../io/read-json.js';
import type { TokenCounter } from '../tokens/counter.js';
import { baselineEpoch, checkSampleMosaics, indexSources, passCosts, type SourceIndex } from './baseline.js';
import { DEFAULT_BINS, histogram, lengthStats, type HistogramBin, type LengthStats } from './length-stats.js';
import type { MosaicMix } from './mosaic-mix.js';
import { readPairLengths, type PairLengths } from './read-lengths.js';
import type { RuleAvailability } from './rule-availability.js';
import { DEFAULT_BASELINE_EPOCHS, trainingCost, type TrainingCost } from './training-cost.js';

export interface InspectOptions extends ReadOptions {
  readonly counter: TokenCounter;
  /** Epochs of the plain-tuning baseline the cost is compared with; default 3. */
  readonly baselineEpochs?: number;
  /** Most histogram bins; default 10. */
  readonly bins?: number;
  /** The inputs augment read, in order: the baseline's tokens are counted from them. */
  readonly sources?: readonly InputSource[];
  readonly signal?: AbortSignal;
}

/** One inspected file. Key order is the JSON output's. */
export interface FileReport {
  readonly file: string;
  /** Null only for a file with no records (an empty JSON array). */
  readonly format: InputFormat | null;
  /** False when --format forced it. */
  readonly formatDetected: boolean;
  readonly records: number;
  readonly pairs: number;
  readonly skipped: Readonly<Record<SkipReason, number>>;
  /** Per-pair token lengths; null when there is no pair. */
  readonly tokens: LengthStats | null;
  readonly histogram: readonly HistogramBin[];
  /** Null unless the records carry augment --meta provenance. */
  readonly mosaic: MosaicMix | null;
  /** Null unless `mosaic` is. */
  readonly cost: TrainingCost | null;
  /** For pair files: how often each rule could be stated over random groups of the pairs, and why not. */
  readonly rules: RuleAvailability | null;
}

export interface InspectReport {
  readonly tokenizer: { readonly name: string; readonly exact: boolean };
  readonly baselineEpochs: number;
  /** The --sources inputs as read; null when none were given or no file has provenance. */
  readonly sources: { readonly files: readonly string[]; readonly records: number; readonly pairs: number } | null;
  readonly files: readonly FileReport[];
}

/**
 * Inspects each input on its own (record indices start at 0 in each, as they did for the
 * augment run that wrote it). The sources are read once, after the inputs, and only when
 * some input has provenance: by then it is known which source prompts to keep for the
 * consistency check, so the sources' texts are never all held in memory.
 */
export async function inspectDatasets(inputs: readonly InputSource[], options: InspectOptions): Promise<InspectReport> {
  const { counter } = options;
  const baselineEpochs = options.baselineEpochs ?? DEFAULT_BASELINE_EPOCHS;
  const bins = options.bins ?? DEFAULT_BINS;
  const read: Array<{ file: string; data: PairLengths }> = [];
  for (const input of inputs) {
    read.push({ file: typeof input === 'string' ? input : input.name, data: await readPairLengths([input], counter, { ...options, withMeta: true }) });
  }
  const sources = await readSources(read.map((r) => r.data), options);
  const index = sources ? indexSources(sources) : undefined;
  return {
    tokenizer: { name: counter.name, exact: counter.exact },
    baselineEpochs,
    sources: sources ? { files: sources.formats.map((f) => f.file), records: sources.records, pairs: sources.lengths.length } : null,
    files: read.map(({ file, data }) => fileReport(file, data, bins, baselineEpochs, index)),
  };
}

async function readSources(inspected: readonly PairLengths[], options: InspectOptions): Promise<PairLengths | undefined> {
  const mosaics = inspected.filter((d) => d.mix !== null);
  if (!options.sources || options.sources.length === 0 || mosaics.length === 0) return undefined;
  const keepPromptsOf = new Set(mosaics.flatMap((d) => d.sampleMosaics.flatMap((m) => m.sources)));
  return readPairLengths(options.sources, options.counter, { ...options, withMeta: false, keepPromptsOf });
}

function fileReport(file: string, data: PairLengths, bins: number, baselineEpochs: number, sources: SourceIndex | undefined): FileReport {
  const first = data.formats[0];
  return {
    file,
    format: first?.format ?? null,
    formatDetected: first?.detected ?? true,
    records: data.records,
    pairs: data.lengths.length,
    skipped: data.skipped,
    tokens: lengthStats(data.lengths),
    histogram: histogram(data.lengths, bins),
    mosaic: data.mix,
    cost: costOf(file, data, baselineEpochs, sources),
    rules: data.rules,
  };
}

function costOf(file: string, data: PairLengths, baselineEpochs: number, sources: SourceIndex | undefined): TrainingCost | null {
  if (data.mix === null || data.epochs === null || data.usedSources === null) return null;
  if (sources) checkSampleMosaics(data.sampleMosaics, sources);
  let tokens = 0;
  for (const n of data.lengths) tokens += n;
  // Without the sources, distinct record indices are the pairs (one per record unless
  // --multi-turn split was used), but their tokens are unknown.
  const base = sources ? baselineEpoch(data.usedSources, sources, file) : { samples: data.usedSources.size, tokens: null };
  return trainingCost({
    mosaic: { samples: data.lengths.length, tokens, passes: passCosts(data.epochs, data.lengths) },
    baselineSamplesPerEpoch: base.samples,
    baselineTokensPerEpoch: base.tokens,
    baselineEpochs,
  });
}
