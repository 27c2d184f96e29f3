import { Command } from 'commander';
import { UsageError } from '../../errors.js';
import { expandInputs } from '../../io/expand-inputs.js';
import { DEFAULT_BASELINE_EPOCHS, DEFAULT_BINS, inspectDatasets } from '../../inspect/inspect.js';
import { resolveTokenizer } from '../../tokens/resolve.js';
import { addTableOptions, type CommandFlags } from '../augment-flags.js';
import { formatInspectReport } from '../inspect-report.js';
import { resolveInputs } from '../read-inputs.js';
import { pathIn, type CliContext } from '../context.js';
import { wholeNumberFlag } from '../whole-number-flag.js';

type InspectFlags = CommandFlags<'inspect'> & {
  baselineEpochs: string;
  sources?: string[];
  bins: string;
  json?: boolean;
};

const MAX_BINS = 1000;

export function inspectCommand(ctx: CliContext): Command {
  const command = new Command('inspect')
    .description(
      'describe datasets: records, format, token lengths (percentiles and a histogram); for augment --meta output also k, the strategy and rule mix, and the training cost against plain tuning of its sources',
    )
    .argument('<file...>', 'datasets to inspect, each on its own: inputs or augment outputs; files or quoted glob patterns; "-" reads stdin');
  return addTableOptions(command, 'inspect')
    .option(
      '--sources <file>',
      'the inputs augment read to build the mosaic file, in the same order (repeat the flag for several files, or quote a glob), read with the same --format, --map and --multi-turn; with them the plain-tuning baseline has tokens, not only samples',
      // Repeatable rather than variadic: a variadic option would take the files after it
      // as its own values instead of as files to inspect.
      (value: string, previous: string[] | undefined) => [...(previous ?? []), value],
    )
    .option('--baseline-epochs <n>', 'epochs of plain instruction tuning the mosaic set is compared with', String(DEFAULT_BASELINE_EPOCHS))
    .option('--bins <n>', 'most bars in the token-length histogram', String(DEFAULT_BINS))
    .option('--json', 'print the numbers as one JSON document instead of the text report')
    .action(async (args: string[], flags: InspectFlags) => {
      await runInspect(ctx, args, flags);
    });
}

async function runInspect(ctx: CliContext, args: string[], flags: InspectFlags): Promise<void> {
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
