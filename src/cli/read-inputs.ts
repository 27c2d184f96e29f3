import { stat } from 'node:fs/promises';
import type { Command } from 'commander';
import { UsageError } from '../errors.js';
import { parseFieldMap } from '../formats/field-map.js';
import { expandInputs } from '../io/expand-inputs.js';
import { STDIN_NAME, type InputSource } from '../io/read-json.js';
import type { ReadOptions } from '../io/read-pairs.js';
import type { CollectOptions, PreparedPairs } from '../mosaic/prepared-pairs.js';
import type { ResolvedAugmentOptions } from '../options.js';
import { collectPairs, type DatasetCounts } from '../run-collect.js';
import type { ReadFlags } from './augment-flags.js';
import { applyConfig, loadConfig } from './config-file.js';
import { pathIn, type CliContext } from './context.js';

export { noPairsMessage } from '../run-collect.js';

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
 * The pairs of the inputs, counted (see collectPairs: no usable pair, or none within the
 * budget, is a data error), for a command that builds mosaics in this thread.
 */
export async function collectUsablePairs(
  resolved: CliInputs,
  build: ResolvedAugmentOptions,
  options: ReadOptions = resolved.readOptions,
  collect: CollectOptions = {},
): Promise<{ data: DatasetCounts; prepared: PreparedPairs }> {
  const { dataset, prepared } = await collectPairs(resolved.sources, build, { read: options, collect, signal: options.signal });
  return { data: dataset, prepared };
}

/**
 * The flags and inputs with --config applied: the file's values go under commander's
 * values (flags given on the command line win), and its "inputs" stand in for none given.
 */
export async function withConfig<F extends { config?: string }>(command: Command, flags: F, args: string[], ctx: Pick<CliContext, 'cwd'>): Promise<{ flags: F; args: string[] }> {
  if (flags.config === undefined) return { flags, args };
  const settings = await loadConfig(flags.config, pathIn(ctx, flags.config));
  applyConfig(command, settings);
  return { flags: command.opts<F>(), args: args.length === 0 && settings.inputs ? settings.inputs : args };
}

/** Stored size of all inputs, for the progress bar; unknown when one is stdin. */
export async function totalSize(sources: readonly InputSource[]): Promise<number | undefined> {
  let total = 0;
  for (const source of sources) {
    const path = typeof source === 'string' ? source : 'path' in source ? source.path : undefined;
    if (path === undefined) return undefined;
    const info = await stat(path).catch(() => null);
    if (!info?.isFile()) return undefined;
    total += info.size;
  }
  return total;
}
