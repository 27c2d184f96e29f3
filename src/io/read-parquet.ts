import { open, type FileHandle } from 'node:fs/promises';
import type { AsyncBuffer, FileMetaData } from 'hyparquet';
import { DataError } from '../errors.js';
import { startsWith } from './byte-stream.js';
import { flattenBatches, type LocatedValue } from './read-json.js';

/** A Parquet file starts and ends with these four bytes ("PAR1"). */
export const PARQUET_MAGIC = [0x50, 0x41, 0x52, 0x31] as const;

export function isParquet(head: Uint8Array): boolean {
  return startsWith(head, PARQUET_MAGIC);
}

/**
 * Reads the rows of a Parquet file as plain objects, one row group at a time: a group
 * is decoded, handed out row by row, and dropped before the next is read, so memory is
 * bounded by the largest row group (its compressed column chunks plus its decoded rows),
 * not by the file. Lists and structs come out as arrays and objects. A path is read with
 * random access; bytes (stdin, a decompressed stream) are read from memory.
 */
export function readParquetRecords(source: string | Uint8Array, file: string): AsyncGenerator<LocatedValue> {
  return flattenBatches(parquetBatches(source, file), file);
}

/** The rows of each row group in turn, as one batch per group. */
export async function* parquetBatches(source: string | Uint8Array, file: string): AsyncGenerator<LocatedValue[]> {
  // The decoder and its codecs are loaded only when a Parquet input is met: most runs read JSON.
  const [{ parquetMetadataAsync, parquetReadObjects }, { compressors }] = await Promise.all([import('hyparquet'), import('hyparquet-compressors')]);
  const readObjects = (options: Omit<Parameters<typeof parquetReadObjects>[0], 'compressors'>) => parquetReadObjects({ ...options, compressors });
  const handle = typeof source === 'string' ? await open(source, 'r') : undefined;
  try {
    const buffer = handle ? await fileBuffer(handle) : memoryBuffer(source as Uint8Array);
    const metadata = await parquetMetadataAsync(buffer).catch((error: unknown) => {
      throw invalid(error, file);
    });
    let index = 0;
    let rowStart = 0;
    for (const group of metadata.row_groups) {
      const rowEnd = rowStart + Number(group.num_rows);
      const rows = await readGroup(readObjects, buffer, metadata, rowStart, rowEnd, file);
      rowStart = rowEnd;
      if (rows.length > 0) yield rows.map((row) => ({ value: plainValue(row), location: { file, index: index++ } }));
    }
  } finally {
    await handle?.close();
  }
}

type ReadObjects = (options: { file: AsyncBuffer; metadata: FileMetaData; rowStart: number; rowEnd: number }) => Promise<unknown[]>;

async function readGroup(readObjects: ReadObjects, buffer: AsyncBuffer, metadata: FileMetaData, rowStart: number, rowEnd: number, file: string): Promise<unknown[]> {
  if (rowEnd === rowStart) return [];
  try {
    return await readObjects({ file: buffer, metadata, rowStart, rowEnd });
  } catch (error) {
    // File system errors are the reader's to report; anything else is a damaged file.
    if ((error as NodeJS.ErrnoException).code !== undefined) throw error;
    throw invalid(error, file);
  }
}

function invalid(error: unknown, file: string): DataError {
  const reason = error instanceof Error ? error.message : String(error);
  return new DataError(`not a valid Parquet file: ${reason.replace(/^parquet\s+/, '')}`, { file });
}

/**
 * JSON has no 64-bit integers: INT64 values come back from hyparquet as bigints, which
 * JSON.stringify refuses. Those that fit a double exactly become numbers; larger ones
 * become their decimal digits as a string, so no value is silently changed. hyparquet
 * gives a null list as undefined, which JSON would drop with its key: it becomes null.
 */
export function plainValue(value: unknown): unknown {
  if (value === undefined) return null;
  if (typeof value === 'bigint') return Number.MIN_SAFE_INTEGER <= value && value <= Number.MAX_SAFE_INTEGER ? Number(value) : value.toString();
  if (typeof value !== 'object' || value === null || value instanceof Date || value instanceof Uint8Array) return value;
  if (Array.isArray(value)) return value.map(plainValue);
  if (ArrayBuffer.isView(value)) return Array.from(value as unknown as ArrayLike<unknown>, plainValue);
  const out: Record<string, unknown> = {};
  for (const [key, field] of Object.entries(value)) out[key] = plainValue(field);
  return out;
}

/** Random access to an open file: hyparquet fetches the footer, then each column chunk it needs. */
async function fileBuffer(handle: FileHandle): Promise<AsyncBuffer> {
  const { size } = await handle.stat();
  return {
    byteLength: size,
    async slice(start: number, end = size): Promise<ArrayBuffer> {
      const out = new Uint8Array(Math.max(0, end - start));
      let filled = 0;
      while (filled < out.length) {
        const { bytesRead } = await handle.read(out, filled, out.length - filled, start + filled);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      return out.buffer;
    },
  };
}

function memoryBuffer(bytes: Uint8Array): AsyncBuffer {
  return {
    byteLength: bytes.length,
    // Copies: a Buffer's slice is a view, and its .buffer may be a shared pool.
    slice: (start: number, end?: number): ArrayBuffer => Uint8Array.prototype.slice.call(bytes, start, end).buffer as ArrayBuffer,
  };
}
