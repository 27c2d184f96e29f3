import { DataError, ProblemsFound, UsageError } from '../../errors.js';
import { readDataset } from '../../io/read-pairs.js';
import type { ReadFlags } from '../augment-flags.js';
import { noPairsMessage, readOptionsOf, resolveInputs } from '../read-inputs.js';
import { describeSkips, plural } from '../summary.js';
import type { CliContext } from '../context.js';
import { wholeNumberFlag } from '../whole-number-flag.js';

export interface ValidateFlags extends ReadFlags {
  limit: string;
}

/**
 * Reads each input as augment would, leaving out and listing invalid records instead of
 * stopping at the first. A fault in a file's structure (a JSON array cut short, damaged
 * gzip) ends that file, is listed too, and the next file is read; so is a missing file
 * or a pattern that matches nothing. A file that would give augment no pair at all (every
 * record skipped: preference data, all multi-turn, ...) is a problem too, with the reasons.
 */
export async function runValidate(ctx: CliContext, args: string[], flags: ValidateFlags): Promise<void> {
  const limit = wholeNumberFlag(flags.limit, '--limit');
  let problems = 0;
  let records = 0;
  let pairs = 0;
  let files = 0;
  const skipped: Record<string, number> = {};
  const list = (error: DataError | string): void => {
    problems++;
    if (problems <= limit) ctx.stdout.write(`${typeof error === 'string' ? error : error.message}\n`);
  };
  // Flags are checked once, before any file; each argument is expanded on its own so that
  // one naming nothing is listed and the others are still read.
  const options = readOptionsOf(flags);
  if (args.filter((i) => i === '-').length > 1) throw new UsageError('stdin ("-") can be read only once', '<file>');
  for (const arg of args) {
    let resolved;
    try {
      resolved = await resolveInputs(ctx, [arg], flags);
    } catch (error) {
      if (!(error instanceof DataError)) throw error;
      files++;
      list(error);
      continue;
    }
    for (const [i, source] of resolved.sources.entries()) {
      files++;
      try {
        const data = await readDataset([source], {
          ...options,
          invalidRecords: 'skip',
          onInvalid: list,
          keepPairs: false,
          onWarning: (message) => ctx.stderr.write(`mosaic-it: warning: ${message}\n`),
        });
        records += data.records;
        pairs += data.pairCount;
        for (const [reason, n] of Object.entries(data.skipped)) skipped[reason] = (skipped[reason] ?? 0) + n;
        // Records that were all invalid are listed already; skips are not problems one by one.
        const invalid = Object.values(data.invalid).reduce((sum, n) => sum + n, 0);
        if (data.pairCount === 0 && (data.records === 0 || invalid < data.records)) list(noPairsMessage(resolved.inputs[i] ?? arg, data));
      } catch (error) {
        if (!(error instanceof DataError)) throw error;
        list(error);
      }
    }
  }
  const fileCount = plural(files, 'file');
  const skips = describeSkips(skipped);
  const usable = `${plural(records, 'record')}, ${plural(pairs, 'pair')}${skips ? `; skipped as augment would: ${skips}` : ''}`;
  if (problems === 0) {
    ctx.stderr.write(`mosaic-it: ${fileCount} valid: ${usable}\n`);
    return;
  }
  const listed = problems > limit ? ` (${limit} listed; --limit to see more)` : '';
  ctx.stderr.write(`mosaic-it: ${plural(problems, 'problem')} in ${fileCount}${listed}; ${usable}\n`);
  throw new ProblemsFound();
}
