import { DataError, UsageError } from '../errors.js';
import { parseFieldMap } from '../formats/field-map.js';
import { expandInputs } from '../io/expand-inputs.js';
import { STDIN_NAME, type InputSource } from '../io/read-json.js';
import { readDataset, type Dataset, type ReadOptions } from '../io/read-pairs.js';
import { PairCollector, type CollectOptions, type PreparedPairs } from '../mosaic/prepared-pairs.js';
import type { ResolvedAugmentOptions } from '../options.js';
import type { Pair } from '../types.js';
import { describeSkips } from './summary.js';
import type { ReadFlags } from './augment-flags.js';
import type { CliContext } from './context.js';

export interface CliInputs {
  /** Arguments with glob patterns expanded, in order; "-" for stdin. */
  readonly inputs: string[];
  /** The same without stdin: files the output must not overwrite. */
  readonly files: string[];
  readonly sources: InputSource[];
  readonly readOptions: ReadOptions;
}

/** Input arguments and read flags checked and resolved, before anything is read. */
export async function resolveInputs(ctx: CliContext, args: readonly string[], flags: ReadFlags): Promise<CliInputs> {
  if (args.length === 0) throw new UsageError('no input given', '<input>');
  const map = flags.map === undefined ? undefined : parseFieldMap(flags.map);
  if (args.filter((i) => i === '-').length > 1) throw new UsageError('stdin ("-") can be read only once', '<input>');
  const inputs = await expandInputs(args, ctx.cwd);
  const sources: InputSource[] = inputs.map((i) => (i === '-' ? { name: STDIN_NAME, stream: ctx.stdin } : i));
  return {
    inputs,
    files: inputs.filter((i) => i !== '-'),
    sources,
    readOptions: { format: flags.format, map, multiTurn: flags.multiTurn, invalidRecords: flags.onInvalid },
  };
}

/**
 * Reads every pair into a PairCollector (counted as read; texts in memory up to the
 * budget, then spilled); no usable pair at all is a data error, with the skips explained.
 */
export async function collectUsablePairs(
  resolved: CliInputs,
  build: ResolvedAugmentOptions,
  options: ReadOptions = resolved.readOptions,
  collect: CollectOptions = {},
): Promise<{ data: Dataset; prepared: PreparedPairs }> {
  const collector = await PairCollector.create(build, collect);
  try {
    const data = await readDataset(resolved.sources, {
      ...options,
      keepPairs: false,
      // Synchronous unless a slice is being counted: no await per record.
      onRecord: (record) => {
        const outer = options.onRecord?.(record);
        if (outer) return outer.then(() => addAll(collector, record.pairs));
        return addAll(collector, record.pairs);
      },
    });
    assertUsable(resolved, data);
    return { data, prepared: await collector.finish() };
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

function assertUsable(resolved: CliInputs, data: Dataset): void {
  if (data.pairCount === 0) {
    const skips = describeSkips({ ...data.skipped, ...data.invalid }) ?? '0 records';
    const names = resolved.inputs.join(', ');
    throw new DataError(
      data.records === 0 ? `no records in ${names}: expected at least one record, found none` : `no usable pairs in ${names}: ${skips} skipped`,
    );
  }
}
