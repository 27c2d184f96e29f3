import { Readable } from 'node:stream';
import { createGunzip, createGzip } from 'node:zlib';
import { DataError } from '../errors.js';
import { startsWith } from './byte-stream.js';
import type { Sink } from './pending-file.js';

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

/**
 * Compresses what is written to `sink` as one gzip member, streamed: `sink` gets the
 * compressed bytes as zlib hands them out, with back-pressure (a block is taken only as
 * fast as the sink writes). `end` flushes the rest; `destroy` releases zlib after a
 * failure. zlib writes no time or name in the header, so the same input gives the same
 * bytes.
 */
export function gzipSink(sink: Sink): { sink: Sink; end: () => Promise<void>; destroy: () => void } {
  const gzip = createGzip({ chunkSize: 1 << 16 });
  // Drains zlib into the sink; its failure (the sink's: a full disk) is the one to report.
  const drained = (async () => {
    for await (const chunk of gzip as AsyncIterable<Uint8Array>) await sink(chunk);
  })();
  drained.catch(() => undefined);
  const write = (block: string | Uint8Array) =>
    new Promise<void>((resolve, reject) => {
      gzip.write(block, (error) => (error ? reject(error) : resolve()));
    });
  return {
    sink: async (block) => {
      try {
        await write(block);
      } catch (error) {
        await drained;
        throw error;
      }
    },
    end: async () => {
      gzip.end();
      await drained;
    },
    destroy: () => gzip.destroy(),
  };
}
