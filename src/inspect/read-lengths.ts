import type { SkipReason } from '../formats/format-names.js';
import type { InputFormat } from '../formats/input-formats.js';
import { readDataset, type ReadOptions } from '../io/read-pairs.js';
import type { InputSource } from '../io/read-json.js';
import { pairTokens } from '../mosaic/pair-tokens.js';
import type { TokenCounter } from '../tokens/counter.js';
import type { Pair } from '../types.js';
import type { SourceLocation } from '../location.js';
import { hasMosaicMeta, readMeta } from './mosaic-meta.js';
import { MixCounter, type MosaicMix } from './mosaic-mix.js';
import { NumberColumn } from './number-column.js';
import { RuleSampler, type RuleAvailability } from './rule-availability.js';

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
  /** How often each rule could be stated over the pairs; null for mosaic files and fewer than two pairs. */
  readonly rules: RuleAvailability | null;
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
 * Reads the inputs as readDataset does (so record indices match meta.sources, and the
 * format, skips and errors are augment's), and counts each pair's tokens as augment's
 * budget does. Provenance is looked for per file, on its first record, like the format.
 */
export async function readPairLengths(inputs: readonly InputSource[], counter: TokenCounter, options: LengthReadOptions = {}): Promise<PairLengths> {
  const lengths = new NumberColumn();
  const sources = new NumberColumn();
  const epochs = new NumberColumn();
  const prompts = new Map<number, string[]>();
  const sampleMosaics: SampleMosaic[] = [];
  let round: Pair[] = [];
  const rules = new RuleSampler();
  let mix: MixCounter | undefined;
  let input = -1;
  let withMeta = false;
  const data = await readDataset(inputs, {
    ...options,
    keepPairs: false,
    onRecord: async ({ input: at, value, location, pairs }) => {
      options.signal?.throwIfAborted();
      if (at !== input) {
        input = at;
        withMeta = options.withMeta === true && hasMosaicMeta(value);
        if (withMeta) mix ??= new MixCounter();
      }
      const meta = withMeta ? readMeta(value, location) : undefined;
      if (meta) mix?.add(meta);
      const first = pairs[0];
      if (first === undefined) return;
      if (meta && sampleMosaics.length < SAMPLE_MOSAICS) sampleMosaics.push({ prompt: first.prompt, sources: meta.sources, location });
      if (options.keepPromptsOf?.has(first.source)) prompts.set(first.source, pairs.map((p) => p.prompt));
      for (const pair of pairs) {
        round.push(pair);
        if (!withMeta) rules.add(pair);
        sources.push(pair.source);
        epochs.push(meta ? meta.epoch : -1);
      }
      if (round.length >= ROUND) {
        await countRound(round, counter, lengths);
        round = [];
      }
    },
  });
  await countRound(round, counter, lengths);
  options.signal?.throwIfAborted();
  const detected = options.format === undefined;
  return {
    formats: data.formats.map((f) => ({ ...f, detected })),
    records: data.records,
    skipped: data.skipped,
    lengths: lengths.values(),
    sources: sources.values(),
    epochs: mix ? epochs.values() : null,
    mix: mix ? mix.result() : null,
    usedSources: mix ? mix.usedSources : null,
    prompts,
    sampleMosaics,
    rules: mix ? null : rules.result(),
  };
}

/** The same counts augment takes before its passes, so lengths of its output equal meta.tokens. */
async function countRound(pairs: readonly Pair[], counter: TokenCounter, out: NumberColumn): Promise<void> {
  if (pairs.length === 0) return;
  const { content, systemOf, systemTokens } = await pairTokens(pairs, counter);
  for (let i = 0; i < pairs.length; i++) out.push((content[i] as number) + (systemTokens[systemOf[i] as number] as number));
}
