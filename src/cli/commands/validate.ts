import { Command } from 'commander';
import { DataError } from '../../errors.js';
import { readDataset } from '../../io/read-pairs.js';
import { addReadFlags, type ReadFlags } from '../augment-flags.js';
import { resolveInputs } from '../read-inputs.js';
import { describeSkips } from '../summary.js';
import type { CliContext } from '../context.js';
import { wholeNumberFlag } from '../whole-number-flag.js';

interface ValidateFlags extends ReadFlags {
  limit: string;
}

export const DEFAULT_LIMIT = 50;

/** Thrown to end the command with exit 1 once every problem is listed; says nothing more. */
export class ProblemsFound extends Error {
  override readonly name = 'ProblemsFound';
}

export function validateCommand(ctx: CliContext): Command {
  const command = new Command('validate')
    .description('check datasets without augmenting: every invalid record is listed with its location; exit 1 if there is any')
    .argument('<file...>', 'datasets, as for augment: files or quoted glob patterns; "-" reads stdin');
  addReadFlags(command);
  return command
    .option('--limit <n>', 'list at most this many problems (all are still counted)', String(DEFAULT_LIMIT))
    .action(async (args: string[], flags: ValidateFlags) => {
      await runValidate(ctx, args, flags);
    });
}

/**
 * Reads each input as augment would, leaving out and listing invalid records instead of
 * stopping at the first. A fault in a file's structure (a JSON array cut short, damaged
 * gzip) ends that file, is listed too, and the next file is read.
 */
async function runValidate(ctx: CliContext, args: string[], flags: ValidateFlags): Promise<void> {
  const limit = wholeNumberFlag(flags.limit, '--limit');
  const resolved = await resolveInputs(ctx, args, flags);
  let problems = 0;
  let records = 0;
  let pairs = 0;
  const skipped: Record<string, number> = {};
  const list = (error: DataError): void => {
    problems++;
    if (problems <= limit) ctx.stdout.write(`${error.message}\n`);
  };
  for (const source of resolved.sources) {
    try {
      const data = await readDataset([source], { ...resolved.readOptions, invalidRecords: 'skip', onInvalid: list, keepPairs: false });
      records += data.records;
      pairs += data.pairCount;
      for (const [reason, n] of Object.entries(data.skipped)) skipped[reason] = (skipped[reason] ?? 0) + n;
    } catch (error) {
      if (!(error instanceof DataError)) throw error;
      list(error);
    }
  }
  const files = count(resolved.inputs.length, 'file');
  const skips = describeSkips(skipped);
  const usable = `${count(records, 'record')}, ${count(pairs, 'pair')}${skips ? `; skipped as augment would: ${skips}` : ''}`;
  if (problems === 0) {
    ctx.stderr.write(`mosaic-it: ${files} valid: ${usable}\n`);
    return;
  }
  const listed = problems > limit ? ` (${limit} listed; --limit to see more)` : '';
  ctx.stderr.write(`mosaic-it: ${count(problems, 'problem')} in ${files}${listed}; ${usable}\n`);
  throw new ProblemsFound();
}

function count(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}
