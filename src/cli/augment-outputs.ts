import { readFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename } from 'node:path';
import { DataError } from '../errors.js';
import { mergeDatasetInfo } from '../formats/dataset-info.js';
import { assertNotAnInput } from '../io/output-path.js';
import { OutputFiles, type PendingFile } from '../io/pending-file.js';

/** The files an augment run writes; each absent when its flag is not given ("-" output: stdout). */
export interface OutputPaths {
  readonly output: string;
  readonly rejects?: string;
  readonly datasetInfo?: string;
  readonly manifest?: string;
  readonly summaryJson?: string;
}

/** The side files' contents, known only at the end of the run. */
export interface SideTexts {
  readonly datasetInfo?: { readonly name: string; readonly entry: object };
  readonly manifest?: string;
  readonly summaryJson?: string;
}

/**
 * Every file of one augment run, opened before anything is read and replaced together
 * at the end (see OutputFiles): a side file that cannot be written (`--manifest
 * nodir/m.json`) stops the run before it starts, and a run that fails leaves every
 * target as it was, the dataset and its dataset_info.json entry included.
 */
export class AugmentOutputs {
  private constructor(
    private readonly files: OutputFiles,
    readonly paths: OutputPaths,
    /** The output file; undefined for stdout. */
    readonly output: PendingFile | undefined,
    readonly rejects: PendingFile | undefined,
    private readonly side: { readonly datasetInfo?: PendingFile; readonly manifest?: PendingFile; readonly summaryJson?: PendingFile },
    /** The dataset_info.json text found at the start, checked to be mergeable. */
    private readonly existingInfo: string | undefined,
  ) {}

  /** `at` says where the file system finds a path as given (see pathIn). */
  static async open(paths: OutputPaths, at: (path: string) => string = (path) => path): Promise<AugmentOutputs> {
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
      return new AugmentOutputs(files, paths, output, rejects, { datasetInfo, manifest, summaryJson }, existingInfo);
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

  /** Writes the side files, then puts every file in place; nothing is replaced unless all are written. */
  async commit(texts: SideTexts): Promise<void> {
    const { datasetInfo, manifest, summaryJson } = this.side;
    if (datasetInfo && texts.datasetInfo) {
      await datasetInfo.sink(mergeDatasetInfo(this.existingInfo, texts.datasetInfo.name, texts.datasetInfo.entry, this.paths.datasetInfo));
    }
    if (manifest && texts.manifest !== undefined) await manifest.sink(texts.manifest);
    if (summaryJson && texts.summaryJson !== undefined) await summaryJson.sink(texts.summaryJson);
    await this.files.commit();
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
