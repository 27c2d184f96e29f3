import type { Readable } from 'node:stream';

/** The first bytes of a stream, read ahead to decide how to read it, and the whole stream again. */
export interface Peeked {
  /** At least as many bytes as `enough` asked for, fewer only when the stream is shorter. */
  readonly head: Uint8Array;
  /** Every byte of the stream, `head` included, in order. */
  readonly chunks: AsyncIterable<Uint8Array>;
}

/** A stream's chunks as bytes: stdin with an encoding set yields strings. */
export async function* bytesOf(stream: Readable | AsyncIterable<Uint8Array | string>): AsyncGenerator<Uint8Array> {
  for await (const chunk of stream as AsyncIterable<Uint8Array | string>) {
    yield typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
  }
}

/**
 * Reads chunks until `enough(head)` holds or the stream ends, without losing them:
 * the returned `chunks` replays the head first. Reading stops there, so a magic number
 * or a first character can be checked before the rest is fetched.
 */
export async function peekBytes(source: AsyncIterable<Uint8Array>, enough: (head: Uint8Array) => boolean): Promise<Peeked> {
  const iterator = source[Symbol.asyncIterator]();
  const parts: Uint8Array[] = [];
  let head: Uint8Array = new Uint8Array(0);
  let ended = false;
  try {
    while (!enough(head)) {
      const next = await iterator.next();
      if (next.done) {
        ended = true;
        break;
      }
      parts.push(next.value);
      head = parts.length === 1 ? next.value : concatBytes(parts);
    }
  } catch (error) {
    await iterator.return?.();
    throw error;
  }
  return { head, chunks: replay(head, iterator, ended) };
}

async function* replay(head: Uint8Array, iterator: AsyncIterator<Uint8Array>, ended: boolean): AsyncGenerator<Uint8Array> {
  let finished = ended;
  try {
    if (head.length > 0) yield head;
    while (!finished) {
      const next = await iterator.next();
      if (next.done) finished = true;
      else yield next.value;
    }
  } finally {
    // A consumer that stops early must still close the file or stream underneath.
    if (!finished) await iterator.return?.();
  }
}

/** Reads a whole stream into one buffer, for containers that need random access (Parquet). */
export async function collectBytes(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array> {
  const parts: Uint8Array[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return parts.length === 1 ? (parts[0] as Uint8Array) : concatBytes(parts);
}

export function concatBytes(parts: readonly Uint8Array[]): Uint8Array {
  let length = 0;
  for (const part of parts) length += part.length;
  const out = new Uint8Array(length);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}

/** Whether `bytes` starts with `magic`. */
export function startsWith(bytes: Uint8Array, magic: readonly number[]): boolean {
  return bytes.length >= magic.length && magic.every((byte, i) => bytes[i] === byte);
}
