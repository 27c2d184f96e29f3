import { realpath } from 'node:fs/promises';
import { basename, dirname, resolve } from 'node:path';
import { UsageError } from '../errors.js';
import type { Container } from './write-records.js';

export const CONTAINERS: readonly Container[] = ['jsonl', 'json', 'parquet'];

/** `.parquet` gets Parquet, `.json` a JSON array, anything else JSON Lines. */
export function containerFor(path: string): Container {
  const name = path.toLowerCase();
  if (name.endsWith('.parquet')) return 'parquet';
  return name.endsWith('.json') ? 'json' : 'jsonl';
}

/**
 * Refuses an output path that is one of the inputs: the rename at the end would replace
 * the data being read. Compares real paths, so links and relative spellings are caught.
 * Also keeps side files (--manifest, --dataset-info) off the inputs and off each other.
 */
export async function assertNotAnInput(output: string, inputs: readonly string[], flag = '--output'): Promise<void> {
  const target = await canonical(output);
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
