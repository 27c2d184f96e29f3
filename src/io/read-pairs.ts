import { DataError } from '../errors.js';
import { describeMismatch, detectFormat } from '../formats/detect.js';
import { parseFieldMap, type FieldMap } from '../formats/field-map.js';
import { SKIP_REASONS, type InputFormat, type MultiTurn, type SkipReason } from '../formats/format-names.js';
import { recordToPairs } from '../formats/record-pairs.js';
import type { Pair } from '../types.js';
import { readRecords } from './open-input.js';
import type { InputSource } from './read-json.js';

export interface ReadOptions {
  /** Force one format for every file instead of detecting it from each file's first record. */
  readonly format?: InputFormat;
  /** Custom field and role names: a FieldMap or a `--map` string. */
  readonly map?: FieldMap | string;
  /** What to do with conversations of several exchanges; default skip. */
  readonly multiTurn?: MultiTurn;
}

/** Everything read from the inputs, with the records that gave no pair counted by reason. */
export interface Dataset {
  readonly pairs: Pair[];
  /** Records read, skipped ones included: the next record's meta.sources index. */
  readonly records: number;
  readonly skipped: Readonly<Record<SkipReason, number>>;
  /** Each input's format, in the order given. */
  readonly formats: ReadonlyArray<{ readonly file: string; readonly format: InputFormat }>;
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
  let records = 0;
  for (const input of inputs) {
    const file = typeof input === 'string' ? input : input.name;
    let format: InputFormat | undefined;
    for await (const { value, location } of readRecords(input)) {
      if (format === undefined) {
        format = options.format ?? detectFormat(value, map) ?? undefined;
        if (format === undefined) throw new DataError(describeMismatch(value, map), location);
        formats.push({ file, format });
      }
      const result = recordToPairs(value, location, records, { format, map, multiTurn });
      records++;
      if ('skip' in result) skipped[result.skip]++;
      else for (const pair of result.pairs) pairs.push(pair);
    }
  }
  return { pairs, records, skipped, formats };
}

/** The pairs of the inputs, read as readDataset does. */
export async function readPairs(inputs: readonly InputSource[], options: ReadOptions = {}): Promise<Pair[]> {
  return (await readDataset(inputs, options)).pairs;
}
