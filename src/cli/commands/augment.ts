import { Command, Option } from 'commander';
import { DataError, UsageError } from '../../errors.js';
import { mosaicToAlpaca } from '../../formats/alpaca.js';
import { assertNotAnInput, containerFor } from '../../io/output-path.js';
import { STDIN_NAME, type InputSource } from '../../io/read-json.js';
import { readPairs } from '../../io/read-pairs.js';
import { writeRecords, type OutputTarget } from '../../io/write-records.js';
import { Augmentation } from '../../mosaic/augment.js';
import { DEFAULTS, resolveAugmentOptions } from '../../options.js';
import { K_DISTRIBUTIONS } from '../../rng/k-distributions.js';
import { STRATEGY_WORDS } from '../../mosaic/strategy-choices.js';
import { MASKOUT_RULES, PERMUTE_RULES } from '../../types.js';
import { TOKENIZER_NAMES } from '../../tokens/resolve.js';
import { formatSummary } from '../summary.js';
import type { CliContext } from '../context.js';

interface AugmentFlags {
  output: string;
  seed: string;
  epochs: string;
  maxK: string;
  kDist: string;
  maxTokens: string;
  tokenizer: string;
  strategies: string;
  permuteRules: string;
  maskoutRules: string;
  meta?: boolean;
  quiet?: boolean;
  chatTemplate?: boolean;
}

export function augmentCommand(ctx: CliContext): Command {
  return new Command('augment')
    .description('build Mosaic-IT training samples from instruction/response pairs')
    .argument('<input...>', 'alpaca datasets: JSON array or JSON Lines; "-" reads stdin')
    .requiredOption('-o, --output <file>', 'output: JSON Lines, or a JSON array if the name ends in .json; "-" writes JSON Lines to stdout')
    .option('--seed <n>', 'random seed; same data, options and seed give the same bytes', String(DEFAULTS.seed))
    .option('--epochs <n>', 'independent shuffle-and-mosaic passes over all pairs', String(DEFAULTS.epochs))
    .option('--max-k <n>', 'most pairs in one mosaic', String(DEFAULTS.maxK))
    .addOption(
      new Option('--k-dist <name>', 'how the number of pairs per mosaic is drawn: uniform 1..max-k; fixed = max-k; all = as many as fit; exp|pareto|lognormal|logistic lean toward max-k')
        .choices(K_DISTRIBUTIONS)
        .default(DEFAULTS.kDist),
    )
    .option('--max-tokens <n>', 'token budget per mosaic: prompt plus response', String(DEFAULTS.maxTokens))
    .option(
      '--tokenizer <name|path>',
      `how tokens are counted, offline: ${TOKENIZER_NAMES.join(', ')}, a tokenizer.json, or a model folder holding one. Each text (system, prompt, response) is counted without special tokens; approx is a fast estimate, not a model's count`,
      DEFAULTS.tokenizer,
    )
    .option(
      '--chat-template',
      'count each sample as the trainer sees it: the conversation (system, user, assistant) rendered with the chat template of the --tokenizer model folder (tokenizer_config.json), encoded as one text, template tokens included. Without it, system, prompt and response are counted as separate texts, without special tokens',
    )
    .option('--strategies <list>', `comma list of ${STRATEGY_WORDS.join('|')}, each optionally name=weight`, DEFAULTS.strategies)
    .option('--permute-rules <list>', `comma list of ${PERMUTE_RULES.join('|')}, or all`, DEFAULTS.permuteRules)
    .option('--maskout-rules <list>', `comma list of ${MASKOUT_RULES.join('|')}, or all`, DEFAULTS.maskoutRules)
    .option('--meta', 'add provenance to each record: epoch, sources, strategy, rule, order, masked, numbered, tokens')
    .option('-q, --quiet', 'print no summary')
    .action(async (inputs: string[], flags: AugmentFlags) => {
      await runAugment(ctx, inputs, flags);
    });
}

async function runAugment(ctx: CliContext, inputs: string[], flags: AugmentFlags): Promise<void> {
  const { output, meta, quiet, ...optionFlags } = flags;
  const options = await resolveAugmentOptions({
    ...optionFlags,
    onNotice: (message) => ctx.stderr.write(`mosaic-it: ${message}\n`),
  });
  if (inputs.filter((i) => i === '-').length > 1) throw new UsageError('stdin ("-") can be read only once', '<input>');
  const files = inputs.filter((i) => i !== '-');
  if (output !== '-') await assertNotAnInput(output, files);

  const sources: InputSource[] = inputs.map((i) => (i === '-' ? { name: STDIN_NAME, stream: ctx.stdin } : i));
  const pairs = await readPairs(sources);
  if (pairs.length === 0) throw new DataError(`no records in ${inputs.join(', ')}`);

  const run = new Augmentation(pairs, options);
  const target: OutputTarget =
    output === '-' ? { stream: ctx.stdout, container: 'jsonl' } : { path: output, container: containerFor(output) };
  await writeRecords(mapAsync(run, (m) => mosaicToAlpaca(m, meta === true)), target, ctx.signal);
  if (!quiet) ctx.stderr.write(formatSummary(run.summary, output === '-' ? 'stdout' : output, options.epochs, options.seed));
}

async function* mapAsync<T, U>(source: AsyncIterable<T>, f: (value: T) => U): AsyncGenerator<U> {
  for await (const value of source) yield f(value);
}
