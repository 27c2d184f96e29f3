import { DataError, UsageError } from '../errors.js';
import { parseFieldMap } from '../formats/field-map.js';
import type { SkipReason } from '../formats/format-names.js';
import { expandInputs } from '../io/expand-inputs.js';
import { STDIN_NAME, type InputSource } from '../io/read-json.js';
import { readDataset, type Dataset, type ReadOptions } from '../io/read-pairs.js';
import { PairCollector, type CollectOptions, type PreparedPairs } from '../mosaic/prepared-pairs.js';
import type { ResolvedAugmentOptions } from '../options.js';
import type { Pair } from '../types.js';
import { describeSkips } from './summary.js';
import type { ReadFlags } from './augment-flags.js';
import { pathIn, type CliContext } from './context.js';
import type { Rejects } from './rejects.js';

export interface CliInputs {
  /** Arguments with glob patterns and folders expanded, in order; "-" for stdin. */
  readonly inputs: string[];
  /** The same without stdin, where the file system finds them (see pathIn): files the output must not overwrite. */
  readonly files: string[];
  readonly sources: InputSource[];
  readonly readOptions: ReadOptions;
}

/** Input arguments and read flags checked and resolved, before anything is read. */
export async function resolveInputs(ctx: CliContext, args: readonly string[], flags: ReadFlags): Promise<CliInputs> {
  if (args.length === 0) throw new UsageError('no input given', '<input>');
  const readOptions = readOptionsOf(flags);
  if (args.filter((i) => i === '-').length > 1) throw new UsageError('stdin ("-") can be read only once', '<input>');
  const inputs = await expandInputs(args, ctx.cwd);
  const sources: InputSource[] = inputs.map((i) => (i === '-' ? { name: STDIN_NAME, stream: ctx.stdin } : { name: i, path: pathIn(ctx, i) }));
  return {
    inputs,
    files: inputs.filter((i) => i !== '-').map((i) => pathIn(ctx, i)),
    sources,
    readOptions,
  };
}

/** The read flags checked (a usage error names the flag) and turned into ReadOptions. */
export function readOptionsOf(flags: ReadFlags): ReadOptions {
  const map = flags.map === undefined ? undefined : parseFieldMap(flags.map);
  if (flags.preference === 'chosen' && map?.response !== undefined) {
    throw new UsageError('takes the response from "chosen"; leave response out of --map', '--preference chosen');
  }
  return {
    format: flags.format,
    map,
    multiTurn: flags.multiTurn,
    invalidRecords: flags.onInvalid,
    preference: flags.preference,
    ktoUndesirable: flags.ktoUndesirable,
  };
}

/**
 * Reads every pair into a PairCollector (counted as read; texts in memory up to the
 * budget, then spilled). No usable pair at all is a data error, with the skips
 * explained; so is a set of pairs none of which fits the budget, since no mosaic could
 * be made. `rejects` sees every record left out, and the pairs over the budget.
 */
export async function collectUsablePairs(
  resolved: CliInputs,
  build: ResolvedAugmentOptions,
  options: ReadOptions = resolved.readOptions,
  collect: CollectOptions = {},
  rejects?: Rejects,
): Promise<{ data: Dataset; prepared: PreparedPairs }> {
  const collector = await PairCollector.create(build, collect);
  try {
    const data = await readDataset(resolved.sources, {
      ...options,
      keepPairs: false,
      onInvalid: (error, source) => {
        options.onInvalid?.(error, source);
        rejects?.invalid(error, source);
      },
      // Synchronous unless a slice is being counted: no await per record.
      onRecord: (record) => {
        const outer = options.onRecord?.(record);
        const writing = rejects?.record(record, record.source);
        const counting = addAll(collector, record.pairs);
        return outer || writing || counting ? Promise.all([outer, writing, counting]).then(() => undefined) : undefined;
      },
    });
    assertUsable(resolved, data);
    const prepared = await collector.finish();
    if (rejects) await rejects.overBudget(prepared, build.maxTokens);
    assertSomeFit(prepared, build);
    return { data, prepared };
  } catch (error) {
    collector.abandon();
    throw error;
  }
}

/** Adds a record's pairs; a promise when counting is under way, to wait for before reading on. */
function addAll(collector: PairCollector, pairs: readonly Pair[]): Promise<void> | undefined {
  let counting: Promise<void> | undefined;
  for (const pair of pairs) counting = collector.add(pair) ?? counting;
  return counting;
}

/** What to try when every record was skipped for one reason. */
const SKIP_HINTS: Partial<Record<SkipReason, string>> = {
  preference: 'this is preference (DPO/ORPO) data: --preference chosen takes each chosen answer as the response',
  'kto-undesirable': '--kto-undesirable keep reads the answers labelled false too',
  'multi-turn': '--multi-turn first or --multi-turn split reads conversations of several exchanges',
};

/** One line for a dataset that gives no pair: why, and what to try. */
export function noPairsMessage(names: string, data: Dataset): string {
  if (data.records === 0) return `no records in ${names}: expected at least one record, found none`;
  const skips = describeSkips({ ...data.skipped, ...data.invalid }) ?? '0 records';
  const reasons = Object.entries(data.skipped).filter(([, n]) => n > 0);
  const hint = reasons.length === 1 ? SKIP_HINTS[reasons[0]?.[0] as SkipReason] : undefined;
  return `no usable pairs in ${names}: ${skips} skipped${hint ? `; ${hint}` : ''}`;
}

function assertUsable(resolved: CliInputs, data: Dataset): void {
  if (data.pairCount === 0) throw new DataError(noPairsMessage(resolved.inputs.join(', '), data));
}

/** Zero mosaics is not a result: every pair over the budget is a data error, with the nearest miss. */
function assertSomeFit(prepared: PreparedPairs, build: ResolvedAugmentOptions): void {
  let smallest = Infinity;
  for (const tokens of prepared.alone) {
    if (tokens <= build.maxTokens) return;
    smallest = Math.min(smallest, tokens);
  }
  const n = prepared.length;
  throw new DataError(
    `no mosaic can be made: ${n === 1 ? 'the only pair is' : `all ${n} pairs are`} over --max-tokens ${build.maxTokens}; the smallest has ${smallest} tokens (${build.tokenizer.name})`,
  );
}
