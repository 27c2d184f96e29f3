import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import type { Writable } from 'node:stream';
import { basename, dirname, relative, sep } from 'node:path';
import { DataError, UsageError } from '../errors.js';
import { datasetInfoEntry, mergeDatasetInfo, type DatasetInfoEntry } from '../formats/dataset-info.js';
import type { InputFormat } from '../formats/input-formats.js';
import { assertNotAnInput, outputLayout } from '../io/output-path.js';
import { OutputFiles, type PendingFile } from '../io/pending-file.js';
import { STDIN_NAME } from '../io/read-json.js';
import type { ReadOptions } from '../io/read-pairs.js';
import type { Container } from '../io/write-records.js';
import type { Shard } from '../mosaic/augment.js';
import { textOf, type FlagsOf, type KeysOf } from '../option-table.js';
import { PREFERENCE_FORMATS } from '../formats/format-names.js';
import { EQUAL_WEIGHTS } from '../preference/rejection.js';
import type { ResolvedAugmentOptions } from '../options.js';
import type { AugmentationRun } from '../run.js';
import { Digest } from '../io/digest.js';
import { buildManifest, type ManifestParts } from './manifest.js';
import { Rejects } from './rejects.js';
import { parseShardFlag } from './scale-flags.js';
import { runSummary, type RunSummary } from './summary.js';

/** The files an augment run writes; each absent when its flag is not given ("-" output: stdout). */
export interface OutputPaths {
  readonly output: string;
  readonly rejects?: string;
  readonly datasetInfo?: string;
  readonly manifest?: string;
  readonly summaryJson?: string;
}

/** The output flags of augment, as commander (or --config) gives them (option-table.ts). */
export type OutputFlags = FlagsOf<KeysOf<'output'>>;

/** Where and how an augment run writes, its flags checked. */
export interface OutputPlan {
  readonly paths: OutputPaths;
  /** Where the file system finds a path as given (see pathIn); messages name it as given. */
  readonly at: (path: string) => string;
  readonly container: Container;
  readonly gzip: boolean;
  readonly shard?: Shard;
}

/**
 * The output flags checked against each other before anything is read: a usage error
 * names the flag. `inputs`: the input arguments, checked among them so that the errors
 * come in the order they always have.
 */
export async function planOutputs(flags: OutputFlags, inputs: readonly string[], at: (path: string) => string = (path) => path): Promise<OutputPlan> {
  const { output, datasetInfo } = flags;
  if (output === undefined) throw new UsageError("required option '-o, --output <file>' not specified", '--output');
  if (inputs.length === 0) throw new UsageError('no input given: name files, or "inputs" in the --config file', '<input...>');
  if (datasetInfo !== undefined && output === '-') throw new UsageError('needs an output file to point at, not stdout', '--dataset-info');
  const { container, gzip } = await outputLayout(output, flags.outputFormat, at(output));
  // LLaMA-Factory picks its loader by the file's last extension, and has none for .gz.
  if (datasetInfo !== undefined && gzip) throw new UsageError('LLaMA-Factory cannot load a .gz file; write .jsonl, .json or .parquet for it', '--dataset-info');
  const shard = flags.shard === undefined ? undefined : parseShardFlag(flags.shard);
  // Only JSON Lines concatenate into one valid file; an array or a Parquet file would not.
  if (shard && container !== 'jsonl') throw new UsageError(`shards are JSON Lines, so that they concatenate; "${output}" would be ${container}`, '--shard');
  if (shard && datasetInfo !== undefined) {
    throw new UsageError('a shard is part of a file; write the dataset_info.json entry for the concatenated file instead', '--dataset-info');
  }
  // Rejected responses exist only in preference output; weights for any other would do nothing.
  const preference = flags.to !== undefined && (PREFERENCE_FORMATS as readonly string[]).includes(flags.to);
  if (!preference && flags.rejectWith !== undefined && flags.rejectWith !== textOf(EQUAL_WEIGHTS)) {
    throw new UsageError(`applies to preference output only: add --to ${PREFERENCE_FORMATS.join(', --to ')}`, '--reject-with');
  }
  const paths = { output, rejects: flags.rejects, datasetInfo, manifest: flags.manifest, summaryJson: flags.summaryJson };
  return { paths, at, container, gzip, shard };
}

/** What the manifest says beyond the run itself: the read flags and --tokenizer as given. */
export interface ManifestFlags extends Pick<ManifestParts['reading'], 'format' | 'map' | 'multiTurn' | 'onInvalid' | 'preference' | 'ktoUndesirable'> {
  readonly tokenizer: string;
}

/** What the side files say beyond the run: the options, the flags, the inputs as named, the count written. */
export interface CommitParts {
  readonly options: ResolvedAugmentOptions;
  readonly flags: ManifestFlags;
  readonly inputs: readonly string[];
  readonly written: number;
  /** When the run started (Date.now()), for the summary's elapsed time. */
  readonly started: number;
}

/**
 * Every file of one augment run, opened before anything is read and replaced together
 * at the end (see OutputFiles): a side file that cannot be written (`--manifest
 * nodir/m.json`) stops the run before it starts, and a run that fails leaves every
 * target as it was, the dataset and its dataset_info.json entry included. It also
 * gathers what the side files say while the run goes: the inputs' and the output's
 * sha256 (--manifest) and the records left out (--rejects).
 */
export class AugmentOutputs {
  /** --rejects: fed by the read hooks and the pairs' counts. */
  readonly rejects: Rejects | undefined;
  private readonly digests: { readonly inputs: Digest[]; readonly output: Digest } | undefined;
  private infoEntry: DatasetInfoEntry | undefined;

  private constructor(
    private readonly files: OutputFiles,
    private readonly plan: OutputPlan,
    /** The output file; undefined for stdout. */
    private readonly output: PendingFile | undefined,
    rejects: PendingFile | undefined,
    private readonly side: { readonly datasetInfo?: PendingFile; readonly manifest?: PendingFile; readonly summaryJson?: PendingFile },
    /** The dataset_info.json text found at the start, checked to be mergeable. */
    private readonly existingInfo: string | undefined,
    inputCount: number,
  ) {
    this.rejects = rejects && new Rejects(rejects);
    this.digests = plan.paths.manifest === undefined ? undefined : { inputs: Array.from({ length: inputCount }, () => new Digest()), output: new Digest() };
  }

  static async open(plan: OutputPlan, inputCount: number): Promise<AugmentOutputs> {
    const { paths, at } = plan;
    const files = new OutputFiles();
    try {
      const open = (path: string | undefined) => (path === undefined ? undefined : files.add(path, at(path)));
      const output = paths.output === '-' ? undefined : await files.add(paths.output, at(paths.output));
      const rejects = await open(paths.rejects);
      const datasetInfo = await open(paths.datasetInfo);
      const manifest = await open(paths.manifest);
      const summaryJson = await open(paths.summaryJson);
      let existingInfo: string | undefined;
      if (paths.datasetInfo !== undefined) {
        existingInfo = await readExisting(paths.datasetInfo, at(paths.datasetInfo));
        // A file that cannot be merged into stops the run now, not after it.
        mergeDatasetInfo(existingInfo, 'mosaic-it-check', {}, paths.datasetInfo);
      }
      return new AugmentOutputs(files, plan, output, rejects, { datasetInfo, manifest, summaryJson }, existingInfo, inputCount);
    } catch (error) {
      await files.discard();
      throw error;
    }
  }

  /**
   * Where the run's temporary pair texts go: beside the output, on a disk sized for it;
   * the system's temporary folder for stdout, a device or a FIFO.
   */
  get spillDirectory(): string {
    return this.output && !this.output.inPlace ? this.output.folder : tmpdir();
  }

  /** The read hooks the side files need: input bytes for --manifest, records left out for --rejects. */
  readHooks(): Pick<ReadOptions, 'onBytes' | 'onInvalid' | 'onRecord'> {
    const inputs = this.digests?.inputs;
    return { ...this.rejects?.readHooks(), onBytes: inputs && ((index, chunk) => inputs[index]?.update(chunk)) };
  }

  /**
   * Writes the run's records to the output (or stdout), hashing them for --manifest, then
   * the --rejects lines still held. The dataset_info.json entry is made first: an output
   * LLaMA-Factory cannot read is refused before any work.
   */
  async write(run: AugmentationRun, stdout: Writable, signal: AbortSignal): Promise<number> {
    const { datasetInfo, output } = this.plan.paths;
    const { at } = this.plan;
    if (datasetInfo !== undefined) {
      this.infoEntry = datasetInfoEntry(run.format, relative(dirname(at(datasetInfo)), at(output)).split(sep).join('/'), {
        hasSystem: run.hasSystem,
        conversationalPromptCompletion: run.recordOptions.conversational === true,
      });
    }
    const { container, gzip } = this.plan;
    const digest = this.digests?.output;
    const written = await run.write(this.output ? { file: this.output, container, gzip } : { stream: stdout, name: 'stdout', container }, {
      signal,
      onBlock: digest && ((block) => digest.update(block)),
    });
    await this.rejects?.flush();
    return written;
  }

  /**
   * Writes the side files, then puts every file in place; nothing is replaced unless all
   * are written. Returns the run's summary, as --summary-json has it.
   */
  async commit(run: AugmentationRun, parts: CommitParts): Promise<RunSummary> {
    const { datasetInfo, manifest, summaryJson } = this.side;
    const { paths, shard } = this.plan;
    const { dataset } = run;
    const summary = runSummary(run.summary, {
      output: paths.output,
      records: dataset.records,
      epochs: parts.options.epochs,
      seed: parts.options.seed,
      skipped: dataset.skipped,
      invalid: dataset.invalid,
      elapsedSeconds: (Date.now() - parts.started) / 1000,
      shard,
      // Past the user's budget: with worker threads texts are on disk anyway, and saying
      // so on every run would tell nothing.
      spilled: run.spilled,
    });
    if (datasetInfo && this.infoEntry) {
      await datasetInfo.sink(mergeDatasetInfo(this.existingInfo, datasetName(paths.output), this.infoEntry, paths.datasetInfo));
    }
    if (manifest && this.digests) {
      const { flags, options } = parts;
      const { inputs, output } = this.digests;
      const formatOf = (path: string): InputFormat | null => run.dataset.formats.find((f) => f.file === (path === '-' ? STDIN_NAME : path))?.format ?? null;
      const document = await buildManifest({
        options,
        reading: { format: flags.format, map: flags.map, multiTurn: flags.multiTurn, onInvalid: flags.onInvalid, preference: flags.preference, ktoUndesirable: flags.ktoUndesirable },
        writing: { to: run.format, container: this.plan.container, gzip: this.plan.gzip, meta: run.recordOptions.withMeta, shard: this.plan.shard, rejectWith: run.recordOptions.rejections?.weights },
        tokenizerValue: flags.tokenizer,
        inputs: parts.inputs.map((path, i) => ({ path, digest: inputs[i] as Digest, records: run.dataset.recordsPerInput[i] ?? 0, format: formatOf(path) })),
        output: { path: paths.output, digest: output, records: parts.written },
        summary,
      });
      await manifest.sink(`${JSON.stringify(document, null, 2)}\n`);
    }
    if (summaryJson) await summaryJson.sink(`${JSON.stringify(summary, null, 2)}\n`);
    await this.files.commit();
    return summary;
  }

  /** Removes every temporary file not committed; the targets stay as they were. */
  async discard(): Promise<void> {
    await this.files.discard();
  }
}

async function readExisting(file: string, at: string): Promise<string | undefined> {
  try {
    return await readFile(at, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    // Absent is fine: its folder was checked when its temporary file was made.
    if (code === 'ENOENT') return undefined;
    throw new DataError(`cannot read: ${code ?? (error as Error).message}`, { file });
  }
}

/** assertDistinctPaths for a run's output and side files; `inputs` where the file system finds them. */
export async function assertDistinctOutputs(plan: OutputPlan, inputs: readonly string[]): Promise<void> {
  const { output, rejects, datasetInfo, manifest, summaryJson } = plan.paths;
  await assertDistinctPaths(
    output,
    inputs,
    [
      [rejects, '--rejects'],
      [datasetInfo, '--dataset-info'],
      [manifest, '--manifest'],
      [summaryJson, '--summary-json'],
    ],
    plan.at,
  );
}

/**
 * Refuses an output or side file that is an input, or another output: the rename at the
 * end would replace data being read, or one output would replace another. `inputs` are
 * where the file system finds them; `at` finds the others (see pathIn).
 */
export async function assertDistinctPaths(
  output: string,
  inputs: readonly string[],
  sides: ReadonlyArray<readonly [string | undefined, string]>,
  at: (path: string) => string = (path) => path,
): Promise<void> {
  if (output !== '-') await assertNotAnInput(output, inputs, '--output', at(output));
  const taken = output === '-' ? [...inputs] : [...inputs, at(output)];
  for (const [path, flag] of sides) {
    if (path === undefined) continue;
    await assertNotAnInput(path, taken, flag, at(path));
    taken.push(at(path));
  }
}

/** LLaMA-Factory's dataset name for an output: its file name without the extensions. */
export function datasetName(output: string): string {
  return basename(output).replace(/(\.(jsonl|json|parquet|gz))+$/i, '') || basename(output);
}
