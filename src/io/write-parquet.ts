import type { ByteWriter, ParquetWriter } from 'hyparquet-writer';
import { DataError } from '../errors.js';
import { concatBytes } from './byte-stream.js';
import { inferRecordShape, isPlainObject, join, schemaFor, type ParquetShape, type RecordShape } from './parquet-shape.js';

export interface ParquetWriteOptions {
  /** Columns to write. Default: inferred from the first row group's records. */
  readonly shape?: RecordShape;
  /** Most records in one row group. */
  readonly rowGroupRows?: number;
  /** A row group closes once its text reaches about this many UTF-16 units. */
  readonly rowGroupChars?: number;
}

/**
 * Row groups are cut by rows or by text size, whichever comes first: this bounds the
 * memory a writer holds (one group of records, its columns and its encoded bytes) and
 * keeps groups small enough for readers that fetch one group at a time (dataset viewers).
 */
export const ROW_GROUP_ROWS = 10_000;
export const ROW_GROUP_CHARS = 32 << 20;

type Writer = typeof import('hyparquet-writer');

/** The encoder's library, loaded on the first Parquet output: most runs write JSON. */
function loadWriter(): Promise<Writer> {
  return import('hyparquet-writer');
}

/** Encodes a whole set of records in memory: schema inferred from all of them. */
export async function encodeParquet(records: readonly object[], options: ParquetWriteOptions = {}): Promise<Uint8Array> {
  const writer = await loadWriter();
  const encoder = new ParquetEncoder(writer, options.shape ?? inferRecordShape(records));
  const rows = options.rowGroupRows ?? ROW_GROUP_ROWS;
  const parts: Uint8Array[] = [];
  for (let start = 0; start < records.length; start += rows) parts.push(encoder.writeGroup(records.slice(start, start + rows), start));
  parts.push(encoder.finish());
  return concatBytes(parts);
}

/**
 * Encodes records as Parquet while they stream in, yielding the file's bytes one row
 * group at a time (and the footer last). Without a `shape`, the columns are inferred
 * from the first row group; a later record that does not fit them (a new field, a
 * string where numbers were) is a DataError naming the record and the field.
 */
export async function* parquetBlocks(records: AsyncIterable<unknown> | Iterable<unknown>, options: ParquetWriteOptions = {}): AsyncGenerator<Uint8Array> {
  const maxRows = options.rowGroupRows ?? ROW_GROUP_ROWS;
  const maxChars = options.rowGroupChars ?? ROW_GROUP_CHARS;
  const writer = await loadWriter();
  let encoder = options.shape ? new ParquetEncoder(writer, options.shape) : undefined;
  let group: unknown[] = [];
  let chars = 0;
  let first = 0;
  const flush = (): Uint8Array => {
    encoder ??= new ParquetEncoder(writer, inferRecordShape(group, first));
    const bytes = encoder.writeGroup(group, first);
    first += group.length;
    group = [];
    chars = 0;
    return bytes;
  };
  for await (const record of records) {
    group.push(record);
    chars += textSize(record);
    if (group.length >= maxRows || chars >= maxChars) yield flush();
  }
  if (group.length > 0 || encoder === undefined) yield flush();
  yield (encoder as ParquetEncoder).finish();
}

/** One Parquet file being written: the header goes out with the first group, the footer last. */
class ParquetEncoder {
  private readonly bytes: ByteWriter;
  private readonly writer: ParquetWriter;

  constructor(
    library: Writer,
    private readonly shape: RecordShape,
  ) {
    this.bytes = new library.ByteWriter(1 << 16);
    this.writer = new library.ParquetWriter({ writer: this.bytes, schema: schemaFor(shape) });
  }

  writeGroup(records: readonly unknown[], firstIndex: number): Uint8Array {
    // With no columns the rows themselves would vanish; no records and no columns is fine.
    if (this.shape.size === 0 && records.length > 0) throw new DataError('cannot write Parquet: the records have no fields');
    const names = [...this.shape.keys()];
    const columns = names.map(() => new Array<unknown>(records.length));
    records.forEach((record, row) => {
      const index = firstIndex + row;
      if (!isPlainObject(record)) throw misfit(index, '', 'an object', record);
      for (const name of Object.keys(record)) {
        if (!this.shape.has(name) && record[name] != null) throw notInSchema(index, name);
      }
      names.forEach((name, c) => {
        (columns[c] as unknown[])[row] = conform(record[name], this.shape.get(name) as ParquetShape, name, index);
      });
    });
    if (records.length > 0) {
      const columnData = names.map((name, c) => ({ name, data: columns[c] as unknown[] }));
      void this.writer.write({ columnData, rowGroupSize: records.length });
    }
    return this.take();
  }

  finish(): Uint8Array {
    void this.writer.finish();
    return this.take();
  }

  private take(): Uint8Array {
    // Copy out and rewind: `offset` keeps counting, so the footer's file offsets stay right.
    const out = this.bytes.getBytes().slice();
    this.bytes.index = 0;
    return out;
  }
}

/** A value as the Parquet writer wants it for its column: bigints for INT64, dates as text. */
function conform(value: unknown, shape: ParquetShape, path: string, index: number): unknown {
  if (value === null || value === undefined) return null;
  switch (shape.kind) {
    case 'null':
      throw misfit(index, path, 'null', value);
    case 'boolean':
      if (typeof value === 'boolean') return value;
      break;
    case 'string':
      if (typeof value === 'string') return value;
      if (value instanceof Date) return value.toISOString();
      break;
    case 'int64':
      if (typeof value === 'bigint') return value;
      if (Number.isSafeInteger(value)) return BigInt(value as number);
      break;
    case 'double':
      if (typeof value === 'number') return value;
      if (typeof value === 'bigint') return Number(value);
      break;
    case 'list':
      if (Array.isArray(value)) return value.map((item) => conform(item, shape.element, `${path}[]`, index));
      break;
    case 'struct': {
      if (!isPlainObject(value)) break;
      const out: Record<string, unknown> = {};
      for (const name of Object.keys(value)) {
        if (!shape.fields.has(name) && value[name] != null) throw notInSchema(index, join(path, name));
      }
      for (const [name, field] of shape.fields) out[name] = conform(value[name], field, join(path, name), index);
      return out;
    }
  }
  throw misfit(index, path, WANTED[shape.kind], value);
}

const WANTED: Readonly<Record<ParquetShape['kind'], string>> = {
  null: 'null',
  boolean: 'a boolean',
  int64: 'an integer',
  double: 'a number',
  string: 'a string',
  list: 'an array',
  struct: 'an object',
};

function misfit(index: number, path: string, wanted: string, value: unknown): DataError {
  // Texts are not quoted: a whole instruction would not fit on the error's one line.
  const found = Array.isArray(value)
    ? 'an array'
    : value === null
      ? 'null'
      : typeof value === 'object'
        ? 'an object'
        : typeof value === 'string'
          ? 'a string'
          : `a ${typeof value} (${String(value)})`;
  const where = path === '' ? '' : ` field "${path}"`;
  return new DataError(
    `cannot write Parquet: record ${index}${where}: expected ${wanted} as in the records before it, found ${found}; pass a shape to fix the columns`,
  );
}

function notInSchema(index: number, path: string): DataError {
  return new DataError(`cannot write Parquet: record ${index} has field "${path}", absent from the records the columns were inferred from; pass a shape to fix the columns`);
}

/** Roughly how much text a record holds, for cutting row groups by size. */
function textSize(value: unknown): number {
  if (typeof value === 'string') return value.length;
  if (Array.isArray(value)) {
    let size = 8;
    for (const item of value) size += textSize(item);
    return size;
  }
  if (isPlainObject(value)) {
    let size = 8;
    for (const key in value) size += key.length + textSize(value[key]);
    return size;
  }
  return 8;
}
