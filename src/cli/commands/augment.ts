import { Command, Option } from 'commander';
import { DataError, UsageError } from '../../errors.js';
import { access, readFile } from 'node:fs/promises';
import { basename, dirname, relative, sep } from 'node:path';
import { datasetInfoEntry, mergeDatasetInfo } from '../../formats/dataset-info.js';
import { parseFieldMap } from '../../formats/field-map.js';
import {
  DEFAULT_OUTPUT_FORMAT,
  INPUT_FORMATS,
  MULTI_TURN_POLICIES,
  OUTPUT_FORMATS,
  type InputFormat,
  type MultiTurn,
  type OutputFormat,
} from '../../formats/format-names.js';
import { fullestRecord, mosaicToRecord } from '../../formats/output.js';
import { inferRecordShape } from '../../io/parquet-shape.js';
import { expandInputs } from '../../io/expand-inputs.js';
import { assertNotAnInput, CONTAINERS, containerFor } from '../../io/output-path.js';
import { STDIN_NAME, type InputSource } from '../../io/read-json.js';
import { readDataset, type Dataset } from '../../io/read-pairs.js';
import { writeRecords, writeTextFile, type Container, type OutputTarget } from '../../io/write-records.js';
import { Augmentation } from '../../mosaic/augment.js';
import { DEFAULTS, resolveAugmentOptions } from '../../options.js';
import { K_DISTRIBUTIONS } from '../../rng/k-distributions.js';
import { STRATEGY_WORDS } from '../../mosaic/strategy-choices.js';
import { MASKOUT_RULES, PERMUTE_RULES } from '../../types.js';
import { TOKENIZER_NAMES } from '../../tokens/resolve.js';
import { describeSkips, formatSummary } from '../summary.js';
import type { CliContext } from '../context.js';

interface AugmentFlags {
  output: string;
  seed: string;
  epochs: string;
  maxK: string;
  kDist: string;
  maxTokens: string;
  tokenizer: string;
  strategies: string;
  permuteRules: string;
  maskoutRules: string;
  format?: InputFormat;
  map?: string;
  multiTurn: MultiTurn;
  to?: OutputFormat;
  outputFormat?: Container;
  datasetInfo?: string;
  meta?: boolean;
  quiet?: boolean;
  chatTemplate?: boolean;
}

export function augmentCommand(ctx: CliContext): Command {
  return new Command('augment')
    .description('build Mosaic-IT training samples from instruction/response pairs')
    .argument(
      '<input...>',
      'datasets: files or quoted glob patterns ("data/*.jsonl"); JSON array, JSON Lines, either gzipped, or Parquet; "-" reads stdin',
    )
    .requiredOption(
      '-o, --output <file>',
      'output file: Parquet if it ends in .parquet, a JSON array if .json, else JSON Lines; "-" writes JSON Lines to stdout',
    )
    .addOption(
      new Option('--format <name>', 'input format of every file (default: detected per file from its first record)').choices(INPUT_FORMATS),
    )
    .option(
      '--map <fields>',
      'custom field and role names, key=name,...: prompt, input, response, system, history, messages (record fields); role, content (message fields); user-role, assistant-role, system-role (role values). E.g. --map prompt=question,response=answer',
    )
    .addOption(
      new Option('--multi-turn <policy>', 'conversations with several exchanges: skip them, take the first exchange, or split every exchange into its own pair')
        .choices(MULTI_TURN_POLICIES)
        .default('skip'),
    )
    .addOption(new Option('--to <format>', "output format (default: the input's family; dolly gives alpaca)").choices(OUTPUT_FORMATS))
    .addOption(new Option('--output-format <container>', 'output container, instead of the one the file name implies').choices(CONTAINERS))
    .option('--dataset-info <file>', "also write (or add to) a LLaMA-Factory dataset_info.json with an entry for the output, named after the output file")
    .option('--seed <n>', 'random seed; same data, options and seed give the same bytes', String(DEFAULTS.seed))
    .option('--epochs <n>', 'independent shuffle-and-mosaic passes over all pairs', String(DEFAULTS.epochs))
    .option('--max-k <n>', 'most pairs in one mosaic', String(DEFAULTS.maxK))
    .addOption(
      new Option('--k-dist <name>', 'how the number of pairs per mosaic is drawn: uniform 1..max-k; fixed = max-k; all = as many as fit; exp|pareto|lognormal|logistic lean toward max-k')
        .choices(K_DISTRIBUTIONS)
        .default(DEFAULTS.kDist),
    )
    .option('--max-tokens <n>', 'token budget per mosaic: system prompt plus prompt plus response', String(DEFAULTS.maxTokens))
    .option(
      '--tokenizer <name|path>',
      `how tokens are counted, offline: ${TOKENIZER_NAMES.join(', ')}, a tokenizer.json, or a model folder holding one. Each text (system, prompt, response) is counted without special tokens; approx is a fast estimate, not a model's count`,
      DEFAULTS.tokenizer,
    )
    .option(
      '--chat-template',
      'count each sample as the trainer sees it: the conversation (system, user, assistant) rendered with the chat template of the --tokenizer model folder (tokenizer_config.json), encoded as one text, template tokens included. Without it, system, prompt and response are counted as separate texts, without special tokens',
    )
    .option('--strategies <list>', `comma list of ${STRATEGY_WORDS.join('|')}, each optionally name=weight`, DEFAULTS.strategies)
    .option('--permute-rules <list>', `comma list of ${PERMUTE_RULES.join('|')}, or all`, DEFAULTS.permuteRules)
    .option('--maskout-rules <list>', `comma list of ${MASKOUT_RULES.join('|')}, or all`, DEFAULTS.maskoutRules)
    .option('--meta', 'add provenance to each record: epoch, sources, strategy, rule, order, masked, numbered, tokens')
    .option('-q, --quiet', 'print no summary')
    .action(async (inputs: string[], flags: AugmentFlags) => {
      await runAugment(ctx, inputs, flags);
    });
}

async function runAugment(ctx: CliContext, args: string[], flags: AugmentFlags): Promise<void> {
  const { output, meta, quiet, format, map, multiTurn, to, outputFormat, datasetInfo, ...optionFlags } = flags;
  const options = await resolveAugmentOptions({
    ...optionFlags,
    onNotice: (message) => ctx.stderr.write(`mosaic-it: ${message}\n`),
  });
  const fieldMap = map === undefined ? undefined : parseFieldMap(map);
  if (args.filter((i) => i === '-').length > 1) throw new UsageError('stdin ("-") can be read only once', '<input>');
  if (datasetInfo !== undefined && output === '-') throw new UsageError('needs an output file to point at, not stdout', '--dataset-info');
  const inputs = await expandInputs(args, ctx.cwd);
  const files = inputs.filter((i) => i !== '-');
  if (output !== '-') await assertNotAnInput(output, files);
  if (datasetInfo !== undefined) await assertNotAnInput(datasetInfo, [...files, output]);
  // A .gz name promises compressed bytes; writing plain text under it would give a file
  // gzip readers reject. Compressed output is not written yet, so the name is refused.
  if (/\.gz$/i.test(output)) throw new UsageError(`"${output}": gzip output is not supported; write .jsonl and compress it`, '--output');
  const container = outputFormat ?? (output === '-' ? 'jsonl' : containerFor(output));

  const sources: InputSource[] = inputs.map((i) => (i === '-' ? { name: STDIN_NAME, stream: ctx.stdin } : i));
  const data = await readDataset(sources, { format, map: fieldMap, multiTurn });
  if (data.pairs.length === 0) {
    const skips = describeSkips(data.skipped) ?? '0 records';
    throw new DataError(data.records === 0 ? `no records in ${inputs.join(', ')}` : `no usable pairs in ${inputs.join(', ')}: ${skips} skipped`);
  }
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
