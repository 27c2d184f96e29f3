import { realpath, stat } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import type { Container } from './write-records.js';

export const CONTAINERS: readonly Container[] = ['jsonl', 'json', 'parquet'];

/** The container each output name extension promises. */
const EXTENSIONS: ReadonlyArray<readonly [string, Container]> = [
  ['.jsonl', 'jsonl'],
  ['.ndjson', 'jsonl'],
  ['.json', 'json'],
  ['.parquet', 'parquet'],
];

/** How an output is written: its container, and whether its bytes are gzipped. */
export interface OutputLayout {
  readonly container: Container;
  readonly gzip: boolean;
}

/**
 * What an output's name promises: `.jsonl` (or `.ndjson`) JSON Lines, `.json` a JSON
 * array, `.parquet` Parquet, and a further `.gz` gzip around JSON Lines or a JSON array.
 * `given` (--output-format) chooses the container instead of the name; `.gz` still
 * compresses. A name that promises nothing known is refused rather than filled with
 * something else (`out.csv` holding JSON Lines); only stdout ("-"), a device or a FIFO,
 * which have no extension to honour, default to JSON Lines.
 */
export async function outputLayout(path: string, given?: Container, at = path): Promise<OutputLayout> {
  if (path === '-') return { container: given ?? 'jsonl', gzip: false };
  const gzip = /\.gz$/i.test(path);
  const name = (gzip ? path.slice(0, -3) : path).toLowerCase();
  const named = EXTENSIONS.find(([extension]) => name.endsWith(extension))?.[1];
  let container = given ?? named;
  if (container === undefined) {
    const existing = await stat(at).catch(() => null);
    if (existing === null || existing.isFile() || existing.isDirectory() || gzip) {
      throw new UsageError(
        `"${path}": unknown extension; name the output .jsonl, .json or .parquet (.jsonl.gz or .json.gz for gzip), or choose --output-format`,
        '--output',
      );
    }
    container = 'jsonl';
  }
  if (gzip && container === 'parquet') {
    throw new UsageError(`"${path}": Parquet compresses its own columns; name it .parquet, or write .jsonl.gz`, '--output');
  }
  return { container, gzip };
}

/**
 * Refuses an output path that is one of the inputs: the rename at the end would replace
 * the data being read. Compares real paths, so links and relative spellings are caught.
 * Also keeps side files (--manifest, --dataset-info) off the inputs and off each other.
 */
export async function assertNotAnInput(output: string, inputs: readonly string[], flag = '--output', at = output): Promise<void> {
  const target = await canonical(at);
  for (const input of inputs) {
    if ((await canonical(input)) === target) {
      const role = flag === '--output' ? 'output' : `${flag} file`;
      throw new UsageError(`${role} "${output}" is also an input or another output; choose another file`, flag);
    }
  }
}

async function canonical(path: string): Promise<string> {
  try {
    return await realpath(path);
  } catch {
    // Not there yet: resolve its folder, which must exist for the write to succeed.
    try {
      return resolve(await realpath(dirname(path)), basename(path));
    } catch {
      return resolve(path);
    }
  }
}
