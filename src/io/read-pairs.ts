import { DataError, INVALID_REASONS, type InvalidReason } from '../errors.js';
import { describeMismatch, detectFormat } from '../formats/detect.js';
import { parseFieldMap, type FieldMap } from '../formats/field-map.js';
import { SKIP_REASONS, type MultiTurn, type SkipReason } from '../formats/format-names.js';
import type { InputFormat } from '../formats/input-formats.js';
import type { KtoPolicy, PreferencePolicy } from '../formats/preference.js';
import { isObject } from '../formats/record-fields.js';
import { recordToPairs, viewsOf } from '../formats/record-pairs.js';
import type { Pair } from '../types.js';
import type { SourceLocation } from '../location.js';
import { readRecords } from './open-input.js';
import type { InputSource } from './read-json.js';

export interface ReadOptions {
  /** Force one format for every file instead of detecting it from each file's first record. */
  readonly format?: InputFormat;
  /** Custom field and role names: a FieldMap or a `--map` string. */
  readonly map?: FieldMap | string;
  /** What to do with conversations of several exchanges; default skip. */
  readonly multiTurn?: MultiTurn;
  /** Preference records (chosen/rejected): skip (default), or read with the chosen answer. */
  readonly preference?: PreferencePolicy;
  /** KTO records labelled false: skip (default) or keep. */
  readonly ktoUndesirable?: KtoPolicy;
  /** Told of what is read but is likely a mistake (an input that is mosaic-it output). */
  readonly onWarning?: (message: string) => void;
  /** Told how far reading has got: every few thousand records and at the end of each file. */
  readonly onProgress?: (progress: ReadProgress) => void;
  /**
   * `fail` (default): the first invalid record (bad JSON or UTF-8, a repeated key, a
   * missing, mistyped or empty field) is thrown as a DataError. `skip`: it is left out,
   * counted by reason in `invalid`, and handed to `onInvalid`.
   */
  readonly invalidRecords?: InvalidPolicy;
  /** Sees each invalid record left out, with its index as meta.sources counts records. */
  readonly onInvalid?: (error: DataError, source: number) => void;
  /** Stops reading (with the signal's reason) when aborted, checked between records. */
  readonly signal?: AbortSignal;
  /** False to count pairs without keeping them (`pairs` stays empty), as a check of the data needs. */
  readonly keepPairs?: boolean;
  /**
   * Sees every valid record with the pairs it gave (none when skipped), in order, after
   * it is counted; a returned promise is awaited before the next record is read.
   */
  readonly onRecord?: (record: RecordRead) => void | Promise<void>;
  /** Sees every stored byte of input `index` (0-based, in the order given), e.g. to hash it. */
  readonly onBytes?: (index: number, chunk: Uint8Array) => void;
}

export interface RecordRead {
  /** Index of the input it came from, in the order given. */
  readonly input: number;
  /** Index of the record across all inputs, as meta.sources counts them. */
  readonly source: number;
  readonly value: unknown;
  readonly location: SourceLocation;
  readonly pairs: readonly Pair[];
  /** Why it gave no pairs, when it was skipped. */
  readonly skip?: SkipReason;
}

const NO_PAIRS: readonly Pair[] = [];

export const INVALID_POLICIES = ['fail', 'skip'] as const;
export type InvalidPolicy = (typeof INVALID_POLICIES)[number];

export interface ReadProgress {
  /** Index of the input being read, in the order given. */
  readonly input: number;
  readonly records: number;
  readonly pairs: number;
  /** Stored bytes read so far over all inputs (compressed size for gzip). */
  readonly bytes: number;
}

// Progress is reported this often (records): often enough to move a bar, rarely enough to cost nothing.
const PROGRESS_EVERY = 4096;

/** Everything read from the inputs, with the records that gave no pair counted by reason. */
export interface Dataset {
  readonly pairs: Pair[];
  /** Pairs read: `pairs.length`, also when they were not kept. */
  readonly pairCount: number;
  /** Records read, skipped ones included: the next record's meta.sources index. */
  readonly records: number;
  readonly skipped: Readonly<Record<SkipReason, number>>;
  /** Invalid records left out under `invalidRecords: 'skip'`, by reason; all 0 otherwise. */
  readonly invalid: Readonly<Record<InvalidReason, number>>;
  /** Each input's format, in the order given; an input without records has none. */
  readonly formats: ReadonlyArray<{ readonly file: string; readonly format: InputFormat }>;
  /** Records read from each input, in the order given. */
  readonly recordsPerInput: readonly number[];
}

/**
 * Reads every input in the order given. The format is detected per file from its first
 * record (a file is one dataset; a record that does not fit the file's format is an
 * error, not a guess), unless forced. A pair's `source` is the 0-based index of its
 * record counted across all inputs, skipped records included, so meta.sources points at
 * the record in the files as given.
 */
export async function readDataset(inputs: readonly InputSource[], options: ReadOptions = {}): Promise<Dataset> {
  const map = typeof options.map === 'string' ? parseFieldMap(options.map) : options.map;
  const multiTurn = options.multiTurn ?? 'skip';
  const pairs: Pair[] = [];
  const skipped = Object.fromEntries(SKIP_REASONS.map((reason) => [reason, 0])) as Record<SkipReason, number>;
  const formats: Array<{ file: string; format: InputFormat }> = [];
  const recordsPerInput: number[] = [];
  const invalid = Object.fromEntries(INVALID_REASONS.map((reason) => [reason, 0])) as Record<InvalidReason, number>;
  const skipInvalid = options.invalidRecords === 'skip';
  const keepPairs = options.keepPairs !== false;
  let pairCount = 0;
  let records = 0;
  let bytes = 0;
  const { onProgress, onBytes, onRecord } = options;
  // Under skip, a record's DataError is counted and passed on instead of thrown.
  const leaveOut = (error: unknown): void => {
    if (!skipInvalid || !(error instanceof DataError) || error.location === undefined) throw error;
    invalid[error.reason ?? 'bad-field']++;
    options.onInvalid?.(error, records - 1);
  };
  const spec = { map, multiTurn, preference: options.preference, ktoUndesirable: options.ktoUndesirable };
  for (const [index, input] of inputs.entries()) {
    const file = typeof input === 'string' ? input : input.name;
    let format: InputFormat | undefined;
    let looked = false;
    const tap =
      onProgress || onBytes
        ? (chunk: Uint8Array) => {
            bytes += chunk.length;
            onBytes?.(index, chunk);
          }
        : undefined;
    const first = records;
    onProgress?.({ input: index, records, pairs: pairCount, bytes });
    for await (const { value, location, invalid: fault } of readRecords(input, { onBytes: tap, keepInvalid: skipInvalid, signal: options.signal })) {
      options.signal?.throwIfAborted();
      records++;
      if (fault) {
        leaveOut(fault);
        continue;
      }
      if (!looked) {
        looked = true;
        if (isObject(value) && looksLikeMosaics(value)) {
          options.onWarning?.(`${file}: its records carry "meta" as mosaic-it output does; mosaics of mosaics are almost always a mistake (did you mean its source data?)`);
        }
      }
      let got: readonly Pair[];
      let skip: SkipReason | undefined;
      try {
        // Under skip, a file's format comes from its first record that has one; records
        // left out by policy (preference, KTO) have none to give.
        const seen = format === undefined ? viewsOf(value, location, spec) : undefined;
        if (seen !== undefined && 'views' in seen) {
          const view = seen.views[0]?.record;
          const detected = options.format ?? detectFormat(view, map) ?? undefined;
          if (detected === undefined) {
            throw new DataError(describeMismatch(value, map), location, isObject(value) ? 'bad-field' : 'not-an-object');
          }
          format = detected;
          formats.push({ file, format });
        }
        const result = seen !== undefined && 'skip' in seen ? seen : recordToPairs(value, location, records - 1, { ...spec, format });
        if ('skip' in result) {
          skip = result.skip;
          skipped[result.skip]++;
        } else {
          if (keepPairs) for (const pair of result.pairs) pairs.push(pair);
          pairCount += result.pairs.length;
        }
        got = 'skip' in result ? NO_PAIRS : result.pairs;
      } catch (error) {
        leaveOut(error);
        continue;
      }
      // Outside the try: a caller's own check of the record is not an invalid record to skip.
      const pending = onRecord?.({ input: index, source: records - 1, value, location, pairs: got, skip });
      if (pending) await pending;
      if (onProgress && records % PROGRESS_EVERY === 0) onProgress({ input: index, records, pairs: pairCount, bytes });
    }
    recordsPerInput.push(records - first);
    onProgress?.({ input: index, records, pairs: pairCount, bytes });
  }
  return { pairs, pairCount, records, skipped, invalid, formats, recordsPerInput };
}

/** Whether a record is one augment --meta wrote: its provenance in "meta". */
function looksLikeMosaics(record: Record<string, unknown>): boolean {
  const meta = record.meta;
  return isObject(meta) && Array.isArray(meta.sources) && typeof meta.strategy === 'string';
}

/** The pairs of the inputs, read as readDataset does. */
export async function readPairs(inputs: readonly InputSource[], options: ReadOptions = {}): Promise<Pair[]> {
  return (await readDataset(inputs, options)).pairs;
}
