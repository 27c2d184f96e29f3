import type { z } from 'zod';
import type { FieldMap } from './formats/field-keys.js';
import { MULTI_TURN_POLICIES, OUTPUT_FORMATS, type OutputFormat } from './formats/format-names.js';
import { INPUT_FORMATS, type InputFormat } from './formats/input-formats.js';
import { KTO_POLICIES, PREFERENCE_POLICIES } from './formats/preference.js';
import { CONTAINERS } from './io/output-path.js';
import type { InvalidPolicy } from './io/read-pairs.js';
import type { Container } from './io/write-records.js';
import type { LanguagePack } from './language/pack.js';
import { OptionError } from './errors.js';
import { shardFromText, sizeFromText, wholeFromText, type ShardOf } from './option-texts.js';
import type { ResolvedAugmentOptions } from './resolved-options.js';
import { K_DISTRIBUTIONS, type KDistribution } from './rng/k-distributions.js';
import { MASKOUT_RULES, PERMUTE_RULES, type MaskoutRule, type PermuteRule } from './rule-names.js';
import { ruleListFromText, STRATEGY_WORDS, strategiesFromText, type RuleList, type Strategies } from './strategies.js';
import type { TokenCounter } from './tokens/counter.js';
import { EQUAL_WEIGHTS, REJECTION_KINDS, rejectionWeightsFromText, type RejectionWeights } from './preference/rejection.js';
import { DEFAULT_TOKENIZER, TOKENIZER_NAMES } from './tokens/resolve.js';

/**
 * Every augment option, declared once. An entry holds what each consumer needs:
 * - `flags`, `description`, `choices`, `default`: commander's flag (cli/augment-flags.ts),
 *   for the commands in `commands`, in the order of `group` then of this table;
 * - `value`: the zod schema of the library's typed value (options.ts builds
 *   augmentOptionsSchema from the build group); `default` is the library's default too;
 *   written as a function of zod, built on first use (option-schemas.ts), so that what
 *   only shows flags (--help, --version) never loads zod;
 * - `fromText`: the flag's text (or a config file's string) to that value, when the text
 *   is not already the value (numbers, lists, sizes);
 * - `config`: the shapes a config file may give, turned into what the flag would hold,
 *   when they are more than a string or the value itself (cli/config-file.ts; the key
 *   is the long flag name), a function of zod too;
 * - `manifest`: the fields it contributes to a manifest's options, or why it has none
 *   (cli/manifest.ts).
 * The key is the library's name for the option and commander's attribute name.
 */

/** The commands that take options from this table; augment takes every one. */
export type OptionCommand = 'augment' | 'preview' | 'inspect' | 'validate' | 'check' | 'eval build' | 'count';

/**
 * What an option is about. Help lists the groups in this order, and a manifest
 * lists build, then read, then output options.
 */
export const OPTION_GROUPS = ['output', 'read', 'build', 'run'] as const;
export type OptionGroup = (typeof OPTION_GROUPS)[number];

/** A manifest's options: what shaped the mosaics, how inputs were read, how they were written. */
export const MANIFEST_GROUPS: readonly OptionGroup[] = ['build', 'read', 'output', 'run'];

/** What a manifest's options are made of, as a run has them at its end. */
export interface ManifestSources {
  readonly resolved: ResolvedAugmentOptions;
  /** The read options as given (the --map text, not the parsed map); absent: the default. */
  readonly reading: {
    readonly format?: InputFormat;
    readonly map?: string;
    readonly multiTurn?: string;
    readonly onInvalid?: string;
    readonly preference?: string;
    readonly ktoUndesirable?: string;
  };
  /** The output as written: the format and container decided, not only those asked for. */
  readonly writing: {
    readonly to: OutputFormat;
    readonly container: Container;
    readonly gzip: boolean;
    readonly meta: boolean;
    readonly shard?: ShardOf;
    /** Preference formats only: the weights the rejected responses were drawn with. */
    readonly rejectWith?: RejectionWeights;
  };
}

/** An option's fields in a manifest, or why it has none (it never changes the output). */
export type ManifestRule = { readonly fields: (run: ManifestSources) => Record<string, unknown> } | { readonly omitted: string };

/** zod itself, handed to an option's schema when it is first built (option-schemas.ts). */
export type Zod = typeof z;

/**
 * A zod schema, built when first asked for: the table imports zod's types only. Entries
 * name the parameter `zod`: one named `z` would hide the type namespace `z` in the
 * emitted declarations, which then cannot name the schemas' types.
 */
export type Schema<T = unknown> = (zod: Zod) => z.ZodType<T>;

export interface OptionSpec {
  /** As commander takes them: `--max-k <n>`, `-o, --output <file>`, `--no-progress`. */
  readonly flags: string;
  readonly description: string;
  /** The help of a command where `description` (augment's) would mislead: what the flag does there. */
  readonly descriptionFor?: Partial<Record<OptionCommand, string>>;
  readonly group: OptionGroup;
  readonly commands: readonly OptionCommand[];
  readonly choices?: readonly string[];
  /** The library's default, shown in help as the flag's text. */
  readonly default?: unknown;
  readonly value: Schema;
  readonly fromText?: (text: string, key: string) => unknown;
  /** Each use of the flag adds one value (commander holds a list of texts). */
  readonly repeatable?: boolean;
  readonly config?: Schema<string | boolean | readonly string[]>;
  readonly manifest: ManifestRule;
}

// Written out rather than imported: io/read-pairs.js would load the whole reading stack
// (Parquet included) into every worker thread that resolves options. A test checks it
// against read-pairs' INVALID_POLICIES.
const INVALID_POLICIES = ['fail', 'skip'] as const satisfies readonly InvalidPolicy[];

const NON_EMPTY = 'expected a non-empty string';
const text = (zod: Zod) => zod.string().min(1, { error: NON_EMPTY });
const textOrList = (zod: Zod) => zod.union([text(zod), zod.array(text(zod)).min(1)]);

/** Whole numbers from `min` (to `max`), saying what was found when it is something else. */
function whole(min: number, max?: number) {
  const found = (input: unknown) => JSON.stringify(input);
  return (zod: Zod) => {
    const n = zod
      .number({ error: (issue) => `expected a whole number, found ${found(issue.input)}` })
      .int({ error: (issue) => `expected a whole number, found ${found(issue.input)}` })
      .min(min, { error: (issue) => `expected at least ${min}, found ${found(issue.input)}` });
    return max === undefined ? n : n.max(max, { error: (issue) => `expected at most ${max}, found ${found(issue.input)}` });
  };
}

/** A number flag's text: digits only, or the same "expected a whole number" the schema gives. */
function wholeText(textValue: string, key: string): number {
  const n = wholeFromText(textValue);
  if (typeof n === 'string') throw new OptionError(key, `expected a whole number, found ${JSON.stringify(n)}`);
  return n;
}

/** A config file may give a count as a number or as the flag's text. */
const countOrText = (zod: Zod) => zod.union([text(zod), zod.number().int().positive()]).transform(String);

const choice =
  <T extends readonly [string, ...string[]]>(values: T, message?: string) =>
  (zod: Zod) =>
    message === undefined ? zod.enum(values) : zod.enum(values, { error: message });

const isPack = (value: unknown): value is LanguagePack =>
  typeof value === 'object' && value !== null && typeof (value as LanguagePack).name === 'string' && typeof (value as LanguagePack).primary === 'object';

const isTokenCounter = (value: unknown): value is TokenCounter =>
  typeof value === 'object' && value !== null && typeof (value as TokenCounter).count === 'function';

const ruleList =
  <R extends string>() =>
  (zod: Zod) =>
    zod.union([zod.literal('all'), zod.array(zod.string()).min(1)], {
      error: (issue) => `expected a list of rule names or "all", found ${JSON.stringify(issue.input)}`,
    }) as unknown as z.ZodType<RuleList<R>>;

const KEPT_OFF = 'a file beside the output; the output is the same with or without it';

export const OPTIONS = {
  // --- where the mosaics go
  output: {
    flags: '-o, --output <file>',
    description:
      'output file (required): .jsonl JSON Lines, .json a JSON array, .parquet Parquet; .jsonl.gz and .json.gz are gzipped; "-" writes JSON Lines to stdout',
    descriptionFor: { count: 'the counts file to write (required); its parts, made with --shard, concatenate into one' },
    group: 'output',
    commands: ['augment', 'eval build', 'count'],
    value: text,
    config: text,
    manifest: { omitted: 'the manifest describes the output file itself, beside the options' },
  },
  to: {
    flags: '--to <format>',
    description: "output format (default: the input's family; dolly gives alpaca)",
    group: 'output',
    commands: ['augment'],
    choices: OUTPUT_FORMATS,
    value: choice(OUTPUT_FORMATS) as Schema<OutputFormat>,
    manifest: { fields: (run) => ({ to: run.writing.to }) },
  },
  outputFormat: {
    flags: '--output-format <container>',
    description: 'output container, instead of the one the file name implies',
    group: 'output',
    commands: ['augment'],
    choices: CONTAINERS,
    value: choice(CONTAINERS as readonly Container[] as [Container, ...Container[]]) as Schema<Container>,
    // The container written, whether given or implied by the name, and its compression.
    manifest: { fields: (run) => ({ outputFormat: run.writing.container, compression: run.writing.gzip ? 'gzip' : null }) },
  },
  datasetInfo: {
    flags: '--dataset-info <file>',
    description: "also write (or add to) a LLaMA-Factory dataset_info.json with an entry for the output, named after the output file",
    group: 'output',
    commands: ['augment'],
    value: text,
    config: text,
    manifest: { omitted: KEPT_OFF },
  },
  rejectWith: {
    flags: '--reject-with <kinds>',
    description: `preference output (--to dpo, dpo-sharegpt, dpo-trl): how each rejected response breaks its meta-instruction, a comma list of ${REJECTION_KINDS.join('|')}, each optionally kind=weight; kinds left out are not drawn`,
    group: 'output',
    commands: ['augment'],
    default: EQUAL_WEIGHTS,
    value: (zod) =>
      zod
        .partialRecord(zod.enum(REJECTION_KINDS, { error: `expected kinds among ${REJECTION_KINDS.join(', ')}` }), zod.number().min(0))
        .refine((w) => Object.values(w).some((n) => n > 0), { error: 'expected at least one kind with a weight above 0' })
        .transform((w) => Object.fromEntries(REJECTION_KINDS.map((k) => [k, w[k] ?? 0])) as RejectionWeights) as unknown as z.ZodType<RejectionWeights>,
    fromText: (t, key) => rejectionWeightsFromText(t, key),
    config: (zod) =>
      zod
        .union([text(zod), zod.array(text(zod)).min(1), zod.record(zod.string(), zod.number().min(0))])
        .transform((v) => (typeof v === 'string' ? v : Array.isArray(v) ? v.join(',') : Object.entries(v).map(([k, w]) => `${k}=${w}`).join(','))),
    // Only preference output draws rejections: other runs' manifests stay as they were.
    manifest: { fields: (run) => (run.writing.rejectWith ? { rejectWith: run.writing.rejectWith } : {}) },
  },
  meta: {
    flags: '--meta',
    description: 'add provenance to each record: epoch, sources, strategy, rule, order, masked, numbered, tokens',
    group: 'output',
    commands: ['augment'],
    value: (zod) => zod.boolean(),
    manifest: { fields: (run) => ({ meta: run.writing.meta }) },
  },
  manifest: {
    flags: '--manifest <file>',
    description: 'write a JSON manifest to rebuild and audit the output: version, resolved options, sha256 and records of every input and of the output, counts',
    group: 'output',
    commands: ['augment'],
    value: text,
    config: text,
    manifest: { omitted: KEPT_OFF },
  },
  summaryJson: {
    flags: '--summary-json <file>',
    description: 'write the end-of-run summary as JSON',
    group: 'output',
    commands: ['augment'],
    value: text,
    config: text,
    manifest: { omitted: KEPT_OFF },
  },
  rejects: {
    flags: '--rejects <file>',
    description:
      'write one JSON line for every record left out of the mosaics (invalid, skipped, or over the budget): its file and line or index, its source index, the reason, and for budget drops its token count',
    group: 'output',
    commands: ['augment'],
    value: text,
    config: text,
    manifest: { omitted: KEPT_OFF },
  },
  shard: {
    flags: '--shard <i/n>',
    description:
      'write only run i of n (i from 0): the n outputs, concatenated in order of i, are the unsharded output byte for byte; JSON Lines output only',
    descriptionFor: {
      count: 'count only part i of n (i from 0): pairs [N*i/n, N*(i+1)/n) of the N pairs (every pair is still read); the n parts, concatenated in any order, are one counts file',
    },
    group: 'output',
    commands: ['augment', 'count'],
    value: (zod) =>
      zod
        .object({ index: zod.number().int().min(0), count: zod.number().int().min(1) })
        .refine((s) => s.index < s.count, { error: 'expected index < count' }) as z.ZodType<ShardOf>,
    fromText: (t, key) => shardFromText(t, key),
    config: text,
    // Which part of the whole this output is; null for the whole.
    manifest: { fields: (run) => ({ shard: run.writing.shard ? `${run.writing.shard.index}/${run.writing.shard.count}` : null }) },
  },

  // --- how inputs are read
  format: {
    flags: '--format <name>',
    description: 'input format of every file (default: detected per file from its first record)',
    group: 'read',
    commands: ['augment', 'preview', 'inspect', 'validate', 'check', 'eval build', 'count'],
    choices: INPUT_FORMATS,
    value: choice(INPUT_FORMATS),
    manifest: { fields: (run) => ({ format: run.reading.format ?? 'detected' }) },
  },
  map: {
    flags: '--map <fields>',
    description:
      'custom field and role names, key=name,...: prompt, input, response, system, history, messages (record fields); role, content (message fields); user-role, assistant-role, system-role (role values). E.g. --map prompt=question,response=answer. A record field may be a path: a.b.0.c reads inside objects and lists; one "*" step makes a pair per list element (--map input=instances.*.input,response=instances.*.output); \\. is a dot in a name',
    group: 'read',
    commands: ['augment', 'preview', 'inspect', 'validate', 'check', 'eval build', 'count'],
    // ReadOptions takes a FieldMap or its text; the CLI parses the text (cli/read-inputs.ts).
    value: (zod) => zod.union([text(zod), zod.record(zod.string(), text(zod))]) as z.ZodType<FieldMap | string>,
    config: (zod) =>
      zod
        .union([text(zod), zod.record(zod.string(), text(zod))])
        .transform((v) => (typeof v === 'string' ? v : Object.entries(v).map(([key, name]) => `${key}=${name}`).join(','))),
    // As given: the text is what a rebuild passes again.
    manifest: { fields: (run) => ({ map: run.reading.map ?? null }) },
  },
  multiTurn: {
    flags: '--multi-turn <policy>',
    description: 'conversations with several exchanges: skip them, take the first exchange, or split every exchange into its own pair',
    group: 'read',
    commands: ['augment', 'preview', 'inspect', 'validate', 'check', 'eval build', 'count'],
    choices: MULTI_TURN_POLICIES,
    default: 'skip',
    value: choice(MULTI_TURN_POLICIES),
    manifest: { fields: (run) => ({ multiTurn: run.reading.multiTurn ?? 'skip' }) },
  },
  onInvalid: {
    flags: '--on-invalid <policy>',
    description:
      'a record with bad JSON or UTF-8, a repeated key, or a missing, mistyped or empty field: fail names it and stops; skip leaves it out and counts it by reason',
    group: 'read',
    // inspect and validate look at every record as it is; only commands that build (or count for a build) choose.
    commands: ['augment', 'preview', 'count'],
    choices: INVALID_POLICIES,
    default: 'fail',
    value: choice(INVALID_POLICIES),
    manifest: { fields: (run) => ({ onInvalid: run.reading.onInvalid ?? 'fail' }) },
  },
  preference: {
    flags: '--preference <answer>',
    description:
      'preference records (DPO/ORPO: "chosen" and "rejected"): skip them, or read each with its chosen answer as the response (the rejected one is never used)',
    group: 'read',
    commands: ['augment', 'preview', 'inspect', 'validate', 'check', 'eval build', 'count'],
    choices: PREFERENCE_POLICIES,
    default: 'skip',
    value: choice(PREFERENCE_POLICIES),
    manifest: { fields: (run) => ({ preference: run.reading.preference ?? 'skip' }) },
  },
  ktoUndesirable: {
    flags: '--kto-undesirable <policy>',
    description: 'KTO records labelled false ("label": false, an answer marked undesirable): skip them, or keep them as ordinary pairs',
    group: 'read',
    commands: ['augment', 'preview', 'inspect', 'validate', 'check', 'eval build', 'count'],
    choices: KTO_POLICIES,
    default: 'skip',
    value: choice(KTO_POLICIES),
    manifest: { fields: (run) => ({ ktoUndesirable: run.reading.ktoUndesirable ?? 'skip' }) },
  },

  // --- how mosaics are built
  seed: {
    flags: '--seed <n>',
    description: 'random seed; same data, options and seed give the same bytes',
    group: 'build',
    commands: ['augment', 'preview', 'eval build'],
    default: 42,
    value: whole(0),
    fromText: wholeText,
    manifest: { fields: (run) => ({ seed: run.resolved.seed }) },
  },
  epochs: {
    flags: '--epochs <n>',
    description: 'independent shuffle-and-mosaic passes over all pairs',
    group: 'build',
    commands: ['augment', 'preview'],
    default: 4,
    value: whole(1),
    fromText: wholeText,
    manifest: { fields: (run) => ({ epochs: run.resolved.epochs }) },
  },
  maxK: {
    flags: '--max-k <n>',
    description: 'most pairs in one mosaic',
    group: 'build',
    commands: ['augment', 'preview'],
    default: 10,
    value: whole(1),
    fromText: wholeText,
    manifest: { fields: (run) => ({ maxK: run.resolved.maxK }) },
  },
  kDist: {
    flags: '--k-dist <name>',
    description:
      'how the number of pairs per mosaic is drawn: uniform 1..max-k; fixed = max-k; all = as many as fit; exp|pareto|lognormal|logistic lean toward max-k',
    group: 'build',
    commands: ['augment', 'preview'],
    choices: K_DISTRIBUTIONS,
    default: 'uniform' as KDistribution,
    value: choice(K_DISTRIBUTIONS, `expected one of ${K_DISTRIBUTIONS.join(', ')}`),
    manifest: { fields: (run) => ({ kDist: run.resolved.kDist }) },
  },
  maxTokens: {
    flags: '--max-tokens <n>',
    description: 'token budget per mosaic: system prompt plus prompt plus response',
    group: 'build',
    commands: ['augment', 'preview', 'check'],
    default: 2048,
    value: whole(1),
    fromText: wholeText,
    manifest: { fields: (run) => ({ maxTokens: run.resolved.maxTokens }) },
  },
  tokenizer: {
    flags: '--tokenizer <name|path>',
    description: `how tokens are counted, offline: ${TOKENIZER_NAMES.join(', ')}, a tokenizer.json, or a model folder holding one. Each text (system, prompt, response) is counted without special tokens; approx is a fast estimate, not a model's count`,
    group: 'build',
    commands: ['augment', 'preview', 'inspect', 'check', 'count'],
    default: DEFAULT_TOKENIZER as string,
    value: (zod) => zod.union([zod.string().min(1), zod.custom<TokenCounter>(isTokenCounter)]),
    config: text,
    manifest: { fields: (run) => ({ tokenizer: run.resolved.tokenizer.name }) },
  },
  chatTemplate: {
    flags: '--chat-template',
    description:
      'count each sample as the trainer sees it: the conversation (system, user, assistant) rendered with the chat template of the --tokenizer model folder (tokenizer_config.json), encoded as one text, template tokens included. Without it, system, prompt and response are counted as separate texts, without special tokens',
    group: 'build',
    commands: ['augment', 'preview', 'check', 'count'],
    value: (zod) => zod.boolean(),
    manifest: { fields: (run) => ({ chatTemplate: run.resolved.chatTemplate !== null }) },
  },
  strategies: {
    flags: '--strategies <list>',
    description: `comma list of ${STRATEGY_WORDS.join('|')}, each optionally name=weight`,
    group: 'build',
    commands: ['augment', 'preview'],
    default: ['primary', 'format', 'permute', 'maskout'] as Strategies,
    // Names and weights are checked when resolved (strategyChoices), for every caller.
    value: (zod) =>
      zod.union([zod.array(zod.string()).min(1), zod.record(zod.string(), zod.number())], {
        error: (issue) => `expected a list of names or an object of name: weight, found ${JSON.stringify(issue.input)}`,
      }) as z.ZodType<Strategies>,
    fromText: (t) => strategiesFromText(t),
    config: (zod) =>
      zod
        .union([text(zod), zod.array(text(zod)).min(1), zod.record(zod.string(), zod.number().positive())])
        .transform((v) => (typeof v === 'string' ? v : Array.isArray(v) ? v.join(',') : Object.entries(v).map(([name, w]) => `${name}=${w}`).join(','))),
    manifest: { fields: (run) => ({ strategies: Object.fromEntries(run.resolved.choices.map((c) => [c.label, c.weight])) }) },
  },
  permuteRules: {
    flags: '--permute-rules <list>',
    description: `comma list of ${PERMUTE_RULES.join('|')}, or all`,
    group: 'build',
    commands: ['augment', 'preview'],
    default: 'all' as RuleList<PermuteRule>,
    value: ruleList<PermuteRule>(),
    fromText: (t) => ruleListFromText(t),
    config: (zod) => textOrList(zod).transform((v) => (Array.isArray(v) ? v.join(',') : v)),
    // The list as the plain permute entry took it; null when no entry uses it (aliases
    // such as reverse carry their own rule).
    manifest: { fields: (run) => ({ permuteRules: run.resolved.choices.find((c) => c.label === 'permute')?.rules ?? null }) },
  },
  maskoutRules: {
    flags: '--maskout-rules <list>',
    description: `comma list of ${MASKOUT_RULES.join('|')}, or all`,
    group: 'build',
    commands: ['augment', 'preview'],
    default: 'all' as RuleList<MaskoutRule>,
    value: ruleList<MaskoutRule>(),
    fromText: (t) => ruleListFromText(t),
    config: (zod) => textOrList(zod).transform((v) => (Array.isArray(v) ? v.join(',') : v)),
    manifest: { fields: (run) => ({ maskoutRules: run.resolved.choices.find((c) => c.label === 'maskout')?.rules ?? null }) },
  },
  lang: {
    flags: '--lang <name>',
    description: "language of the meta-instructions: auto (each mosaic's from its instructions' script), en, zh, or a --templates pack's name",
    group: 'build',
    commands: ['augment', 'preview', 'eval build'],
    default: 'auto',
    value: (zod) => zod.string().min(1),
    config: text,
    manifest: {
      fields: ({ resolved: { languages } }) => ({
        lang: languages.fixed === null ? 'auto' : (languages.packs[languages.fixed] as { name: string }).name,
      }),
    },
  },
  templates: {
    flags: '--templates <file>',
    description: 'a language pack (YAML or JSON) that adds a language or replaces the built-in pack of its name; repeat for several',
    group: 'build',
    commands: ['augment', 'preview', 'check', 'eval build'],
    repeatable: true,
    value: (zod) =>
      zod.union([text(zod), zod.custom<LanguagePack>(isPack), zod.array(zod.union([text(zod), zod.custom<LanguagePack>(isPack)]))]) as z.ZodType<
      string | LanguagePack | ReadonlyArray<string | LanguagePack>
    >,
    config: (zod) => textOrList(zod).transform((v) => (typeof v === 'string' ? [v] : v)),
    // Every pack the run could speak: built-in ones by name and version, files by sha256.
    manifest: {
      fields: ({ resolved }) => ({
        packs: resolved.languages.packs.map((pack) => {
          const user = resolved.packSources.find((s) => s.name === pack.name);
          return user ? { name: pack.name, version: pack.version, file: user.file, sha256: user.sha256 } : { name: pack.name, version: pack.version, builtIn: true };
        }),
      }),
    },
  },

  // --- how the run goes: none of these changes the output
  threads: {
    flags: '--threads <n>',
    description:
      'worker threads that build mosaics with a counter that answers at once (approx, o200k_base, cl100k_base); 1: the main thread only; same output for any n (default: from the work: one per CPU when the input is past where workers were measured faster, about 200 MB for approx and 20 MB for o200k_base or cl100k_base at 4 epochs; else 1)',
    group: 'run',
    commands: ['augment'],
    value: whole(1, 256),
    fromText: wholeText,
    config: countOrText,
    manifest: { omitted: 'the output is the same for any number of threads' },
  },
  memory: {
    flags: '--memory <size>',
    description:
      'memory for pair texts (512M, 4G, ...); past it they are kept in a temporary file beside the output and read back as needed; same output either way (default: 1/8 of RAM, at most 1/4 of the JS heap)',
    descriptionFor: {
      count: 'with --shard: memory for the pair texts kept until every pair is read (512M, 4G, ...); past it they wait in a temporary file beside the output (default: 1/8 of RAM, at most 1/4 of the JS heap)',
    },
    group: 'run',
    commands: ['augment', 'count'],
    value: whole(1),
    fromText: (t, key) => sizeFromText(t, key),
    config: countOrText,
    manifest: { omitted: 'it changes where texts wait, never the output' },
  },
  progress: {
    flags: '--no-progress',
    description: 'draw no progress bar (one is drawn only when stderr is a terminal)',
    group: 'run',
    commands: ['augment'],
    default: true,
    value: (zod) => zod.boolean(),
    manifest: { omitted: 'what is drawn on stderr, not written' },
  },
  counts: {
    flags: '--counts <file>',
    description:
      "take every pair's token counts from a counts file (mosaic-it count) instead of counting: made from the same inputs, read alike, with the same --tokenizer and --chat-template, or refused; same output as counting",
    group: 'run',
    commands: ['augment'],
    value: text,
    config: text,
    manifest: { omitted: 'the output is the same bytes as counting in place' },
  },
  quiet: {
    flags: '-q, --quiet',
    description: 'no progress bar and no summary',
    descriptionFor: { count: 'no summary line' },
    group: 'run',
    commands: ['augment', 'count'],
    value: (zod) => zod.boolean(),
    manifest: { omitted: 'what is drawn on stderr, not written' },
  },
} as const satisfies Record<string, OptionSpec>;

type Table = typeof OPTIONS;
export type OptionKey = keyof Table;

/** The library's value of an option. */
export type ValueOf<K extends OptionKey> = z.output<ReturnType<Table[K]['value']>>;

/** The options of a group (and of a command), in table order. */
export type KeysOf<G extends OptionGroup, C extends OptionCommand = OptionCommand> = {
  [K in OptionKey]: Table[K]['group'] extends G ? (C extends Table[K]['commands'][number] ? K : never) : never;
}[OptionKey];

/** What commander holds for an option: a list for a repeatable flag, a switch's boolean, else its text. */
type FlagValue<K extends OptionKey> = Table[K] extends { repeatable: true }
  ? string[]
  : [ValueOf<K>] extends [boolean]
    ? boolean
    : [ValueOf<K>] extends [string]
      ? ValueOf<K>
      : string;

/** Commander's values for some options: present when the option has a default. */
export type FlagsOf<K extends OptionKey> = { [P in K as Table[P] extends { default: unknown } ? P : never]: FlagValue<P> } & {
  [P in K as Table[P] extends { default: unknown } ? never : P]?: FlagValue<P>;
};

export const OPTION_KEYS = Object.keys(OPTIONS) as OptionKey[];

/** The option keys of one group, in table order (optionally only those a command takes). */
export function keysOf<G extends OptionGroup>(group: G, command?: OptionCommand): Array<KeysOf<G>> {
  return OPTION_KEYS.filter((key) => {
    const spec: OptionSpec = OPTIONS[key];
    return spec.group === group && (command === undefined || spec.commands.includes(command));
  }) as Array<KeysOf<G>>;
}

/** The options a command takes, group by group in OPTION_GROUPS order (as its help lists them). */
export function keysFor(command: OptionCommand): OptionKey[] {
  return OPTION_GROUPS.flatMap((group) => keysOf(group, command));
}

export function specOf(key: OptionKey): OptionSpec {
  return OPTIONS[key];
}

/** The option's help on a command: its own there, or the common one. */
export function descriptionOf(key: OptionKey, command: OptionCommand): string {
  const spec: OptionSpec = OPTIONS[key];
  return spec.descriptionFor?.[command] ?? spec.description;
}

/** The long flag (`--max-k`, `--no-progress`): how the CLI names the option. */
export function flagOf(key: OptionKey): string {
  return /--[\w-]+/.exec(OPTIONS[key].flags)?.[0] ?? key;
}

/** A config file's key for the option: the long flag's name (`max-k`; `progress` for --no-progress). */
export function configKeyOf(key: OptionKey): string {
  return flagOf(key).replace(/^--(no-)?/, '');
}

/** A value as the flag's text would give it: numbers and lists written out. */
export function textOf(value: unknown): unknown {
  if (typeof value === 'number') return String(value);
  if (Array.isArray(value)) return value.join(',');
  if (typeof value === 'object' && value !== null) {
    return Object.entries(value as Record<string, unknown>)
      .map(([name, v]) => `${name}=${String(v)}`)
      .join(',');
  }
  return value;
}

/**
 * One option's value from commander's (the flag's text, a switch, a repeatable flag's
 * texts) to the library's: parsed by the option's `fromText`, not yet checked (the
 * library checks, so a caller passing typed values meets the same checks).
 */
export function valueFromFlag(key: OptionKey, flagValue: unknown): unknown {
  const spec: OptionSpec = OPTIONS[key];
  if (flagValue === undefined) return undefined;
  if (spec.repeatable && Array.isArray(flagValue)) return flagValue.length === 0 ? undefined : flagValue;
  if (typeof flagValue === 'string' && spec.fromText) return spec.fromText(flagValue, key);
  return flagValue;
}
