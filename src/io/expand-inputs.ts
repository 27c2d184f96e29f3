import { stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import fg from 'fast-glob';
import { UsageError } from '../errors.js';

/**
 * Turns input arguments into the list of inputs to read, in order:
 * - "-" (stdin) stays as it is, every time it appears (reading it twice is the
 *   caller's error to report);
 * - an argument naming something that exists is taken literally, even if it looks
 *   like a pattern (a file may be called `a[1].json`), and as often as it is given:
 *   naming a file twice reads it twice, as before patterns existed;
 * - otherwise an argument with glob magic is expanded to the files it matches, sorted
 *   by code unit so the order is the same on every machine; one matching nothing is a
 *   usage error naming it, since a quoted pattern reaches us unexpanded by the shell;
 * - anything else stays, for the reader to report as missing.
 * A pattern adds only files not already in the list (by resolved path), so overlapping
 * patterns, or a pattern over a file also named, read each file once, where it first
 * appears. Relative results are relative to `cwd`, as spelled by the user or by the glob.
 */
export async function expandInputs(args: readonly string[], cwd: string): Promise<string[]> {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const arg of args) {
    if (arg === '-') {
      out.push(arg);
    } else if ((await exists(resolve(cwd, arg))) || !fg.isDynamicPattern(arg)) {
      seen.add(resolve(cwd, arg));
      out.push(arg);
    } else {
      const matches = await fg(arg, { cwd, onlyFiles: true, unique: true });
      if (matches.length === 0) throw new UsageError(`no files match the pattern "${arg}"`);
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

async function exists(path: string): Promise<boolean> {
  return stat(path).then(
    () => true,
    () => false,
  );
}

function compareCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
