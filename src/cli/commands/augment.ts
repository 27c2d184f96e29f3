import { Command, Option } from 'commander';
import { availableParallelism } from 'node:os';
import { OUTPUT_FORMATS, type OutputFormat } from '../../formats/format-names.js';
import { CONTAINERS } from '../../io/output-path.js';
import type { Container } from '../../io/write-records.js';
import { resolveAugmentOptions } from '../../options.js';
import { runAugmentation, type AugmentationRun } from '../../run.js';
import { addBuildFlags, addInvalidFlag, addReadFlags, buildOptionsOf, type BuildFlags, type ReadFlags } from '../augment-flags.js';
import { assertDistinctOutputs, AugmentOutputs, planOutputs } from '../augment-outputs.js';
import type { CliContext } from '../context.js';
import { ProgressLine } from '../progress.js';
import { resolveInputs, totalSize, withConfig } from '../read-inputs.js';
import { defaultMemoryBudget, parseMemoryFlag } from '../scale-flags.js';
import { formatSummary } from '../summary.js';
import { wholeNumberFlag } from '../whole-number-flag.js';

interface AugmentFlags extends ReadFlags, BuildFlags {
  output?: string;
  to?: OutputFormat;
  outputFormat?: Container;
  datasetInfo?: string;
  meta?: boolean;
  quiet?: boolean;
  progress: boolean;
  config?: string;
  manifest?: string;
  summaryJson?: string;
  rejects?: string;
  shard?: string;
  memory?: string;
  threads?: string;
}

export function augmentCommand(ctx: CliContext): Command {
  const command = new Command('augment')
    .description('build Mosaic-IT training samples from instruction/response pairs')
    .argument(
      '[input...]',
      'datasets: files or quoted glob patterns ("data/*.jsonl"); JSON array, JSON Lines, either gzipped, or Parquet; "-" reads stdin',
    )
    .option(
      '-o, --output <file>',
      'output file (required): .jsonl JSON Lines, .json a JSON array, .parquet Parquet; .jsonl.gz and .json.gz are gzipped; "-" writes JSON Lines to stdout',
    );
  addInvalidFlag(addReadFlags(command))
    .addOption(new Option('--to <format>', "output format (default: the input's family; dolly gives alpaca)").choices(OUTPUT_FORMATS))
    .addOption(new Option('--output-format <container>', 'output container, instead of the one the file name implies').choices(CONTAINERS))
    .option('--dataset-info <file>', "also write (or add to) a LLaMA-Factory dataset_info.json with an entry for the output, named after the output file");
  addBuildFlags(command);
  return command
    .option('--meta', 'add provenance to each record: epoch, sources, strategy, rule, order, masked, numbered, tokens')
    .option(
      '--config <file>',
      'take options from a JSON or YAML file: keys are the long flag names (max-tokens: 4096), plus inputs; flags given on the command line win',
    )
    .option('--manifest <file>', 'write a JSON manifest to rebuild and audit the output: version, resolved options, sha256 and records of every input and of the output, counts')
    .option('--summary-json <file>', 'write the end-of-run summary as JSON')
    .option(
      '--rejects <file>',
      'write one JSON line for every record left out of the mosaics (invalid, skipped, or over the budget): its file and line or index, its source index, the reason, and for budget drops its token count',
    )
    .option(
      '--shard <i/n>',
      'write only run i of n (i from 0): the n outputs, concatenated in order of i, are the unsharded output byte for byte; JSON Lines output only',
    )
    .option(
      '--threads <n>',
      'worker threads that build mosaics with a counter that answers at once (approx, o200k_base, cl100k_base); 1: the main thread only; same output for any n (default: the number of CPUs)',
    )
    .option(
      '--memory <size>',
      'memory for pair texts (512M, 4G, ...); past it they are kept in a temporary file beside the output and read back as needed; same output either way (default: 1/8 of RAM, at most 1/4 of the JS heap)',
    )
    .option('--no-progress', 'draw no progress bar (one is drawn only when stderr is a terminal)')
    .option('-q, --quiet', 'no progress bar and no summary')
    .action(async (inputs: string[], flags: AugmentFlags, self: Command) => {
      await runAugment(ctx, inputs, flags, self);
    });
}

/** Flags to the library's run, its records to the output, then the side files and the summary. */
async function runAugment(ctx: CliContext, given: string[], initial: AugmentFlags, command: Command): Promise<void> {
  const started = Date.now();
  const { flags, args } = await withConfig(command, initial, given);
  const plan = await planOutputs(flags, args);
  const resolved = await resolveInputs(ctx, args, flags);
  await assertDistinctOutputs(plan, resolved.files);
  const memoryBytes = flags.memory === undefined ? defaultMemoryBudget() : parseMemoryFlag(flags.memory);
  const threads = flags.threads === undefined ? availableParallelism() : wholeNumberFlag(flags.threads, '--threads', 1, 256);
  const warn = (message: string) => ctx.stderr.write(`mosaic-it: ${message}\n`);
  // After the cheap checks: loading a tokenizer can take seconds.
  const options = await resolveAugmentOptions({ ...buildOptionsOf(flags), onNotice: warn });
  // Drawn only on a terminal: a byte count taps the input, and makes a Parquet file be read once more.
  const drawing = (ctx.stderr as { isTTY?: boolean }).isTTY === true && !flags.quiet && flags.progress !== false;
  const progress = new ProgressLine(ctx.stderr, drawing, Date.now, drawing ? await totalSize(resolved.inputs) : undefined);
  // Every file is opened now, before anything is read, and replaced together at the end.
  const outputs = await AugmentOutputs.open(plan, resolved.inputs.length);
  let run: AugmentationRun | undefined;
  try {
    const { rejects } = outputs;
    run = await runAugmentation(resolved.sources, options, {
      read: { ...resolved.readOptions, ...outputs.readHooks(), onProgress: drawing ? (p) => progress.reading(p) : undefined, onWarning: (m) => warn(`warning: ${m}`) },
      onPairsCounted: rejects && ((tokens) => rejects.overBudget(tokens, options.maxTokens)),
      onProgress: drawing ? (p) => progress.augmenting(p) : undefined,
      // Parquet is written from record objects, which worker threads would hand over as JSON texts.
      recordsAs: plan.container === 'parquet' ? 'objects' : 'json',
      threads, memoryBytes, shard: plan.shard, spillDirectory: outputs.spillDirectory, signal: ctx.signal, to: flags.to, meta: flags.meta,
    });
    const written = await outputs.write(run, ctx.stdout, ctx.signal);
    progress.finish();
    const summary = await outputs.commit(run, { options, flags, inputs: resolved.inputs, written, started });
    if (!flags.quiet) ctx.stderr.write(formatSummary(summary));
  } finally {
    run?.close();
    await outputs.discard();
    progress.finish();
  }
}
