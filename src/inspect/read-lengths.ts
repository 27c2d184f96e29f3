import { DataError } from '../errors.js';
import { describeMismatch, detectFormat } from '../formats/detect.js';
import { parseFieldMap } from '../formats/field-map.js';
import { SKIP_REASONS, type InputFormat, type SkipReason } from '../formats/format-names.js';
import { recordToPairs } from '../formats/record-pairs.js';
import { readRecords } from '../io/open-input.js';
import type { ReadOptions } from '../io/read-pairs.js';
import type { InputSource } from '../io/read-json.js';
import { pairTokens } from '../mosaic/pair-tokens.js';
import type { TokenCounter } from '../tokens/counter.js';
import type { Pair, SourceLocation } from '../types.js';
import { hasMosaicMeta, readMeta } from './mosaic-meta.js';
import { MixCounter, type MosaicMix } from './mosaic-mix.js';
import { NumberColumn } from './number-column.js';

export interface LengthReadOptions extends ReadOptions {
  /** Read mosaic provenance (`meta`) when a file's first record has it. */
  readonly withMeta?: boolean;
  /** Records whose pairs' prompts to keep, to match mosaics against their sources. */
  readonly keepPromptsOf?: ReadonlySet<number>;
  readonly signal?: AbortSignal;
}

/** Token lengths of every pair of some inputs, read as readDataset reads them. */
export interface PairLengths {
  readonly formats: ReadonlyArray<{ readonly file: string; readonly format: InputFormat; readonly detected: boolean }>;
  /** Records read, skipped ones included. */
  readonly records: number;
  readonly skipped: Readonly<Record<SkipReason, number>>;
  /** Per pair: tokens of system + prompt + response, each counted alone (augment's budget). */
  readonly lengths: Float64Array;
  /** Per pair: its record's index across the inputs (what meta.sources points at). */
  readonly sources: Float64Array;
  /** Per pair: its record's meta.epoch; null unless the records carry provenance. */
  readonly epochs: Float64Array | null;
  readonly mix: MosaicMix | null;
  /** Source indices any mosaic names; null unless the records carry provenance. */
  readonly usedSources: ReadonlySet<number> | null;
  /** The prompts of the records named in keepPromptsOf, by record index. */
  readonly prompts: ReadonlyMap<number, readonly string[]>;
  /** The first few mosaics' prompts and sources, to check --sources against. */
  readonly sampleMosaics: readonly SampleMosaic[];
}

export interface SampleMosaic {
  readonly prompt: string;
  readonly sources: readonly number[];
  readonly location: SourceLocation;
}

/** Enough to catch wrong --sources files or order, without keeping every mosaic's text. */
const SAMPLE_MOSAICS = 64;
/** Pairs are counted in rounds, so a large file's texts are never all held at once. */
const ROUND = 4096;

/**
 * Reads the inputs in order, counting records across them like readDataset (so record
 * indices match meta.sources), and counts each pair's tokens as augment's budget does.
 * Provenance is looked for per file, on its first record, like the format.
 */
export async function readPairLengths(inputs: readonly InputSource[], counter: TokenCounter, options: LengthReadOptions = {}): Promise<PairLengths> {
  const map = typeof options.map === 'string' ? parseFieldMap(options.map) : options.map;
  const multiTurn = options.multiTurn ?? 'skip';
  const skipped = Object.fromEntries(SKIP_REASONS.map((reason) => [reason, 0])) as Record<SkipReason, number>;
  const formats: Array<PairLengths['formats'][number]> = [];
  const lengths = new NumberColumn();
  const sources = new NumberColumn();
  const epochs = new NumberColumn();
  const prompts = new Map<number, string[]>();
  const sampleMosaics: SampleMosaic[] = [];
  let round: Pair[] = [];
  let mix: MixCounter | undefined;
  let records = 0;
  for (const input of inputs) {
    const file = typeof input === 'string' ? input : input.name;
    let format: InputFormat | undefined;
    let withMeta = false;
    for await (const { value, location } of readRecords(input)) {
      options.signal?.throwIfAborted();
      if (format === undefined) {
        format = options.format ?? detectFormat(value, map) ?? undefined;
        if (format === undefined) throw new DataError(describeMismatch(value, map), location);
        formats.push({ file, format, detected: options.format === undefined });
        withMeta = options.withMeta === true && hasMosaicMeta(value);
        if (withMeta) mix ??= new MixCounter();
      }
      const meta = withMeta ? readMeta(value, location) : undefined;
      if (meta) mix?.add(meta);
      const result = recordToPairs(value, location, records, { format, map, multiTurn });
      records++;
      if ('skip' in result) {
        skipped[result.skip]++;
        continue;
      }
      const first = result.pairs[0];
      if (meta && first && sampleMosaics.length < SAMPLE_MOSAICS) sampleMosaics.push({ prompt: first.prompt, sources: meta.sources, location });
      if (options.keepPromptsOf?.has(records - 1)) prompts.set(records - 1, result.pairs.map((p) => p.prompt));
      for (const pair of result.pairs) {
        round.push(pair);
        sources.push(pair.source);
        epochs.push(meta ? meta.epoch : -1);
      }
      if (round.length >= ROUND) {
        await countRound(round, counter, lengths);
        round = [];
      }
    }
  }
  await countRound(round, counter, lengths);
  options.signal?.throwIfAborted();
  return {
    formats,
    records,
    skipped,
    lengths: lengths.values(),
    sources: sources.values(),
    epochs: mix ? epochs.values() : null,
    mix: mix ? mix.result() : null,
    usedSources: mix ? mix.usedSources : null,
    prompts,
    sampleMosaics,
  };
}

/** The same counts augment takes before its passes, so lengths of its output equal meta.tokens. */
async function countRound(pairs: readonly Pair[], counter: TokenCounter, out: NumberColumn): Promise<void> {
  if (pairs.length === 0) return;
  const { content, systemOf, systemTokens } = await pairTokens(pairs, counter);
  for (let i = 0; i < pairs.length; i++) out.push((content[i] as number) + (systemTokens[systemOf[i] as number] as number));
}
