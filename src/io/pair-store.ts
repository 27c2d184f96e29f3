import { randomBytes } from 'node:crypto';
import { closeSync, openSync, readSync, unlinkSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { GrowingArray } from '../growing-array.js';
import { outputFailure } from '../errors.js';
import type { Pair } from '../types.js';

/**
 * Where pair texts live while mosaics are built. The plan itself needs only numbers per
 * pair (typed arrays); texts are asked for a block at a time: `load` the block's
 * indices, then `get` each. In memory that is an array; past the memory budget the pairs
 * go to a spill file and are read back by byte offset.
 */
export interface PairTexts {
  readonly length: number;
  /** Makes the pairs at these indices readable with get(), until the next load. */
  load(indices: ArrayLike<number>): void;
  get(index: number): Pair;
  /** Releases the spill file, if any. Safe to call more than once. */
  close(): void;
}

/** Pairs held as objects. */
export class MemoryPairs implements PairTexts {
  constructor(private readonly pairs: readonly Pair[]) {}

  get length(): number {
    return this.pairs.length;
  }

  load(): void {}

  get(index: number): Pair {
    return this.pairs[index] as Pair;
  }

  close(): void {}
}

/** A spill file as another thread reads it. */
export interface SpillLayout {
  readonly fd: number;
  readonly offsets: Float64Array;
  readonly lengths: Uint32Array;
}

// Spill writes are gathered into blocks of about this many characters.
const SPILL_BLOCK_CHARS = 1 << 20;

/**
 * Pairs written to a file, one JSON array [source, prompt, response, system?] each, with
 * byte offsets and lengths kept in typed arrays. JSON round-trips every string exactly
 * (lone surrogates included), so a pair read back is the pair written. The file is
 * unlinked right after it is created where the system allows (it lives while open and
 * disappears even if the process is killed); otherwise close() removes it.
 */
export class SpillPairs implements PairTexts {
  private readonly fd: number;
  /** Null for a reader attached to another's file (a worker thread): it owns nothing. */
  private readonly path: string | null;
  private unlinked = false;
  /** The folder of the file, for messages. */
  private readonly where: string = '';
  private closed = false;
  private offsets: GrowingArray<Float64Array<ArrayBufferLike>>;
  private lengths: GrowingArray<Uint32Array<ArrayBufferLike>>;
  private written = 0;
  private pending: string[] = [];
  private pendingChars = 0;
  private buffer = Buffer.alloc(1 << 16);
  private loaded = new Map<number, Pair>();

  constructor(directory: string);
  constructor(layout: SpillLayout);
  constructor(where: string | SpillLayout) {
    if (typeof where !== 'string') {
      this.fd = where.fd;
      this.path = null;
      this.offsets = GrowingArray.adopt(where.offsets);
      this.lengths = GrowingArray.adopt(where.lengths);
      return;
    }
    this.offsets = GrowingArray.float64();
    this.lengths = GrowingArray.uint32();
    this.path = join(where, `.mosaic-it-${randomBytes(6).toString('hex')}.pairs`);
    this.where = where;
    try {
      this.fd = openSync(this.path, 'wx+');
    } catch (error) {
      throw outputFailure(error, this.what());
    }
    try {
      unlinkSync(this.path);
      this.unlinked = true;
    } catch {
      // Some systems refuse to unlink an open file; close() removes it then.
    }
  }

  /**
   * What another thread of this process needs to read the same pairs: file descriptors
   * are shared between threads, and positioned reads do not disturb each other.
   */
  layout(): SpillLayout {
    this.flush();
    const offsets = this.offsets.shared();
    const lengths = this.lengths.shared();
    // Read from the shared copies from now on, so the private ones can be collected.
    this.offsets = GrowingArray.adopt(offsets);
    this.lengths = GrowingArray.adopt(lengths);
    return { fd: this.fd, offsets, lengths };
  }

  get length(): number {
    return this.offsets.length;
  }

  private what(): string {
    return `pair texts to a temporary file in ${this.where}`;
  }

  add(pair: Pair): void {
    const fields: Array<string | number> = [pair.source, pair.prompt, pair.response];
    if (pair.system !== undefined) fields.push(pair.system);
    const text = JSON.stringify(fields);
    const bytes = Buffer.byteLength(text);
    this.offsets.push(this.written);
    this.lengths.push(bytes);
    this.written += bytes;
    this.pending.push(text);
    this.pendingChars += text.length;
    if (this.pendingChars >= SPILL_BLOCK_CHARS) this.flush();
  }

  /** Everything added is on disk: call before the first load. */
  flush(): void {
    if (this.pending.length === 0) return;
    const block = Buffer.from(this.pending.join(''));
    try {
      for (let at = 0; at < block.length; ) at += writeSync(this.fd, block, at, block.length - at);
    } catch (error) {
      throw outputFailure(error, this.what());
    }
    this.pending = [];
    this.pendingChars = 0;
  }

  load(indices: ArrayLike<number>): void {
    this.flush();
    // In file order, so that the reads move forward through the file.
    const sorted = Float64Array.from(indices).sort();
    this.loaded = new Map();
    for (const index of sorted) {
      const length = this.lengths.at(index);
      if (length > this.buffer.length) this.buffer = Buffer.alloc(Math.max(length, 2 * this.buffer.length));
      let got = 0;
      while (got < length) {
        const n = readSync(this.fd, this.buffer, got, length - got, this.offsets.at(index) + got);
        if (n === 0) throw new Error(`spill file ended early at pair ${index}`);
        got += n;
      }
      const [source, prompt, response, system] = JSON.parse(this.buffer.toString('utf8', 0, length)) as [number, string, string, string?];
      this.loaded.set(index, system === undefined ? { source, prompt, response } : { source, prompt, response, system });
    }
  }

  get(index: number): Pair {
    const pair = this.loaded.get(index);
    if (pair === undefined) throw new Error(`pair ${index} was not loaded`);
    return pair;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    this.loaded = new Map();
    if (this.path === null) return;
    closeSync(this.fd);
    if (!this.unlinked) {
      try {
        unlinkSync(this.path);
      } catch {
        // Already gone.
      }
    }
  }
}

/** What a held pair costs in memory, roughly: two bytes a character plus the object. */
function heldBytes(pair: Pair): number {
  return 2 * (pair.prompt.length + pair.response.length + (pair.system?.length ?? 0)) + 96;
}

/**
 * Keeps pair texts as they arrive: in memory until their estimated size passes
 * `memoryBytes`, then every pair (those held first) in a spill file in `spillDirectory`.
 */
export class PairKeeper {
  private held: Pair[] = [];
  private heldSize = 0;
  private spill: SpillPairs | null = null;
  /** Estimated bytes the texts would take held in memory, whether they are or not. */
  textBytes = 0;

  constructor(
    private readonly memoryBytes = Infinity,
    private readonly spillDirectory = '.',
  ) {}

  get length(): number {
    return this.spill ? this.spill.length : this.held.length;
  }

  /** Whether the texts went to a spill file. */
  get spilled(): boolean {
    return this.spill !== null;
  }

  add(pair: Pair): void {
    const bytes = heldBytes(pair);
    this.textBytes += bytes;
    if (this.spill) {
      this.spill.add(pair);
      return;
    }
    this.held.push(pair);
    this.heldSize += bytes;
    if (this.heldSize <= this.memoryBytes) return;
    this.spill = new SpillPairs(this.spillDirectory);
    for (const held of this.held) this.spill.add(held);
    this.held = [];
  }

  /** The texts kept, ready to load; the keeper is spent. */
  texts(): PairTexts {
    this.spill?.flush();
    return this.spill ?? new MemoryPairs(this.held);
  }

  /** Removes the spill file after a failure before texts(). */
  abandon(): void {
    this.spill?.close();
  }
}
