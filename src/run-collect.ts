import type { CountsSource } from './counts/counts-reader.js';
import { GivenCounts } from './counts/given-counts.js';
import { DataError, INVALID_REASONS, OptionError, type InvalidReason } from './errors.js';
import { SKIP_REASONS, type SkipReason } from './formats/format-names.js';
import type { InputSource } from './io/read-json.js';
import { readDataset, type Dataset, type ReadOptions } from './io/read-pairs.js';
import { PairCollector, type CollectOptions, type PreparedPairs } from './mosaic/prepared-pairs.js';
import type { ResolvedAugmentOptions } from './options.js';
import type { Pair } from './types.js';

/** What reading found, without the pairs themselves (those are counted into PreparedPairs). */
export type DatasetCounts = Omit<Dataset, 'pairs'>;

/** A run's inputs: files, folders' files already listed, or streams; or pairs in memory. */
export type RunInputs = readonly InputSource[] | readonly Pair[];

export interface CollectSettings {
  /** How files are read, and the hooks that see each record; not used for pairs in memory. */
  readonly read?: ReadOptions;
  readonly collect?: CollectOptions;
  readonly signal?: AbortSignal;
  /**
   * Sees every pair's own token count (prompt and response, with its system prompt), in
   * the order read, once all are counted and before any mosaic: a pair over maxTokens is
   * in no mosaic. A returned promise is awaited.
   */
  readonly onPairsCounted?: (tokens: Uint32Array) => void | Promise<void>;
  /** Pairs in memory only: how many are counted, after each slice. */
  readonly onCount?: (done: number, total: number) => void;
  /**
   * A counts file made from these inputs (mosaic-it count): its numbers are used instead
   * of tokenizing, once it is found to match the tokenizer, the chat template and the
   * inputs' bytes and read settings. Inputs only: pairs in memory have no bytes to match.
   */
  readonly counts?: CountsSource;
}

/**
 * Reads every pair into a PairCollector (counted as read; texts in memory up to the
 * budget, then spilled). No usable pair at all is a data error, with the skips
 * explained; so is a set of pairs none of which fits the budget, since no mosaic could
 * be made.
 */
export async function collectPairs(
  inputs: RunInputs,
  options: ResolvedAugmentOptions,
  settings: CollectSettings = {},
): Promise<{ dataset: DatasetCounts; prepared: PreparedPairs }> {
  if (settings.counts && isPairs(inputs)) {
    throw new OptionError('counts', 'takes input files or streams, whose bytes the counts were made from; pairs given in memory have none to match');
  }
  const given = settings.counts && (await GivenCounts.open(settings.counts, options, settings.signal));
  const collector = await PairCollector.create(options, settings.collect, given?.file);
  try {
    let dataset: DatasetCounts;
    if (isPairs(inputs)) dataset = await addPairs(collector, inputs, settings);
    else if (given) {
      // The inputs' bytes are hashed as they are read, and must be the ones counted.
      const read = settings.read ?? {};
      dataset = await readInto(collector, inputs, { ...settings, read: { ...read, onBytes: given.tap(read.onBytes) } });
      given.checkInputs(inputs.map(sourceName), read, dataset.pairCount);
    } else dataset = await readInto(collector, inputs, settings);
    if (dataset.pairCount === 0) throw new DataError(noPairsMessage(inputNames(inputs), dataset));
    const prepared = await collector.finish();
    await settings.onPairsCounted?.(prepared.alone);
    assertSomeFit(prepared, options);
    return { dataset, prepared };
  } catch (error) {
    collector.abandon();
    throw error;
  }
}

/** Pairs or input sources; an array mixing both is a caller's mistake. */
function isPairs(inputs: RunInputs): inputs is readonly Pair[] {
  const pair = (value: unknown): boolean => typeof value === 'object' && value !== null && 'prompt' in value;
  const pairs = inputs.filter(pair).length;
  if (pairs > 0 && pairs < inputs.length) throw new TypeError('inputs: expected pairs or input sources (paths, {name, stream}), not both');
  return pairs > 0;
}

function inputNames(inputs: RunInputs): string {
  if (inputs.length === 0) return 'no input';
  if (isPairs(inputs)) return 'the pairs given';
  return (inputs as readonly InputSource[]).map(sourceName).join(', ');
}

function sourceName(input: InputSource): string {
  return typeof input === 'string' ? input : input.name;
}

async function readInto(collector: PairCollector, sources: readonly InputSource[], settings: CollectSettings): Promise<DatasetCounts> {
  const read = settings.read ?? {};
  const { pairs: _none, ...counts } = await readDataset(sources, {
    ...read,
    signal: settings.signal ?? read.signal,
    keepPairs: false,
    // Synchronous unless a slice is being counted: no await per record.
    onRecord: (record) => {
      const outer = read.onRecord?.(record);
      const counting = addAll(collector, record.pairs);
      return outer || counting ? Promise.all([outer, counting]).then(() => undefined) : undefined;
    },
  });
  return counts;
}

/** Adds a record's pairs; a promise when counting is under way, to wait for before reading on. */
function addAll(collector: PairCollector, pairs: readonly Pair[]): Promise<void> | undefined {
  let counting: Promise<void> | undefined;
  for (const pair of pairs) counting = collector.add(pair) ?? counting;
  return counting;
}

/** Pairs in memory, as if read: each pair its own record. */
async function addPairs(collector: PairCollector, pairs: readonly Pair[], settings: CollectSettings): Promise<DatasetCounts> {
  const { signal, onCount } = settings;
  for (let i = 0; i < pairs.length; i++) {
    const counting = collector.add(pairs[i] as Pair);
    if (counting === undefined) continue;
    await counting;
    signal?.throwIfAborted();
    onCount?.(i + 1, pairs.length);
  }
  onCount?.(pairs.length, pairs.length);
  return {
    pairCount: pairs.length,
    records: pairs.length,
    skipped: Object.fromEntries(SKIP_REASONS.map((reason) => [reason, 0])) as Record<SkipReason, number>,
    invalid: Object.fromEntries(INVALID_REASONS.map((reason) => [reason, 0])) as Record<InvalidReason, number>,
    formats: [],
    recordsPerInput: [],
  };
}

/** What to try when every record was skipped for one reason. */
const SKIP_HINTS: Partial<Record<SkipReason, string>> = {
  preference: 'this is preference (DPO/ORPO) data: --preference chosen takes each chosen answer as the response',
  'kto-undesirable': '--kto-undesirable keep reads the answers labelled false too',
  'multi-turn': '--multi-turn first or --multi-turn split reads conversations of several exchanges',
};

/** One line for a dataset that gives no pair: why, and what to try. */
export function noPairsMessage(names: string, data: Pick<Dataset, 'records' | 'skipped' | 'invalid'>): string {
  if (data.records === 0) return `no records in ${names}: expected at least one record, found none`;
  const skips = describeSkips({ ...data.skipped, ...data.invalid }) ?? '0 records';
  const reasons = Object.entries(data.skipped).filter(([, n]) => n > 0);
  const hint = reasons.length === 1 ? SKIP_HINTS[reasons[0]?.[0] as SkipReason] : undefined;
  return `no usable pairs in ${names}: ${skips} skipped${hint ? `; ${hint}` : ''}`;
}

/** "77 records (multi-turn 77, invalid-json 2)", or null when nothing was skipped. */
export function describeSkips(skipped: Readonly<Record<string, number>>): string | null {
  const skips = (Object.entries(skipped) as Array<[string, number]>).filter(([, n]) => n > 0);
  if (skips.length === 0) return null;
  const total = skips.reduce((sum, [, n]) => sum + n, 0);
  return `${total} record${total === 1 ? '' : 's'} (${skips.map(([reason, n]) => `${reason} ${n}`).join(', ')})`;
}

/** Zero mosaics is not a result: every pair over the budget is a data error, with the nearest miss. */
function assertSomeFit(prepared: PreparedPairs, options: ResolvedAugmentOptions): void {
  let smallest = Infinity;
  for (const tokens of prepared.alone) {
    if (tokens <= options.maxTokens) return;
    smallest = Math.min(smallest, tokens);
  }
  const n = prepared.length;
  throw new DataError(
    `no mosaic can be made: ${n === 1 ? 'the only pair is' : `all ${n} pairs are`} over --max-tokens ${options.maxTokens}; the smallest has ${smallest} tokens (${options.tokenizer.name})`,
  );
}
