import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';

/** sha256 of a byte stream fed in pieces, with its length. */
export class Digest {
  private readonly hash: Hash = createHash('sha256');
  bytes = 0;

  update(chunk: string | Uint8Array): void {
    this.bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk, 'utf8') : chunk.length;
    this.hash.update(chunk);
  }

  hex(): string {
    return this.hash.digest('hex');
  }
}

export async function fileDigest(path: string): Promise<{ sha256: string; bytes: number }> {
  const digest = new Digest();
  for await (const chunk of createReadStream(path)) digest.update(chunk as Uint8Array);
  return { sha256: digest.hex(), bytes: digest.bytes };
}
