import { Command, Option } from 'commander';
import { MULTI_TURN_POLICIES, type MultiTurn } from '../formats/format-names.js';
import { INPUT_FORMATS, type InputFormat } from '../formats/input-formats.js';
import { KTO_POLICIES, PREFERENCE_POLICIES, type KtoPolicy, type PreferencePolicy } from '../formats/preference.js';
import { INVALID_POLICIES, type InvalidPolicy } from '../io/read-pairs.js';
import { DEFAULTS } from '../options.js';
import { K_DISTRIBUTIONS } from '../rng/k-distributions.js';
import { STRATEGY_WORDS } from '../mosaic/strategy-choices.js';
import { MASKOUT_RULES, PERMUTE_RULES } from '../rule-names.js';
import { TOKENIZER_NAMES } from '../tokens/resolve.js';

/**
 * The flags that say how inputs are read and how mosaics are built. augment and preview
 * share them so that a preview shows exactly what augment would write.
 */
export interface ReadFlags {
  format?: InputFormat;
  map?: string;
  multiTurn: MultiTurn;
  onInvalid?: InvalidPolicy;
  preference: PreferencePolicy;
  ktoUndesirable: KtoPolicy;
}

/** Option values as commander hands them over: strings, parsed by the zod schema. */
export interface BuildFlags {
  seed: string;
  epochs: string;
  maxK: string;
  kDist: string;
  maxTokens: string;
  tokenizer: string;
  chatTemplate?: boolean;
  strategies: string;
  permuteRules: string;
  maskoutRules: string;
  lang: string;
  templates?: string[];
}

/** The keys of BuildFlags, which go to resolveAugmentOptions as they are. */
export const BUILD_FLAG_KEYS = [
  'seed',
  'epochs',
  'maxK',
  'kDist',
  'maxTokens',
  'tokenizer',
  'chatTemplate',
  'strategies',
  'permuteRules',
  'maskoutRules',
  'lang',
  'templates',
] as const satisfies ReadonlyArray<keyof BuildFlags>;

export function addReadFlags(command: Command): Command {
  return command
    .addOption(
      new Option('--format <name>', 'input format of every file (default: detected per file from its first record)').choices(INPUT_FORMATS),
    )
    .option(
      '--map <fields>',
      'custom field and role names, key=name,...: prompt, input, response, system, history, messages (record fields); role, content (message fields); user-role, assistant-role, system-role (role values). E.g. --map prompt=question,response=answer. A record field may be a path: a.b.0.c reads inside objects and lists; one "*" step makes a pair per list element (--map input=instances.*.input,response=instances.*.output); \\. is a dot in a name',
    )
    .addOption(
      new Option('--multi-turn <policy>', 'conversations with several exchanges: skip them, take the first exchange, or split every exchange into its own pair')
        .choices(MULTI_TURN_POLICIES)
        .default('skip'),
    )
    .addOption(
      new Option(
        '--preference <answer>',
        'preference records (DPO/ORPO: "chosen" and "rejected"): skip them, or read each with its chosen answer as the response (the rejected one is never used)',
      )
        .choices(PREFERENCE_POLICIES)
        .default('skip'),
    )
    .addOption(
      new Option('--kto-undesirable <policy>', 'KTO records labelled false ("label": false, an answer marked undesirable): skip them, or keep them as ordinary pairs')
        .choices(KTO_POLICIES)
        .default('skip'),
    );
}

/** For commands that build mosaics: what to do with a record that cannot be read. */
export function addInvalidFlag(command: Command): Command {
  return command.addOption(
    new Option(
      '--on-invalid <policy>',
      'a record with bad JSON or UTF-8, a repeated key, or a missing, mistyped or empty field: fail names it and stops; skip leaves it out and counts it by reason',
    )
      .choices(INVALID_POLICIES)
      .default('fail'),
  );
}

export function addTokenizerFlag(command: Command): Command {
  return command.option(
    '--tokenizer <name|path>',
    `how tokens are counted, offline: ${TOKENIZER_NAMES.join(', ')}, a tokenizer.json, or a model folder holding one. Each text (system, prompt, response) is counted without special tokens; approx is a fast estimate, not a model's count`,
    DEFAULTS.tokenizer,
  );
}

export function addBuildFlags(command: Command): Command {
  command
    .option('--seed <n>', 'random seed; same data, options and seed give the same bytes', String(DEFAULTS.seed))
    .option('--epochs <n>', 'independent shuffle-and-mosaic passes over all pairs', String(DEFAULTS.epochs))
    .option('--max-k <n>', 'most pairs in one mosaic', String(DEFAULTS.maxK))
    .addOption(
      new Option('--k-dist <name>', 'how the number of pairs per mosaic is drawn: uniform 1..max-k; fixed = max-k; all = as many as fit; exp|pareto|lognormal|logistic lean toward max-k')
        .choices(K_DISTRIBUTIONS)
        .default(DEFAULTS.kDist),
    )
    .option('--max-tokens <n>', 'token budget per mosaic: system prompt plus prompt plus response', String(DEFAULTS.maxTokens));
  addTokenizerFlag(command);
  return command
    .option(
      '--chat-template',
      'count each sample as the trainer sees it: the conversation (system, user, assistant) rendered with the chat template of the --tokenizer model folder (tokenizer_config.json), encoded as one text, template tokens included. Without it, system, prompt and response are counted as separate texts, without special tokens',
    )
    .option('--strategies <list>', `comma list of ${STRATEGY_WORDS.join('|')}, each optionally name=weight`, DEFAULTS.strategies)
    .option('--permute-rules <list>', `comma list of ${PERMUTE_RULES.join('|')}, or all`, DEFAULTS.permuteRules)
    .option('--maskout-rules <list>', `comma list of ${MASKOUT_RULES.join('|')}, or all`, DEFAULTS.maskoutRules)
    .option(
      '--lang <name>',
      "language of the meta-instructions: auto (each mosaic's from its instructions' script), en, zh, or a --templates pack's name",
      DEFAULTS.lang,
    )
    .option(
      '--templates <file>',
      'a language pack (YAML or JSON) that adds a language or replaces the built-in pack of its name; repeat for several',
      (file: string, earlier: string[] | undefined) => [...(earlier ?? []), file],
    );
}

/** The build options out of a command's parsed flags. */
export function buildOptionsOf(flags: BuildFlags): BuildFlags {
  const out: Record<string, unknown> = {};
  for (const key of BUILD_FLAG_KEYS) if (flags[key] !== undefined) out[key] = flags[key];
  if (Array.isArray(out.templates) && out.templates.length === 0) delete out.templates;
  return out as unknown as BuildFlags;
}
