import { UsageError } from '../../errors.js';
import { expandInputs } from '../../io/expand-inputs.js';
import { inspectDatasets } from '../../inspect/inspect.js';
import { resolveTokenizer } from '../../tokens/resolve.js';
import type { CommandFlags } from '../augment-flags.js';
import { formatInspectReport } from '../inspect-report.js';
import { resolveInputs } from '../read-inputs.js';
import { pathIn, type CliContext } from '../context.js';
import { wholeNumberFlag } from '../whole-number-flag.js';

export type InspectFlags = CommandFlags<'inspect'> & {
  baselineEpochs: string;
  sources?: string[];
  bins: string;
  json?: boolean;
};

const MAX_BINS = 1000;

export async function runInspect(ctx: CliContext, args: string[], flags: InspectFlags): Promise<void> {
  const baselineEpochs = wholeNumberFlag(flags.baselineEpochs, '--baseline-epochs');
  const bins = wholeNumberFlag(flags.bins, '--bins', 1, MAX_BINS);
  const sourceArgs = flags.sources ?? [];
  if (sourceArgs.includes('-')) throw new UsageError('takes files, not stdin ("-")', '--sources');
  const resolved = await resolveInputs(ctx, args, flags);
  const sourceFiles = await expandInputs(sourceArgs, ctx.cwd).catch((error: unknown) => {
    throw error instanceof UsageError && error.flag === undefined ? new UsageError(error.message, '--sources') : error;
  });
  const sources = sourceFiles.map((name) => ({ name, path: pathIn(ctx, name) }));
  const counter = await resolveTokenizer(flags.tokenizer, { onNotice: (message) => ctx.stderr.write(`mosaic-it: ${message}\n`) });
  const report = await inspectDatasets(resolved.sources, { ...resolved.readOptions, counter, baselineEpochs, bins, sources, signal: ctx.signal });
  ctx.stdout.write(flags.json ? `${JSON.stringify(report, null, 2)}\n` : formatInspectReport(report));
}
