import { Command, Option } from 'commander';
import { stat } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { dirname, relative, sep } from 'node:path';
import { UsageError } from '../../errors.js';
import { datasetInfoEntry } from '../../formats/dataset-info.js';
import { DEFAULT_OUTPUT_FORMAT, OUTPUT_FORMATS, type OutputFormat } from '../../formats/format-names.js';
import { fullestRecord, mosaicToRecord } from '../../formats/output.js';
import { inferRecordShape } from '../../io/parquet-shape.js';
import { CONTAINERS, outputLayout } from '../../io/output-path.js';
import type { Dataset } from '../../io/read-pairs.js';
import { SerializedRecords, writeRecords, type Container, type OutputTarget } from '../../io/write-records.js';
import { Augmentation, type AugmentProgress } from '../../mosaic/augment.js';
import { RunLayout } from '../../mosaic/blocks.js';
import { countsInBatches } from '../../mosaic/sample-count.js';
import { isSpilled } from '../../mosaic/prepared-pairs.js';
import { ParallelBuild } from '../../parallel/run-blocks.js';
import { wholeNumberFlag } from '../whole-number-flag.js';
import { STDIN_NAME } from '../../io/read-json.js';
import { resolveAugmentOptions } from '../../options.js';
import { addBuildFlags, addInvalidFlag, addReadFlags, buildOptionsOf, type BuildFlags, type ReadFlags } from '../augment-flags.js';
import type { PairTexts } from '../../io/pair-store.js';
import { collectUsablePairs, resolveInputs } from '../read-inputs.js';
import { defaultMemoryBudget, parseMemoryFlag, parseShardFlag } from '../scale-flags.js';
import { applyConfig, loadConfig } from '../config-file.js';
import { buildManifest, Digest } from '../manifest.js';
import { assertDistinctPaths, AugmentOutputs, datasetName } from '../augment-outputs.js';
import { Rejects } from '../rejects.js';
import { ProgressLine } from '../progress.js';
import { formatSummary, runSummary } from '../summary.js';
import { pathIn, type CliContext } from '../context.js';

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

async function runAugment(ctx: CliContext, args: string[], given: AugmentFlags, command: Command): Promise<void> {
  const started = Date.now();
  let flags = given;
  if (given.config !== undefined) {
    const settings = await loadConfig(given.config, pathIn(ctx, given.config));
    applyConfig(command, settings);
    flags = command.opts<AugmentFlags>();
    if (args.length === 0 && settings.inputs) args = settings.inputs;
  }
  const { output, meta, quiet, to, datasetInfo, manifest, summaryJson, rejects } = flags;
  if (output === undefined) throw new UsageError("required option '-o, --output <file>' not specified", '--output');
  if (args.length === 0) throw new UsageError('no input given: name files, or "inputs" in the --config file', '<input...>');
  if (datasetInfo !== undefined && output === '-') throw new UsageError('needs an output file to point at, not stdout', '--dataset-info');
  const at = (path: string) => pathIn(ctx, path);
  const { container, gzip } = await outputLayout(output, flags.outputFormat, at(output));
  // LLaMA-Factory picks its loader by the file's last extension, and has none for .gz.
  if (datasetInfo !== undefined && gzip) throw new UsageError('LLaMA-Factory cannot load a .gz file; write .jsonl, .json or .parquet for it', '--dataset-info');
  const shard = flags.shard === undefined ? undefined : parseShardFlag(flags.shard);
  // Only JSON Lines concatenate into one valid file; an array or a Parquet file would not.
  if (shard && container !== 'jsonl') throw new UsageError(`shards are JSON Lines, so that they concatenate; "${output}" would be ${container}`, '--shard');
  if (shard && datasetInfo !== undefined) {
    throw new UsageError('a shard is part of a file; write the dataset_info.json entry for the concatenated file instead', '--dataset-info');
  }
  const resolved = await resolveInputs(ctx, args, flags);
  await assertDistinctPaths(output, resolved.files, [
    [rejects, '--rejects'],
    [datasetInfo, '--dataset-info'],
    [manifest, '--manifest'],
    [summaryJson, '--summary-json'],
  ], at);
  const memoryBytes = flags.memory === undefined ? defaultMemoryBudget() : parseMemoryFlag(flags.memory);
  const threads = flags.threads === undefined ? availableParallelism() : wholeNumberFlag(flags.threads, '--threads', 1, 256);
  const warn = (message: string) => ctx.stderr.write(`mosaic-it: ${message}\n`);
  // After the cheap checks: loading a tokenizer can take seconds.
  const options = await resolveAugmentOptions({ ...buildOptionsOf(flags), onNotice: warn });

  // Worker threads pay off when there are records to serialize as JSON and a counter
  // that answers at once (approx, the OpenAI encodings). A batched engine is left in
  // this thread: each worker would start with an empty pre-token memo and compete with
  // the engine's own threads (9,000 pairs, llama2: 16 s in one thread, 26 s with two
  // workers). Workers read texts from a spill file.
  const threaded = threads >= 2 && container !== 'parquet' && !countsInBatches(options.tokenizer);

  const drawing = (ctx.stderr as { isTTY?: boolean }).isTTY === true && !quiet && flags.progress !== false;
  const progress = new ProgressLine(ctx.stderr, drawing, Date.now, drawing ? await totalSize(resolved.inputs.map((i) => (i === '-' ? i : at(i)))) : undefined);
  const inputDigests = manifest === undefined ? undefined : resolved.inputs.map(() => new Digest());
  const outputDigest = manifest === undefined ? undefined : new Digest();
  // Every file is opened now, before anything is read, and replaced together at the end.
  const outputs = await AugmentOutputs.open({ output, rejects, datasetInfo, manifest, summaryJson }, at);
  // Closed here too (the run closes it when iterated) for failures before the run starts.
  let texts: PairTexts | undefined;
  try {
    const rejected = outputs.rejects && new Rejects(outputs.rejects);
    const { data, prepared } = await collectUsablePairs(
      resolved,
      options,
      {
        ...resolved.readOptions,
        // Only when drawn: a byte count taps the input, and makes a Parquet file be read once more.
        onProgress: drawing ? (p) => progress.reading(p) : undefined,
        signal: ctx.signal,
        onBytes: inputDigests && ((index, chunk) => inputDigests[index]?.update(chunk)),
        onWarning: (message) => warn(`warning: ${message}`),
      },
      // Texts bound for worker threads go to disk as they are read, never held first.
      { memoryBytes: threaded ? 0 : memoryBytes, spillDirectory: outputs.spillDirectory },
      rejected,
    );
    texts = prepared.texts;
    const target = to ?? familyOf(data.formats);
    const hasSystem = prepared.hasSystem;
    const conversational = target === 'prompt-completion' && hasSystem;
    // Built before writing: an output LLaMA-Factory cannot read is refused before any work.
    const infoEntry =
      datasetInfo === undefined
        ? undefined
        : datasetInfoEntry(target, relative(dirname(at(datasetInfo)), at(output)).split(sep).join('/'), {
            hasSystem,
            conversationalPromptCompletion: conversational,
          });

    const recordOptions = { withMeta: meta === true, conversational };
    const onProgress = drawing ? (p: AugmentProgress) => progress.augmenting(p) : undefined;
    // Threaded runs collected their texts to disk from the first pair (memory budget 0).
    const built =
      threaded && isSpilled(prepared) && new RunLayout(prepared.alone, options, shard).blocks >= 2
        ? new ParallelBuild(prepared, buildOptionsOf(flags), options, { format: target, ...recordOptions }, { threads, shard, signal: ctx.signal, onProgress })
        : new Augmentation(prepared, options, { onProgress, signal: ctx.signal, shard });
    const records: AsyncIterable<unknown> =
      built instanceof ParallelBuild ? mapAsync(built.blocks(), (lines) => new SerializedRecords(lines)) : mapAsync(built, (m) => mosaicToRecord(target, m, recordOptions));
    const parquet = container === 'parquet' ? { shape: inferRecordShape([fullestRecord(target, { ...recordOptions, hasSystem })]) } : undefined;
    const outputTarget: OutputTarget = outputs.output
      ? { file: outputs.output, container, gzip, parquet }
      : { stream: ctx.stdout, name: 'stdout', container, parquet };
    const recordsWritten = await writeRecords(records, outputTarget, {
      signal: ctx.signal,
      onBlock: outputDigest && ((block) => outputDigest.update(block)),
    });
    await rejected?.flush();
    progress.finish();

    const summary = runSummary(built.summary, {
      output,
      records: data.records,
      epochs: options.epochs,
      seed: options.seed,
      skipped: data.skipped,
      invalid: data.invalid,
      elapsedSeconds: (Date.now() - started) / 1000,
      shard,
      // Past the user's budget: with worker threads texts are on disk anyway, and saying
      // so on every run would tell nothing.
      spilled: prepared.textBytes > memoryBytes,
    });
    const manifestDocument =
      manifest !== undefined && inputDigests && outputDigest
        ? await buildManifest({
            options,
            reading: {
              format: flags.format,
              map: flags.map,
              multiTurn: flags.multiTurn,
              onInvalid: flags.onInvalid,
              preference: flags.preference,
              ktoUndesirable: flags.ktoUndesirable,
            },
            writing: { to: target, container, gzip, meta: meta === true, shard },
            tokenizerValue: flags.tokenizer,
            inputs: resolved.inputs.map((path, i) => ({
              path,
              digest: inputDigests[i] as Digest,
              records: data.recordsPerInput[i] ?? 0,
              format: data.formats.find((f) => f.file === (path === '-' ? STDIN_NAME : path))?.format ?? null,
            })),
            output: { path: output, digest: outputDigest, records: recordsWritten },
            summary,
          })
        : undefined;
    await outputs.commit({
      datasetInfo: infoEntry && { name: datasetName(output), entry: infoEntry },
      manifest: manifestDocument && `${JSON.stringify(manifestDocument, null, 2)}\n`,
      summaryJson: summaryJson === undefined ? undefined : `${JSON.stringify(summary, null, 2)}\n`,
    });
    if (!quiet) ctx.stderr.write(formatSummary(summary));
  } finally {
    await outputs.discard();
    texts?.close();
    progress.finish();
  }
}

/** Stored size of all inputs, for the progress bar; unknown when one is stdin. */
async function totalSize(inputs: readonly string[]): Promise<number | undefined> {
  let total = 0;
  for (const input of inputs) {
    if (input === '-') return undefined;
    const info = await stat(input).catch(() => null);
    if (!info?.isFile()) return undefined;
    total += info.size;
  }
  return total;
}

/** The output format the inputs' family maps to; mixed families must choose. */
function familyOf(formats: Dataset['formats']): OutputFormat {
  const families = [...new Set(formats.map((f) => DEFAULT_OUTPUT_FORMAT[f.format]))];
  if (families.length === 1) return families[0] as OutputFormat;
  const named = formats.map((f) => `${f.file} is ${f.format}`).join(', ');
  throw new UsageError(`inputs of different formats (${named}); choose the output format`, '--to');
}

async function* mapAsync<T, U>(source: AsyncIterable<T>, f: (value: T) => U): AsyncGenerator<U> {
  for await (const value of source) yield f(value);
}
