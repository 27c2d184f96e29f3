import { tmpdir } from 'node:os';
import { streamSink } from '../../io/write-records.js';
import { Augmentation } from '../../mosaic/augment.js';
import { resolveAugmentOptions } from '../../options.js';
import { augmentOptionsFromFlags, type CommandFlags } from '../augment-flags.js';
import { formatIntro, formatMosaic, viewFor } from '../preview-view.js';
import { collectUsablePairs, resolveInputs } from '../read-inputs.js';
import { defaultMemoryBudget } from '../scale-flags.js';
import type { CliContext } from '../context.js';
import { wholeNumberFlag } from '../whole-number-flag.js';

export type PreviewFlags = CommandFlags<'preview'> & { count: string };

export async function runPreview(ctx: CliContext, args: string[], flags: PreviewFlags): Promise<void> {
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
