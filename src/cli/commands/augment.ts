import type { Command } from 'commander';
import { availableParallelism } from 'node:os';
import { checkedOption } from '../../option-schemas.js';
import { resolveAugmentOptions } from '../../options.js';
import { threadsFor } from '../../parallel/thread-choice.js';
import { runAugmentation, type AugmentationRun } from '../../run.js';
import { augmentOptionsFromFlags, type CommandFlags } from '../augment-flags.js';
import { assertDistinctOutputs, AugmentOutputs, planOutputs } from '../augment-outputs.js';
import { pathIn, type CliContext } from '../context.js';
import { ProgressLine } from '../progress.js';
import { resolveInputs, totalSize, withConfig } from '../read-inputs.js';
import { defaultMemoryBudget, parseMemoryFlag } from '../scale-flags.js';
import { formatSummary } from '../summary.js';
import { wholeNumberFlag } from '../whole-number-flag.js';

/** augment's flags as commander holds them: every table option, and --config. */
export type AugmentFlags = CommandFlags<'augment'> & { config?: string };

/** Flags to the library's run, its records to the output, then the side files and the summary. */
export async function runAugment(ctx: CliContext, given: string[], initial: AugmentFlags, command: Command): Promise<void> {
  const started = Date.now();
  const { flags, args } = await withConfig(command, initial, given, ctx);
  const plan = await planOutputs(flags, args, (path) => pathIn(ctx, path));
  const resolved = await resolveInputs(ctx, args, flags);
  // The counts file is read like an input: no output may replace it.
  await assertDistinctOutputs(plan, flags.counts === undefined ? resolved.files : [...resolved.files, pathIn(ctx, flags.counts)]);
  const memoryBytes = flags.memory === undefined ? defaultMemoryBudget() : parseMemoryFlag(flags.memory);
  const asked = flags.threads === undefined ? undefined : wholeNumberFlag(flags.threads, '--threads', 1, 256);
  const warn = (message: string) => ctx.stderr.write(`mosaic-it: ${message}\n`);
  // After the cheap checks: loading a tokenizer can take seconds.
  const options = await resolveAugmentOptions({ ...augmentOptionsFromFlags(flags), onNotice: warn });
  const inputBytes = await totalSize(resolved.sources);
  // Unset, the threads follow from the work: its size, its counter, the CPUs (thread-choice.ts).
  const threads = asked ?? threadsFor({ cpus: availableParallelism(), counter: options.tokenizer, inputBytes, epochs: options.epochs, shards: plan.shard?.count ?? 1 });
  const drawing = (ctx.stderr as { isTTY?: boolean }).isTTY === true && !flags.quiet && flags.progress !== false;
  const progress = new ProgressLine(ctx.stderr, drawing, Date.now, drawing ? inputBytes : undefined);
  // Every file is opened now, before anything is read, and replaced together at the end.
  const outputs = await AugmentOutputs.open(plan, resolved.inputs.length);
  let run: AugmentationRun | undefined;
  try {
    const { rejects } = outputs;
    run = await runAugmentation(resolved.sources, options, {
      read: { ...resolved.readOptions, ...outputs.readHooks(), onProgress: drawing ? (p) => progress.reading(p) : undefined, onWarning: (m) => warn(`warning: ${m}`) },
      onPairsCounted: rejects && ((tokens) => rejects.overBudget(tokens, options.maxTokens)),
      onProgress: drawing ? (p) => progress.augmenting(p) : undefined,
      // Parquet is written from record objects, which worker threads would hand over as JSON texts.
      recordsAs: plan.container === 'parquet' ? 'objects' : 'json',
      threads, memoryBytes, shard: plan.shard, spillDirectory: outputs.spillDirectory, signal: ctx.signal, to: flags.to, meta: flags.meta, rejectWith: checkedOption('rejectWith', flags.rejectWith),
      counts: flags.counts === undefined ? undefined : { name: flags.counts, path: pathIn(ctx, flags.counts) },
    });
    const written = await outputs.write(run, ctx.stdout, ctx.signal);
    progress.finish();
    const summary = await outputs.commit(run, { options, flags, inputs: resolved.inputs, written, started });
    if (!flags.quiet) ctx.stderr.write(formatSummary(summary));
  } finally {
    run?.close();
    await outputs.discard();
    progress.finish();
  }
}
