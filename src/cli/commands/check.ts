import type { Command } from 'commander';
import { checkMosaics, formatProblem } from '../../check/check-dataset.js';
import { ProblemsFound, UsageError } from '../../errors.js';
import { builtInPacks } from '../../language/built-in.js';
import { loadPackFile } from '../../language/pack-file.js';
import { loadChatTemplate } from '../../tokens/chat-template.js';
import { resolveTokenizer, tokenizerFolder } from '../../tokens/resolve.js';
import type { ReadFlags } from '../augment-flags.js';
import type { CliContext } from '../context.js';
import { resolveInputs } from '../read-inputs.js';
import { plural } from '../summary.js';
import { wholeNumberFlag } from '../whole-number-flag.js';

export interface CheckFlags extends ReadFlags {
  sources?: string[];
  tokenizer: string;
  maxTokens?: string;
  chatTemplate?: boolean;
  templates?: string[];
  limit: string;
}

export async function runCheck(ctx: CliContext, args: string[], flags: CheckFlags, command: Command): Promise<void> {
  const limit = wholeNumberFlag(flags.limit, '--limit');
  if (!flags.sources || flags.sources.length === 0) throw new UsageError("required option '--sources <files...>' not specified", '--sources');
  // The budget is checked only when asked for: the table's default budget need not be the one the mosaics were built with.
  const given = (key: string) => command.getOptionValueSource(key) === 'cli';
  const maxTokens = given('maxTokens') ? wholeNumberFlag(flags.maxTokens as string, '--max-tokens', 1) : undefined;
  if (maxTokens === undefined && (given('tokenizer') || flags.chatTemplate)) {
    throw new UsageError('a budget is checked only with --max-tokens', flags.chatTemplate ? '--chat-template' : '--tokenizer');
  }
  const mosaics = await resolveInputs(ctx, args, flags);
  const sources = await resolveInputs(ctx, flags.sources, flags);
  const user = await Promise.all((flags.templates ?? []).map(async (file) => (await loadPackFile(file)).pack));
  // A user pack replaces the built-in one of its name, as in augment.
  const packs = [...builtInPacks().filter((p) => !user.some((u) => u.name === p.name)), ...user];
  const tokenizer = maxTokens === undefined ? undefined : await resolveTokenizer(flags.tokenizer, { onNotice: (m) => ctx.stderr.write(`mosaic-it: ${m}\n`) });
  let chatTemplate = null;
  if (flags.chatTemplate) {
    const folder = await tokenizerFolder(flags.tokenizer);
    if (folder === null) throw new UsageError('needs --tokenizer to name a model folder (or its tokenizer.json) with a tokenizer_config.json', '--chat-template');
    chatTemplate = await loadChatTemplate(folder);
  }
  let listed = 0;
  const result = await checkMosaics(mosaics.sources, sources.sources, {
    sources: sources.readOptions,
    packs,
    tokenizer,
    chatTemplate,
    maxTokens,
    signal: ctx.signal,
    onWarning: (message) => ctx.stderr.write(`mosaic-it: warning: ${message}\n`),
    onProblem: (problem) => {
      if (listed++ < limit) ctx.stdout.write(`${formatProblem(problem)}\n`);
    },
  });
  const checked = `${plural(result.records, 'mosaic')} against ${plural(result.sourceRecords, 'source record')}`;
  if (result.problems === 0) {
    ctx.stderr.write(`mosaic-it: ${checked}: all true\n`);
    return;
  }
  const more = result.problems > limit ? ` (${limit} listed; --limit to see more)` : '';
  ctx.stderr.write(`mosaic-it: ${plural(result.problems, 'problem')}${more}; ${result.failed} of ${checked} false\n`);
  throw new ProblemsFound();
}
