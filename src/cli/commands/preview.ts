import { tmpdir } from 'node:os';
import { Command } from 'commander';
import { streamSink } from '../../io/write-records.js';
import { Augmentation } from '../../mosaic/augment.js';
import { resolveAugmentOptions } from '../../options.js';
import { addTableOptions, augmentOptionsFromFlags, type CommandFlags } from '../augment-flags.js';
import { COLOUR_HELP, formatIntro, formatMosaic, viewFor } from '../preview-view.js';
import { collectUsablePairs, resolveInputs } from '../read-inputs.js';
import { defaultMemoryBudget } from '../scale-flags.js';
import type { CliContext } from '../context.js';
import { wholeNumberFlag } from '../whole-number-flag.js';

type PreviewFlags = CommandFlags<'preview'> & { count: string };

export function previewCommand(ctx: CliContext): Command {
  const command = new Command('preview')
    .description('show the first few mosaics augment would write, meta-instruction and markers highlighted; writes no files')
    .argument('<input...>', 'datasets, as for augment: files or quoted glob patterns ("data/*.jsonl"); "-" reads stdin')
    .option('-n, --count <n>', 'how many mosaics to show: the first n mosaics augment would write with the same options', '3');
  return addTableOptions(command, 'preview').addHelpText('after', COLOUR_HELP).action(async (inputs: string[], flags: PreviewFlags) => {
    await runPreview(ctx, inputs, flags);
  });
}

async function runPreview(ctx: CliContext, args: string[], flags: PreviewFlags): Promise<void> {
  const count = wholeNumberFlag(flags.count, '--count');
  const options = await resolveAugmentOptions({
    ...augmentOptionsFromFlags(flags),
    onNotice: (message) => ctx.stderr.write(`mosaic-it: ${message}\n`),
  });
  const resolved = await resolveInputs(ctx, args, flags);
  const { prepared } = await collectUsablePairs(resolved, options, {
    ...resolved.readOptions,
    signal: ctx.signal,
    onWarning: (message) => ctx.stderr.write(`mosaic-it: warning: ${message}\n`),
  }, {
    memoryBytes: defaultMemoryBudget(),
    spillDirectory: tmpdir(),
  });
  let shown = 0;
  try {
    const view = viewFor(ctx.stdout, ctx.env);
    const write = streamSink(ctx.stdout, 'stdout');
    await write(formatIntro(view, count, options.seed, options.tokenizer.name));
    // The same iterable augment writes from, left after n: the preview is augment's first
    // n records by construction, and the rest is never built.
    for await (const mosaic of new Augmentation(prepared, options, { signal: ctx.signal })) {
      shown++;
      await write(formatMosaic(view, mosaic, shown));
      if (shown >= count) break;
    }
  } finally {
    // The run closes its texts when iterated; this covers a failure before that.
    prepared.texts.close();
  }
  if (shown < count) {
    ctx.stderr.write(`mosaic-it: only ${shown} ${shown === 1 ? 'mosaic' : 'mosaics'}: all augment would write with these inputs and options\n`);
  }
}
