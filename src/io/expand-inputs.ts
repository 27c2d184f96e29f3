import { readdir, stat } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { DataError } from '../errors.js';

/** The names a folder's data files end with; their content decides how they are read. */
export const DATA_EXTENSIONS = ['.json', '.jsonl', '.ndjson', '.parquet', '.json.gz', '.jsonl.gz', '.ndjson.gz'] as const;

/**
 * Turns input arguments into the list of inputs to read, in order:
 * - "-" (stdin) stays as it is, every time it appears (reading it twice is the
 *   caller's error to report);
 * - an argument naming a folder stands for the data files directly in it (DATA_EXTENSIONS,
 *   not in its subfolders, not hidden), sorted by code unit; a folder with none is a data
 *   error naming it. Subfolders are read through a pattern with "**";
 * - an argument naming a file is taken literally, even if it looks like a pattern (a file
 *   may be called `a[1].json`), and as often as it is given: naming a file twice reads
 *   it twice, as before patterns existed;
 * - otherwise an argument with glob magic is expanded to the files it matches, sorted
 *   by code unit so the order is the same on every machine; one matching nothing is a
 *   data error naming it, as a missing file is when it is read (exit 1 for both);
 * - anything else stays, for the reader to report as missing.
 * A pattern adds only files not already in the list (by resolved path), so overlapping
 * patterns, or a pattern over a file also named, read each file once, where it first
 * appears. Relative results are relative to `cwd`, as spelled by the user or by the glob.
 */
export async function expandInputs(args: readonly string[], cwd: string): Promise<string[]> {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const arg of args) {
    const kind = arg === '-' ? 'stdin' : await kindOf(resolve(cwd, arg));
    if (kind === 'stdin') {
      out.push(arg);
    } else if (kind === 'folder') {
      const names = (await readdir(resolve(cwd, arg), { withFileTypes: true }))
        .filter((entry) => !entry.name.startsWith('.') && isDataName(entry.name) && (entry.isFile() || entry.isSymbolicLink()))
        .map((entry) => entry.name)
        .sort(compareCodeUnits);
      if (names.length === 0) {
        throw new DataError(`no data files in this folder (${DATA_EXTENSIONS.join(', ')}); for its subfolders, give a pattern such as "${join(arg, '**', '*.jsonl')}"`, { file: arg });
      }
      for (const name of names) {
        const path = join(arg, name);
        const key = resolve(cwd, path);
        if (seen.has(key)) continue;
        seen.add(key);
        out.push(path);
      }
    } else if (kind === 'file' || !(await fastGlob()).isDynamicPattern(arg)) {
      seen.add(resolve(cwd, arg));
      out.push(arg);
    } else {
      const matches = await (await fastGlob())(arg, { cwd, onlyFiles: true, unique: true });
      if (matches.length === 0) throw new DataError('no files match this pattern', { file: arg });
      matches.sort(compareCodeUnits);
      for (const match of matches) {
        const key = resolve(cwd, match);
        if (seen.has(key)) continue;
        seen.add(key);
        out.push(match);
      }
    }
  }
  return out;
}

/** Loaded for the first argument that names no file or folder: most runs name files. */
async function fastGlob(): Promise<typeof import('fast-glob')> {
  return (await import('fast-glob')).default;
}

async function kindOf(path: string): Promise<'file' | 'folder' | null> {
  const info = await stat(path).catch(() => null);
  return info === null ? null : info.isDirectory() ? 'folder' : 'file';
}

function isDataName(name: string): boolean {
  const lower = name.toLowerCase();
  return DATA_EXTENSIONS.some((extension) => lower.endsWith(extension));
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
