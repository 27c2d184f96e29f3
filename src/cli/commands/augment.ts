import { Command, Option } from 'commander';
import { access, readFile } from 'node:fs/promises';
import { basename, dirname, relative, sep } from 'node:path';
import { DataError, UsageError } from '../../errors.js';
import { datasetInfoEntry, mergeDatasetInfo } from '../../formats/dataset-info.js';
import { DEFAULT_OUTPUT_FORMAT, OUTPUT_FORMATS, type OutputFormat } from '../../formats/format-names.js';
import { fullestRecord, mosaicToRecord } from '../../formats/output.js';
import { inferRecordShape } from '../../io/parquet-shape.js';
import { assertNotAnInput, CONTAINERS, containerFor } from '../../io/output-path.js';
import type { Dataset } from '../../io/read-pairs.js';
import { writeRecords, writeTextFile, type Container, type OutputTarget } from '../../io/write-records.js';
import { Augmentation } from '../../mosaic/augment.js';
import { resolveAugmentOptions } from '../../options.js';
import { addBuildFlags, addReadFlags, buildOptionsOf, type BuildFlags, type ReadFlags } from '../augment-flags.js';
import { readUsablePairs, resolveInputs } from '../read-inputs.js';
import { formatSummary } from '../summary.js';
import type { CliContext } from '../context.js';

interface AugmentFlags extends ReadFlags, BuildFlags {
  output: string;
  to?: OutputFormat;
  outputFormat?: Container;
  datasetInfo?: string;
  meta?: boolean;
  quiet?: boolean;
}

export function augmentCommand(ctx: CliContext): Command {
  const command = new Command('augment')
    .description('build Mosaic-IT training samples from instruction/response pairs')
    .argument(
      '<input...>',
      'datasets: files or quoted glob patterns ("data/*.jsonl"); JSON array, JSON Lines, either gzipped, or Parquet; "-" reads stdin',
    )
    .requiredOption(
      '-o, --output <file>',
      'output file: Parquet if it ends in .parquet, a JSON array if .json, else JSON Lines; "-" writes JSON Lines to stdout',
    );
  addReadFlags(command)
    .addOption(new Option('--to <format>', "output format (default: the input's family; dolly gives alpaca)").choices(OUTPUT_FORMATS))
    .addOption(new Option('--output-format <container>', 'output container, instead of the one the file name implies').choices(CONTAINERS))
    .option('--dataset-info <file>', "also write (or add to) a LLaMA-Factory dataset_info.json with an entry for the output, named after the output file");
  addBuildFlags(command);
  return command
    .option('--meta', 'add provenance to each record: epoch, sources, strategy, rule, order, masked, numbered, tokens')
    .option('-q, --quiet', 'print no summary')
    .action(async (inputs: string[], flags: AugmentFlags) => {
      await runAugment(ctx, inputs, flags);
    });
}

async function runAugment(ctx: CliContext, args: string[], flags: AugmentFlags): Promise<void> {
  const { output, meta, quiet, to, outputFormat, datasetInfo } = flags;
  const options = await resolveAugmentOptions({
    ...buildOptionsOf(flags),
    onNotice: (message) => ctx.stderr.write(`mosaic-it: ${message}\n`),
  });
  if (datasetInfo !== undefined && output === '-') throw new UsageError('needs an output file to point at, not stdout', '--dataset-info');
  const resolved = await resolveInputs(ctx, args, flags);
  const { files } = resolved;
  if (output !== '-') await assertNotAnInput(output, files);
  if (datasetInfo !== undefined) await assertNotAnInput(datasetInfo, [...files, output]);
  // A .gz name promises compressed bytes; writing plain text under it would give a file
  // gzip readers reject. Compressed output is not written yet, so the name is refused.
  if (/\.gz$/i.test(output)) throw new UsageError(`"${output}": gzip output is not supported; write .jsonl and compress it`, '--output');
  const container = outputFormat ?? (output === '-' ? 'jsonl' : containerFor(output));

  const data = await readUsablePairs(resolved);
  const target = to ?? familyOf(data.formats);
  const hasSystem = data.pairs.some((p) => p.system !== undefined);
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

  const run = new Augmentation(data.pairs, options);
  const recordOptions = { withMeta: meta === true, conversational };
  const parquet = container === 'parquet' ? { shape: inferRecordShape([fullestRecord(target, { ...recordOptions, hasSystem })]) } : undefined;
  const outputTarget: OutputTarget = output === '-' ? { stream: ctx.stdout, container, parquet } : { path: output, container, parquet };
  await writeRecords(mapAsync(run, (m) => mosaicToRecord(target, m, recordOptions)), outputTarget, ctx.signal);
  if (datasetInfo !== undefined && infoText !== undefined) await writeTextFile(datasetInfo, infoText);
  if (!quiet) {
    ctx.stderr.write(formatSummary(run.summary, output === '-' ? 'stdout' : output, options.epochs, options.seed, data.skipped));
  }
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
