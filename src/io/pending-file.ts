import { randomBytes } from 'node:crypto';
import { open, realpath, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { outputFailure } from '../errors.js';

/** Receives the output in blocks of bytes (UTF-8 for JSON containers), or text. */
export type Sink = (block: string | Uint8Array) => Promise<void>;

/**
 * A file being written so that readers see the old file or the new one, never half: a
 * hidden temporary file beside the target, opened by `create` (so a missing, read-only
 * or forbidden folder is found before any work is done), filled through `sink`, synced
 * and renamed over the target by `commit`, removed by `discard`. A device or a FIFO
 * (/dev/stdout, /dev/full, a named pipe) is written in place, because renaming over it
 * would replace the device node itself; through a symbolic link, the file it points to
 * is replaced, not the link. Every file system fault is an OutputError naming the path.
 */
export class PendingFile {
  private closed = false;
  private done = false;

  private constructor(
    /** The target as given. */
    readonly path: string,
    private readonly finalPath: string,
    private readonly tmp: string,
    /** A device or a FIFO, written directly. */
    readonly inPlace: boolean,
    private readonly handle: FileHandle,
  ) {}

  /**
   * Opens the temporary file for `path`, the target as named (messages use it); `at` is
   * where the system finds it, when `path` is relative to another folder than the process's.
   */
  static async create(path: string, at = path): Promise<PendingFile> {
    try {
      const existing = await stat(at).catch(() => null);
      const inPlace = existing !== null && !existing.isFile();
      const finalPath = existing ? await realpath(at) : at;
      const tmp = inPlace ? at : join(dirname(finalPath), `.${basename(finalPath)}.${randomBytes(6).toString('hex')}.tmp`);
      const handle = await open(tmp, inPlace ? 'w' : 'wx');
      return new PendingFile(path, finalPath, tmp, inPlace, handle);
    } catch (error) {
      throw outputFailure(error, path);
    }
  }

  /** The folder of the target: where other temporary files of the run belong (same disk). */
  get folder(): string {
    return dirname(this.finalPath);
  }

  /** Writes a block at the end of what is written so far. */
  readonly sink: Sink = async (block) => {
    try {
      await writeBlock(this.handle, block);
    } catch (error) {
      throw outputFailure(error, this.path);
    }
  };

  /** Everything written is on the disk; the file is closed. Before `commit`. */
  async seal(): Promise<void> {
    if (this.closed) return;
    try {
      if (!this.inPlace) await this.handle.sync();
      this.closed = true;
      await this.handle.close();
    } catch (error) {
      throw outputFailure(error, this.path);
    }
  }

  /** Puts the written file in place of the target. */
  async commit(): Promise<void> {
    await this.seal();
    try {
      if (!this.inPlace) await rename(this.tmp, this.finalPath);
      this.done = true;
    } catch (error) {
      throw outputFailure(error, this.path);
    }
  }

  /** Removes the temporary file; the target stays as it was. Never throws; safe to call again. */
  async discard(): Promise<void> {
    if (this.done) return;
    this.done = true;
    if (!this.closed) {
      this.closed = true;
      await this.handle.close().catch(() => undefined);
    }
    if (!this.inPlace) await unlink(this.tmp).catch(() => undefined);
  }
}

/**
 * The files one run writes, replaced together: each is opened when added (before the
 * run reads anything, so that a path that cannot be written stops it at once), and
 * `commit` first syncs and closes every one, then renames them into place, so that
 * nothing is replaced unless every file has been written in full. `discard` removes
 * whatever is not committed.
 */
export class OutputFiles {
  private readonly files: PendingFile[] = [];

  async add(path: string, at = path): Promise<PendingFile> {
    const file = await PendingFile.create(path, at);
    this.files.push(file);
    return file;
  }

  async commit(): Promise<void> {
    for (const file of this.files) await file.seal();
    for (const file of this.files) await file.commit();
  }

  async discard(): Promise<void> {
    for (const file of this.files) await file.discard();
  }
}

async function writeBlock(handle: FileHandle, block: string | Uint8Array): Promise<void> {
  if (typeof block === 'string') {
    await handle.write(block);
    return;
  }
  // A write may take fewer bytes than offered; binary blocks are large, so finish them.
  for (let at = 0; at < block.length; ) at += (await handle.write(block, at, block.length - at)).bytesWritten;
}
