/**
 * One call runs an augmentation the way the CLI does: read the inputs (or take pairs in
 * memory), count them, then build records in this thread or on worker threads, for the
 * whole run or one shard, with texts in memory or in a spill file. Every way gives the
 * same records in the same order; only speed and memory differ.
 */
import { tmpdir } from 'node:os';
import type { CountsSource } from './counts/counts-reader.js';
import { UsageError } from './errors.js';
import type { OutputFormat } from './formats/format-names.js';
import { DEFAULT_OUTPUT_FORMAT } from './formats/input-formats.js';
import { fullestRecord, mosaicToRecord, type OutputOptions, type OutputRecord } from './formats/output.js';
import { isPreferenceFormat } from './formats/preference-output.js';
import { EQUAL_WEIGHTS, type RejectionWeights } from './preference/rejection.js';
import { inferRecordShape } from './io/parquet-shape.js';
import type { ReadOptions } from './io/read-pairs.js';
import { SerializedRecords, writeRecords, type OutputTarget, type WriteOptions } from './io/write-records.js';
import { Augmentation, type AugmentProgress, type AugmentSummary, type Shard } from './mosaic/augment.js';
import { RunLayout } from './mosaic/blocks.js';
import { isSpilled, type PreparedPairs } from './mosaic/prepared-pairs.js';
import { countsInBatches } from './mosaic/sample-count.js';
import type { ResolvedAugmentOptions } from './options.js';
import { portableOptions, type PortableOptions } from './parallel/portable-options.js';
import { ParallelBuild } from './parallel/run-blocks.js';
import { collectPairs, type DatasetCounts, type RunInputs } from './run-collect.js';
import type { Mosaic } from './types.js';

export type { DatasetCounts, RunInputs } from './run-collect.js';

export interface RunSettings {
  /**
   * Threads that build records (default 1: this thread only). Worker threads are used
   * when they pay off: a counter that answers at once (approx, the OpenAI encodings),
   * loaded by name or path (each thread loads its own), records taken as JSON texts
   * (recordsAs), and two blocks or more to build. Then pair texts go to a spill file as
   * they are read, where every thread reads them.
   */
  readonly threads?: number;
  /**
   * How the records will be taken: 'json' (json(), or write() to JSON Lines or a JSON
   * array; the default) or 'objects' (records(), mosaics(), or write() to Parquet). Worker
   * threads hand records over as JSON texts, which objects would be parsed back from at
   * more cost than the threads save, so a run taken as objects builds in this thread.
   */
  readonly recordsAs?: 'json' | 'objects';
  /** Build only this share of the blocks: the shards' records, in index order, are the whole run's. */
  readonly shard?: Shard;
  /** Bytes of pair text held in memory; past it, texts wait in a spill file (default: no limit). */
  readonly memoryBytes?: number;
  /** Where the spill file goes (default: the system's temporary folder). */
  readonly spillDirectory?: string;
  /** Ends reading or building with the signal's reason; stops worker threads. */
  readonly signal?: AbortSignal;
  /**
   * How files are read, and hooks that see what is read: onRecord (every record, skipped
   * ones with their reason), onInvalid, onBytes (e.g. to hash inputs), onProgress,
   * onWarning. Not used for pairs given in memory.
   */
  readonly read?: Omit<ReadOptions, 'signal' | 'keepPairs'>;
  /** Format of the records (default: the inputs' family, see DEFAULT_OUTPUT_FORMAT; alpaca for pairs). */
  readonly to?: OutputFormat;
  /** Add each mosaic's provenance as `meta`. */
  readonly meta?: boolean;
  /** Preference formats: how often each way of breaking a response is drawn (default: all alike). */
  readonly rejectWith?: RejectionWeights;
  /**
   * Sees every pair's own token count, in the order the pairs were read, once all are
   * counted and before any record is built; pairs over maxTokens are in no mosaic.
   */
  readonly onPairsCounted?: (tokens: Uint32Array) => void | Promise<void>;
  /** Counting (pairs given in memory) and building; keep it cheap. */
  readonly onProgress?: (progress: AugmentProgress) => void;
  /** Samples a batched engine counts at once; changes when counting happens, never the output. */
  readonly countWindow?: number;
  /**
   * A counts file made from the same inputs (`mosaic-it count`, or countPairs): its path,
   * or its name for messages and its path. No pair is tokenized; the output is the same
   * bytes as counting in place. It must match the tokenizer (given by name or path), the
   * chat template, and the inputs' bytes and read settings, or the run stops with a
   * DataError saying what differs. Not for pairs given in memory (an OptionError).
   */
  readonly counts?: string | CountsSource;
}

/**
 * Reads and counts the inputs, then returns the run, ready to build. Errors of the data
 * (no usable pair, no pair within the budget, inputs of different families without
 * `to`) are thrown here, before any record exists.
 */
export async function runAugmentation(inputs: RunInputs, options: ResolvedAugmentOptions, settings: RunSettings = {}): Promise<AugmentationRun> {
  const { shard, signal, onProgress } = settings;
  if (shard && !(Number.isInteger(shard.index) && Number.isInteger(shard.count) && shard.index >= 0 && shard.index < shard.count)) {
    throw new RangeError(`shard ${shard.index}/${shard.count}: expected 0 <= index < count`);
  }
  const threads = settings.threads ?? 1;
  if (!(Number.isInteger(threads) && threads >= 1)) throw new RangeError(`threads: expected a whole number of at least 1, found ${threads}`);
  // Worker threads pay off for a counter that answers at once. A batched engine is left
  // in this thread: each worker would start with an empty pre-token memo and compete with
  // the engine's own threads (9,000 pairs, llama2: 16 s in one thread, 26 s with two
  // workers). A counter object given by the caller cannot be loaded in another thread.
  const portable = threads >= 2 && settings.recordsAs !== 'objects' && !countsInBatches(options.tokenizer) ? await portableOptions(options) : null;
  const memoryBytes = settings.memoryBytes ?? Infinity;
  const { dataset, prepared } = await collectPairs(inputs, options, {
    read: settings.read,
    signal,
    onPairsCounted: settings.onPairsCounted,
    onCount: onProgress && ((done, total) => onProgress({ phase: 'count', done, total })),
    counts: typeof settings.counts === 'string' ? { name: settings.counts, path: settings.counts } : settings.counts,
    // Texts bound for worker threads go to disk as they are read, never held first.
    collect: { memoryBytes: portable ? 0 : memoryBytes, spillDirectory: settings.spillDirectory ?? tmpdir() },
  });
  try {
    const format = settings.to ?? familyOf(dataset.formats);
    // Worth starting threads only when there are blocks to share out.
    const blocks = new RunLayout(prepared.alone, options, shard).blocks;
    const threaded = portable !== null && isSpilled(prepared) && blocks >= 2 ? portable : null;
    return new AugmentationRun(prepared, options, dataset, format, settings, threaded ? Math.min(threads, blocks) : 1, threaded, prepared.textBytes > memoryBytes);
  } catch (error) {
    prepared.texts.close();
    throw error;
  }
}

/** The output format the inputs' family maps to; mixed families must choose. */
function familyOf(formats: DatasetCounts['formats']): OutputFormat {
  const families = [...new Set(formats.map((f) => DEFAULT_OUTPUT_FORMAT[f.format]))];
  // Pairs given in memory have no format to follow.
  if (families.length === 0) return 'alpaca';
  if (families.length === 1) return families[0] as OutputFormat;
  const named = formats.map((f) => `${f.file} is ${f.format}`).join(', ');
  throw new UsageError(`inputs of different formats (${named}); choose the output format`, '--to');
}

/**
 * An augmentation read and counted, to build once: iterate its records (or `json()`, or
 * `mosaics()`), or `write()` them. Iterating releases the spill file at the end; `close()`
 * releases it when the run is given up without being iterated.
 */
export class AugmentationRun implements AsyncIterable<OutputRecord> {
  private builder: Augmentation | ParallelBuild;
  private started = false;
  private workers: number;
  /** What every record's shape depends on beyond its mosaic. */
  readonly recordOptions: OutputOptions;

  /** @internal Made by runAugmentation. */
  constructor(
    private readonly prepared: PreparedPairs,
    private readonly options: ResolvedAugmentOptions,
    /** Records read, skipped and invalid by reason, formats and records per input. */
    readonly dataset: DatasetCounts,
    /** The records' format. */
    readonly format: OutputFormat,
    private readonly settings: RunSettings,
    threads: number,
    portable: PortableOptions | null,
    /** Whether pair texts outgrew the memory budget (and so waited in a spill file). */
    readonly spilled: boolean,
  ) {
    this.workers = threads;
    // A prompt-completion record holds a system prompt only as a conversation: decided
    // once for the whole output, so that every record has the same shape.
    // Preference formats draw each rejected response from the run's seed (and the weights given).
    const preference = isPreferenceFormat(format);
    this.recordOptions = {
      withMeta: settings.meta === true,
      conversational: (format === 'prompt-completion' || format === 'dpo-trl') && prepared.hasSystem,
      ...(preference && { rejections: { seed: options.seed, weights: settings.rejectWith ?? EQUAL_WEIGHTS } }),
    };
    const { shard, signal, onProgress, countWindow } = settings;
    this.builder =
      portable && isSpilled(prepared)
        ? new ParallelBuild(prepared, portable, options, { format, ...this.recordOptions, conversational: this.recordOptions.conversational === true }, { threads, shard, signal, onProgress, countWindow })
        : new Augmentation(prepared, options, { shard, signal, onProgress, countWindow });
  }

  /** Whether any pair carries a system prompt (an empty one included). */
  get hasSystem(): boolean {
    return this.prepared.hasSystem;
  }

  /** Threads building the records: 1 for this thread alone. */
  get threads(): number {
    return this.workers;
  }

  /** Counts of what was built; complete when iteration ends. */
  get summary(): AugmentSummary {
    return this.builder.summary;
  }

  [Symbol.asyncIterator](): AsyncIterator<OutputRecord> {
    return this.records();
  }

  /** The records, in output order. */
  async *records(): AsyncGenerator<OutputRecord> {
    for await (const batch of this.batches()) {
      if (Array.isArray(batch)) for (const line of batch as readonly string[]) yield JSON.parse(line) as OutputRecord;
      else yield batch as OutputRecord;
    }
  }

  /** Each record as one JSON text, as JSON Lines hold them. */
  async *json(): AsyncGenerator<string> {
    for await (const batch of this.batches()) {
      if (Array.isArray(batch)) yield* batch as readonly string[];
      else yield JSON.stringify(batch);
    }
  }

  /**
   * The mosaics themselves (text, meta, and the parts they were assembled from), always
   * built in this thread: a mosaic's parts do not cross threads.
   */
  async *mosaics(): AsyncGenerator<Mosaic> {
    this.begin();
    const { shard, signal, onProgress, countWindow } = this.settings;
    const augmentation = new Augmentation(this.prepared, this.options, { shard, signal, onProgress, countWindow });
    this.builder = augmentation;
    this.workers = 1;
    try {
      yield* augmentation;
    } finally {
      this.close();
    }
  }

  /**
   * Writes the records to a file, a PendingFile or a stream (writeRecords), in the
   * container the target names; a Parquet file gets the columns every record can fill.
   * Returns the number of records written.
   */
  async write(target: OutputTarget, options: WriteOptions = {}): Promise<number> {
    try {
      if (target.container === 'parquet') {
        const shape = inferRecordShape([fullestRecord(this.format, { ...this.recordOptions, hasSystem: this.hasSystem })]);
        return await writeRecords(this.records(), { ...target, parquet: target.parquet ?? { shape } }, { signal: this.settings.signal, ...options });
      }
      return await writeRecords(this.serialized(), target, { signal: this.settings.signal, ...options });
    } finally {
      this.close();
    }
  }

  /** Releases the spill file; safe to call more than once. */
  close(): void {
    this.prepared.texts.close();
  }

  /** Records in JSON texts as they come: a block's worth from a worker thread at a time. */
  private async *serialized(): AsyncGenerator<unknown> {
    for await (const batch of this.batches()) yield Array.isArray(batch) ? new SerializedRecords(batch as readonly string[]) : batch;
  }

  /**
   * Record objects from this thread, or blocks of JSON texts (string arrays) from worker
   * threads; the texts are the records as JSON.stringify gives them.
   */
  private async *batches(): AsyncGenerator<OutputRecord | readonly string[]> {
    this.begin();
    const { builder, format, recordOptions } = this;
    try {
      if (builder instanceof ParallelBuild) yield* builder.blocks();
      else {
        for await (const mosaic of builder) {
          const record = mosaicToRecord(format, mosaic, recordOptions);
          if (record === null) builder.summary.unpaired++;
          else yield record;
        }
      }
    } finally {
      this.close();
    }
  }

  private begin(): void {
    if (this.started) throw new Error('an augmentation run can be built only once');
    this.started = true;
  }
}
