import { randomBytes } from 'node:crypto';
import { open, rename, unlink } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { OutputError } from './write-records.js';

/**
 * Replaces a small text file (dataset_info.json) all at once: a temporary file beside
 * it, synced, renamed over it. A reader sees the old file or the new one, never half.
 */
export async function writeTextAtomically(path: string, text: string): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.tmp`);
  try {
    const handle = await open(tmp, 'wx');
    try {
      await handle.writeFile(text, 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(tmp, path);
  } catch (error) {
    await unlink(tmp).catch(() => undefined);
    const code = (error as NodeJS.ErrnoException).code;
    throw new OutputError(`cannot write ${path}: ${code ?? (error instanceof Error ? error.message : String(error))}`);
  }
}
