import { Command } from 'commander';
import { DEFAULT_BINS } from '../inspect/length-stats.js';
import { DEFAULT_BASELINE_EPOCHS } from '../inspect/training-cost.js';
import { builtInPacks } from '../language/built-in.js';
import { addTableOptions } from './augment-flags.js';
import type { AugmentFlags } from './commands/augment.js';
import type { CheckFlags } from './commands/check.js';
import type { CountFlags } from './commands/count.js';
import type { BuildFlags } from './commands/eval.js';
import type { InspectFlags } from './commands/inspect.js';
import type { PreviewFlags } from './commands/preview.js';
import type { TemplatesFlags } from './commands/templates.js';
import type { ValidateFlags } from './commands/validate.js';
import type { CliContext } from './context.js';

/** validate's and check's --limit. */
const DEFAULT_LIMIT = 50;

const EVAL_DEFAULTS = { perRule: 20, maxInstructions: 5 } as const;

const DEFAULT_TEMPLATES_LANG = 'en';

/** How preview draws its colours and control characters: cli/preview-view.ts viewFor. */
const COLOUR_HELP = `
Colour is used only when stdout is a terminal (and TERM is not "dumb").
NO_COLOR set to anything but "" turns it off. FORCE_COLOR turns it on even
through a pipe (e.g. | less -R); FORCE_COLOR=0 or false turns it off.
NO_COLOR wins over FORCE_COLOR. On a terminal, control characters in the
texts are shown as symbols (␛, ␍, ...).`;

/**
 * Every command as commander shows it (arguments, flags, help), keyed by its name, in
 * the order `mosaic-it --help` lists them. Every command line loads this table, so it
 * imports only commander, the option table's flags and plain constants; what a command
 * does is in commands/<name>.ts, which its action imports when it runs. --version and
 * --help thus load no reader, tokenizer or zod, and a run loads only its own command.
 */
export const COMMANDS = {
  augment: (command, ctx) =>
    addTableOptions(
      command
        .description('build Mosaic-IT training samples from instruction/response pairs')
        .argument(
          '[input...]',
          'datasets: files or quoted glob patterns ("data/*.jsonl"); JSON array, JSON Lines, either gzipped, or Parquet; "-" reads stdin',
        ),
      'augment',
    )
      .option(
        '--config <file>',
        'take options from a JSON or YAML file: keys are the long flag names (max-tokens: 4096), plus inputs; flags given on the command line win',
      )
      .action(async (inputs: string[], flags: AugmentFlags, self: Command) => {
        await (await import('./commands/augment.js')).runAugment(ctx, inputs, flags, self);
      }),

  inspect: (command, ctx) =>
    addTableOptions(
      command
        .description(
          'describe datasets: records, format, token lengths (percentiles and a histogram); for augment --meta output also k, the strategy and rule mix, and the training cost against plain tuning of its sources',
        )
        .argument('<file...>', 'datasets to inspect, each on its own: inputs or augment outputs; files or quoted glob patterns; "-" reads stdin'),
      'inspect',
    )
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
        await (await import('./commands/inspect.js')).runInspect(ctx, args, flags);
      }),

  preview: (command, ctx) =>
    addTableOptions(
      command
        .description('show the first few mosaics augment would write, meta-instruction and markers highlighted; writes no files')
        .argument('<input...>', 'datasets, as for augment: files or quoted glob patterns ("data/*.jsonl"); "-" reads stdin')
        .option('-n, --count <n>', 'how many mosaics to show: the first n mosaics augment would write with the same options', '3'),
      'preview',
    )
      .addHelpText('after', COLOUR_HELP)
      .action(async (inputs: string[], flags: PreviewFlags) => {
        await (await import('./commands/preview.js')).runPreview(ctx, inputs, flags);
      }),

  validate: (command, ctx) =>
    addTableOptions(
      command
        .description('check datasets without augmenting: every invalid record is listed with its location; exit 1 if there is any')
        .argument('<file...>', 'datasets, as for augment: files or quoted glob patterns; "-" reads stdin'),
      'validate',
    )
      .option('--limit <n>', 'list at most this many problems (all are still counted)', String(DEFAULT_LIMIT))
      .action(async (args: string[], flags: ValidateFlags) => {
        await (await import('./commands/validate.js')).runValidate(ctx, args, flags);
      }),

  check: (command, ctx) =>
    addTableOptions(
      command
        .description(
          'verify a mosaic dataset against the files it was built from: every text verbatim, every meta-instruction true of its response, every boundary visible; with --max-tokens given, every mosaic within that budget under --tokenizer (and meta.tokens its count); exit 1 listing each problem',
        )
        .argument('<mosaics...>', 'what augment --meta wrote, in any layout and container it writes')
        .option('--sources <files...>', 'the datasets augment was given, in the same order (required); read with the format flags below, as augment read them'),
      'check',
    )
      .option('--limit <n>', 'list at most this many problems (all are still counted)', String(DEFAULT_LIMIT))
      .action(async (args: string[], flags: CheckFlags, self: Command) => {
        await (await import('./commands/check.js')).runCheck(ctx, args, flags, self);
      }),

  eval: (command, ctx) => {
    const build = addTableOptions(
      new Command('build')
        .description('build held-out mosaic prompts whose compliance a program can judge, each with its answer key')
        .argument('<input...>', 'datasets to draw instructions and reference answers from (held out from training)'),
      'eval build',
    )
      .option('--reference <file>', 'also write the reference answers ({"id", "response"} per line), which score 100%')
      .option('--per-rule <n>', 'prompts per strategy and rule, per language', String(EVAL_DEFAULTS.perRule))
      .option('--max-instructions <n>', 'most instructions in one prompt (rules that need four get four)', String(EVAL_DEFAULTS.maxInstructions))
      .action(async (args: string[], flags: BuildFlags) => {
        await (await import('./commands/eval.js')).runBuild(ctx, args, flags);
      });
    const score = new Command('score')
      .description("score a model's answers to eval build's prompts: per strategy and rule, prompt- and instruction-level, strict and loose")
      .argument('<eval>', 'the file eval build wrote')
      .argument('<answers>', 'one answer per line: {"id", "response"} (or "output", "predict"), or OpenAI batch output with custom_id')
      .option('--json', 'print the scores as JSON instead of a table')
      .action(async (evalFile: string, answersFile: string, flags: { json?: boolean }) => {
        await (await import('./commands/eval.js')).runScore(ctx, evalFile, answersFile, flags);
      });
    return command.description('an offline multi-instruction benchmark from any dataset: build prompts, score answers').addCommand(build).addCommand(score);
  },

  templates: (command, ctx) =>
    command
      .description(
        'print a built-in language pack (every sentence, label, marker and separator a mosaic uses) as commented YAML to edit into your own, or check a pack file',
      )
      .option('--lang <name>', `the built-in pack to print: ${builtInPacks().map((p) => p.name).join(', ')}`, DEFAULT_TEMPLATES_LANG)
      .option('-o, --output <file>', 'write the pack to this file instead of stdout (replaced whole, never left half-written)')
      .option('--check <file>', 'check a pack file (.yaml, .yml or .json) instead: print that it is valid, or its first problem and exit 2')
      .action(async (flags: TemplatesFlags, self: Command) => {
        await (await import('./commands/templates.js')).runTemplates(ctx, flags, self);
      }),

  count: (command, ctx) =>
    addTableOptions(
      command
        .description("count every pair's tokens once, into a counts file that augment --counts (every shard of it) reads instead of counting again")
        .argument('[input...]', 'datasets, named and read as augment will read them: files or quoted glob patterns; "-" reads stdin'),
      'count',
    ).action(async (inputs: string[], flags: CountFlags) => {
      await (await import('./commands/count.js')).runCount(ctx, inputs, flags);
    }),
} as const satisfies Record<string, (command: Command, ctx: CliContext) => Command>;

export type CommandName = keyof typeof COMMANDS;

/** The command of that name, as commander shows it and runs it against the context. */
export function commandOf(name: CommandName, ctx: CliContext): Command {
  return COMMANDS[name](new Command(name), ctx);
}
