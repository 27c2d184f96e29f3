import { Command, Option } from 'commander';
import { access, readFile, stat } from 'node:fs/promises';
import { availableParallelism, tmpdir } from 'node:os';
import { basename, dirname, relative, sep } from 'node:path';
import { DataError, UsageError } from '../../errors.js';
import { datasetInfoEntry, mergeDatasetInfo } from '../../formats/dataset-info.js';
import { DEFAULT_OUTPUT_FORMAT, OUTPUT_FORMATS, type OutputFormat } from '../../formats/format-names.js';
import { fullestRecord, mosaicToRecord } from '../../formats/output.js';
import { inferRecordShape } from '../../io/parquet-shape.js';
import { assertNotAnInput, CONTAINERS, containerFor } from '../../io/output-path.js';
import type { Dataset } from '../../io/read-pairs.js';
import { SerializedRecords, writeRecords, writeTextFile, type Container, type OutputTarget } from '../../io/write-records.js';
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
import { ProgressLine } from '../progress.js';
import { formatSummary, runSummary } from '../summary.js';
import type { CliContext } from '../context.js';

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
      'output file (required): Parquet if it ends in .parquet, a JSON array if .json, else JSON Lines; "-" writes JSON Lines to stdout',
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
    const settings = await loadConfig(given.config);
    applyConfig(command, settings);
    flags = command.opts<AugmentFlags>();
    if (args.length === 0 && settings.inputs) args = settings.inputs;
  }
  const { output, meta, quiet, to, outputFormat, datasetInfo, manifest, summaryJson } = flags;
  if (output === undefined) throw new UsageError("required option '-o, --output <file>' not specified", '--output');
  if (args.length === 0) throw new UsageError('no input given: name files, or "inputs" in the --config file', '<input...>');
  if (datasetInfo !== undefined && output === '-') throw new UsageError('needs an output file to point at, not stdout', '--dataset-info');
  const resolved = await resolveInputs(ctx, args, flags);
  const { files } = resolved;
  if (output !== '-') await assertNotAnInput(output, files);
  const written = output === '-' ? [] : [output];
  for (const [path, flag] of [
    [datasetInfo, '--dataset-info'],
    [manifest, '--manifest'],
    [summaryJson, '--summary-json'],
  ] as const) {
    if (path === undefined) continue;
    await assertNotAnInput(path, [...files, ...written], flag);
    written.push(path);
  }
  // A .gz name promises compressed bytes; writing plain text under it would give a file
  // gzip readers reject. Compressed output is not written yet, so the name is refused.
  if (/\.gz$/i.test(output)) throw new UsageError(`"${output}": gzip output is not supported; write .jsonl and compress it`, '--output');
  const container = outputFormat ?? (output === '-' ? 'jsonl' : containerFor(output));
  const shard = flags.shard === undefined ? undefined : parseShardFlag(flags.shard);
  // Only JSON Lines concatenate into one valid file; an array or a Parquet file would not.
  if (shard && container !== 'jsonl') throw new UsageError(`shards are JSON Lines, so that they concatenate; "${output}" would be ${container}`, '--shard');
  if (shard && datasetInfo !== undefined) {
    throw new UsageError('a shard is part of a file; write the dataset_info.json entry for the concatenated file instead', '--dataset-info');
  }
  const memoryBytes = flags.memory === undefined ? defaultMemoryBudget() : parseMemoryFlag(flags.memory);
  const threads = flags.threads === undefined ? availableParallelism() : wholeNumberFlag(flags.threads, '--threads', 1, 256);
  // Texts past --memory, or for worker threads, wait beside the output: a disk sized for it.
  const spillDirectory = output === '-' ? tmpdir() : dirname(output);
  // After the cheap checks: loading a tokenizer can take seconds.
  const options = await resolveAugmentOptions({
    ...buildOptionsOf(flags),
    onNotice: (message) => ctx.stderr.write(`mosaic-it: ${message}\n`),
  });

  // Worker threads pay off when there are records to serialize as JSON and a counter
  // that answers at once (approx, the OpenAI encodings). A batched engine is left in
  // this thread: each worker would start with an empty pre-token memo and compete with
  // the engine's own threads (9,000 pairs, llama2: 16 s in one thread, 26 s with two
  // workers). Workers read texts from a spill file.
  const threaded = threads >= 2 && container !== 'parquet' && !countsInBatches(options.tokenizer);

  const drawing = (ctx.stderr as { isTTY?: boolean }).isTTY === true && !quiet && flags.progress !== false;
  const progress = new ProgressLine(ctx.stderr, drawing, Date.now, drawing ? await totalSize(resolved.inputs) : undefined);
  const inputDigests = manifest === undefined ? undefined : resolved.inputs.map(() => new Digest());
  const outputDigest = manifest === undefined ? undefined : new Digest();
  // Closed here too (the run closes it when iterated) for failures before the run starts.
  let texts: PairTexts | undefined;
  try {
    const { data, prepared } = await collectUsablePairs(
      resolved,
      options,
      {
        ...resolved.readOptions,
        // Only when drawn: a byte count taps the input, and makes a Parquet file be read once more.
        onProgress: drawing ? (p) => progress.reading(p) : undefined,
        signal: ctx.signal,
        onBytes: inputDigests && ((index, chunk) => inputDigests[index]?.update(chunk)),
      },
      // Texts bound for worker threads go to disk as they are read, never held first.
      { memoryBytes: threaded ? 0 : memoryBytes, spillDirectory },
    );
    texts = prepared.texts;
    const target = to ?? familyOf(data.formats);
    const hasSystem = prepared.hasSystem;
    const conversational = target === 'prompt-completion' && hasSystem;
    // Built before writing: an output LLaMA-Factory cannot read is refused before any work.
    const infoEntry =
      datasetInfo === undefined
        ? undefined
        : datasetInfoEntry(target, relative(dirname(datasetInfo), output).split(sep).join('/'), {
            hasSystem,
            conversationalPromptCompletion: conversational,
          });

    // The dataset_info.json text is made before the run, so a file that cannot be read or
    // merged stops the command before any output is written.
    const infoText =
      datasetInfo === undefined || infoEntry === undefined
        ? undefined
        : mergeDatasetInfo(await readExisting(datasetInfo), datasetName(output), infoEntry, datasetInfo);

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
    const outputTarget: OutputTarget = output === '-' ? { stream: ctx.stdout, container, parquet } : { path: output, container, parquet };
    const written = await writeRecords(records, outputTarget, {
      signal: ctx.signal,
      onBlock: outputDigest && ((block) => outputDigest.update(block)),
    });
    if (datasetInfo !== undefined && infoText !== undefined) await writeTextFile(datasetInfo, infoText);
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
    if (manifest !== undefined && inputDigests && outputDigest) {
      const document = await buildManifest({
        options,
        reading: { format: flags.format, map: flags.map, multiTurn: flags.multiTurn, onInvalid: flags.onInvalid },
        writing: { to: target, container, meta: meta === true, shard },
        tokenizerValue: flags.tokenizer,
        inputs: resolved.inputs.map((path, i) => ({
          path,
          digest: inputDigests[i] as Digest,
          records: data.recordsPerInput[i] ?? 0,
          format: data.formats.find((f) => f.file === (path === '-' ? STDIN_NAME : path))?.format ?? null,
        })),
        output: { path: output, digest: outputDigest, records: written },
        summary,
      });
      await writeTextFile(manifest, `${JSON.stringify(document, null, 2)}\n`);
    }
    if (summaryJson !== undefined) await writeTextFile(summaryJson, `${JSON.stringify(summary, null, 2)}\n`);
    if (!quiet) ctx.stderr.write(formatSummary(summary));
  } finally {
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

async function readExisting(file: string): Promise<string | undefined> {
  try {
    return await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') {
      // Absent is fine, but its folder must exist for the file to be written at the end.
      await access(dirname(file)).catch(() => {
        throw new DataError('its folder does not exist', { file });
      });
      return undefined;
    }
    throw new DataError(`cannot read: ${code ?? (error as Error).message}`, { file });
  }
}

/** The output format the inputs' family maps to; mixed families must choose. */
function familyOf(formats: Dataset['formats']): OutputFormat {
  const families = [...new Set(formats.map((f) => DEFAULT_OUTPUT_FORMAT[f.format]))];
  if (families.length === 1) return families[0] as OutputFormat;
  const named = formats.map((f) => `${f.file} is ${f.format}`).join(', ');
  throw new UsageError(`inputs of different formats (${named}); choose the output format`, '--to');
}

/** LLaMA-Factory's dataset name for an output: its file name without the extensions. */
function datasetName(output: string): string {
  return basename(output).replace(/(\.(jsonl|json|parquet|gz))+$/i, '') || basename(output);
}

async function* mapAsync<T, U>(source: AsyncIterable<T>, f: (value: T) => U): AsyncGenerator<U> {
  for await (const value of source) yield f(value);
}
