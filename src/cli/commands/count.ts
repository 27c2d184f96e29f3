import { countPairs } from '../../counts/count-pairs.js';
import { UsageError } from '../../errors.js';
import { OutputFiles } from '../../io/pending-file.js';
import { resolveAugmentOptions } from '../../options.js';
import { optionsFromFlags, type CommandFlags } from '../augment-flags.js';
import { assertDistinctPaths } from '../augment-outputs.js';
import { pathIn, type CliContext } from '../context.js';
import { resolveInputs } from '../read-inputs.js';
import { defaultMemoryBudget, parseMemoryFlag, parseShardFlag } from '../scale-flags.js';
import { plural } from '../summary.js';

/** count's flags as commander holds them: the table's options for it. */
export type CountFlags = CommandFlags<'count'>;

/** Flags to the library's count, its part to the counts file (written atomically), then one line. */
export async function runCount(ctx: CliContext, args: string[], flags: CountFlags): Promise<void> {
  const started = Date.now();
  const { output } = flags;
  if (output === undefined) throw new UsageError("required option '-o, --output <file>' not specified", '--output');
  // augment reads a counts file by name, and its parts are files to concatenate.
  if (output === '-') throw new UsageError('a counts file is read back by name (augment --counts); name a file, not stdout', '--output');
  const shard = flags.shard === undefined ? undefined : parseShardFlag(flags.shard);
  const memoryBytes = flags.memory === undefined ? defaultMemoryBudget() : parseMemoryFlag(flags.memory);
  const resolved = await resolveInputs(ctx, args, flags);
  const at = (path: string) => pathIn(ctx, path);
  await assertDistinctPaths(output, resolved.files, [], at);
  const warn = (message: string) => ctx.stderr.write(`mosaic-it: ${message}\n`);
  // After the cheap checks: loading a tokenizer can take seconds.
  const options = await resolveAugmentOptions({ ...optionsFromFlags(flags, ['tokenizer', 'chatTemplate']), onNotice: warn });
  const files = new OutputFiles();
  try {
    const file = await files.add(output, at(output));
    const part = await countPairs(resolved.sources, options, {
      read: { ...resolved.readOptions, onWarning: (m) => warn(`warning: ${m}`) },
      shard,
      memoryBytes,
      spillDirectory: file.folder,
      signal: ctx.signal,
    });
    await part.write(file.sink);
    await files.commit();
    if (flags.quiet) return;
    const { pairs, range, tokenizer } = part.header;
    const share = range[0] === 0 && range[1] === pairs ? plural(pairs, 'pair') : `pairs [${range[0]}, ${range[1]}) of ${pairs}`;
    const seconds = ((Date.now() - started) / 1000).toFixed(1);
    ctx.stderr.write(`mosaic-it: counted ${share} with ${tokenizer.name} into ${output} in ${seconds} s\n`);
  } finally {
    await files.discard();
  }
}
