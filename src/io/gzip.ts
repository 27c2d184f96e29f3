import { Readable } from 'node:stream';
import { createGunzip } from 'node:zlib';
import { DataError } from '../errors.js';
import { startsWith } from './byte-stream.js';

/** Every gzip member starts with these two bytes (RFC 1952). */
export const GZIP_MAGIC = [0x1f, 0x8b] as const;

export function isGzip(head: Uint8Array): boolean {
  return startsWith(head, GZIP_MAGIC);
}

/**
 * Decompresses a gzip stream as it is read (concatenated members included), so a large
 * .gz never sits in memory whole. zlib's complaints (bad header, bad checksum, truncated
 * data) become a data error naming the file; errors of the source pass through as they are.
 */
export async function* gunzipChunks(chunks: AsyncIterable<Uint8Array>, file: string): AsyncGenerator<Uint8Array> {
  const source = Readable.from(chunks, { objectMode: false });
  const gunzip = createGunzip({ chunkSize: 1 << 16 });
  let sourceError: unknown;
  source.on('error', (error) => {
    sourceError = error;
    gunzip.destroy(error);
  });
  source.pipe(gunzip);
  try {
    for await (const chunk of gunzip as AsyncIterable<Uint8Array>) yield chunk;
  } catch (error) {
    if (error === sourceError) throw error;
    throw new DataError(`not a valid gzip file: ${zlibReason(error)}`, { file });
  } finally {
    // Stopped early (or failed): release the file underneath.
    source.destroy();
    gunzip.destroy();
  }
}

function zlibReason(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  return message === 'unexpected end of file' ? 'the compressed data is truncated' : message;
}
