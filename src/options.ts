import { z } from 'zod';
import { UsageError } from './errors.js';
import { K_DISTRIBUTIONS, type KDistribution } from './rng/k-distributions.js';
import { parseRuleList, parseStrategies, type StrategyChoice } from './mosaic/strategy-choices.js';
import type { TokenCounter } from './tokens/counter.js';
import { DEFAULT_TOKENIZER, resolveTokenizer, tokenizerFolder } from './tokens/resolve.js';
import { loadChatTemplate, type ChatTemplate } from './tokens/chat-template.js';
import { MASKOUT_RULES, PERMUTE_RULES } from './rule-names.js';
import { builtInPacks } from './language/built-in.js';
import { chooseLanguages, type LanguageChoice } from './language/choice.js';
import { loadPackFile } from './language/pack-file.js';
import { parsePack } from './language/pack-schema.js';
import type { LanguagePack } from './language/pack.js';

/** Defaults, shown in --help and used by the library when an option is left out. */
export const DEFAULTS = {
  seed: 42,
  epochs: 4,
  maxK: 10,
  kDist: 'uniform' as KDistribution,
  maxTokens: 2048,
  tokenizer: DEFAULT_TOKENIZER,
  strategies: 'primary,format,permute,maskout',
  permuteRules: 'all',
  maskoutRules: 'all',
  lang: 'auto',
} as const;

/** What callers may pass: the library takes numbers, the CLI passes the flags' strings. */
export interface AugmentOptions {
  seed?: number | string;
  epochs?: number | string;
  maxK?: number | string;
  kDist?: KDistribution | string;
  maxTokens?: number | string;
  tokenizer?: string | TokenCounter;
  /** Count each sample rendered with the tokenizer folder's chat template. */
  chatTemplate?: boolean;
  strategies?: string;
  permuteRules?: string | readonly string[];
  maskoutRules?: string | readonly string[];
  /** "auto" (each pair's language from its prompt's script) or a pack's name. */
  lang?: string;
  /**
   * Language packs to add, or to replace the built-in pack of the same name: pack files
   * (YAML or JSON, checked at load) or pack objects.
   */
  templates?: string | LanguagePack | ReadonlyArray<string | LanguagePack>;
  /** Receives one-line notices, e.g. that a tokenizer fell back to its pure-JS engine. */
  onNotice?: (message: string) => void;
}

export interface ResolvedAugmentOptions {
  readonly seed: number;
  readonly epochs: number;
  readonly maxK: number;
  readonly kDist: KDistribution;
  readonly maxTokens: number;
  readonly tokenizer: TokenCounter;
  /**
   * The name or path the tokenizer was loaded from; absent when a TokenCounter object was
   * given. A worker thread loads its own counter from it (a counter does not cross threads).
   */
  readonly tokenizerSource?: string;
  /** Set with chatTemplate: samples are counted as this template renders them. */
  readonly chatTemplate: ChatTemplate | null;
  readonly choices: readonly StrategyChoice[];
  /** The packs the run speaks, and which speaks for each pair. */
  readonly languages: LanguageChoice;
  /** Where each user pack came from (for the manifest): a file and its sha256, or "object". */
  readonly packSources: ReadonlyArray<{ readonly name: string; readonly version: string; readonly file: string | null; readonly sha256: string | null }>;
}

/** The flag each option comes from, so a usage error can name it. */
export const FLAG_OF: Readonly<Record<string, string>> = {
  seed: '--seed',
  epochs: '--epochs',
  maxK: '--max-k',
  kDist: '--k-dist',
  maxTokens: '--max-tokens',
  tokenizer: '--tokenizer',
  chatTemplate: '--chat-template',
  strategies: '--strategies',
  permuteRules: '--permute-rules',
  maskoutRules: '--maskout-rules',
  lang: '--lang',
  templates: '--templates',
};

/** Whole numbers only: "12", not "12.5", "1e3" or "12abc". Strings come from flags. */
const wholeNumber = (min: number) =>
  z.preprocess(
    (value) => (typeof value === 'string' && /^\s*\d+\s*$/.test(value) ? Number(value) : value),
    z
      .number({ error: (issue) => `expected a whole number, found ${JSON.stringify(issue.input)}` })
      .int({ error: (issue) => `expected a whole number, found ${JSON.stringify(issue.input)}` })
      .min(min, { error: (issue) => `expected at least ${min}, found ${JSON.stringify(issue.input)}` })
      .max(Number.MAX_SAFE_INTEGER, { error: 'too large' }),
  );

const ruleList = z.union([z.string(), z.array(z.string()).transform((a) => a.join(','))]);

/** The one schema every entry point goes through. */
export const augmentOptionsSchema = z
  .object({
    seed: wholeNumber(0).default(DEFAULTS.seed),
    epochs: wholeNumber(1).default(DEFAULTS.epochs),
    maxK: wholeNumber(1).default(DEFAULTS.maxK),
    kDist: z.enum(K_DISTRIBUTIONS, { error: `expected one of ${K_DISTRIBUTIONS.join(', ')}` }).default(DEFAULTS.kDist),
    maxTokens: wholeNumber(1).default(DEFAULTS.maxTokens),
    tokenizer: z.union([z.string().min(1), z.custom<TokenCounter>(isTokenCounter)]).default(DEFAULTS.tokenizer),
    chatTemplate: z.boolean().default(false),
    strategies: z.string().default(DEFAULTS.strategies),
    permuteRules: ruleList.default(DEFAULTS.permuteRules),
    maskoutRules: ruleList.default(DEFAULTS.maskoutRules),
    lang: z.string().min(1).default(DEFAULTS.lang),
    templates: z
      .union([z.string().min(1), z.custom<LanguagePack>(isPack), z.array(z.union([z.string().min(1), z.custom<LanguagePack>(isPack)]))])
      .optional(),
    onNotice: z.custom<(message: string) => void>((v) => typeof v === 'function').optional(),
  })
  .strict();

/** Validates and normalises options once; everything downstream trusts the result. */
export async function resolveAugmentOptions(input: AugmentOptions = {}): Promise<ResolvedAugmentOptions> {
  const parsed = augmentOptionsSchema.safeParse(input);
  if (!parsed.success) throw usageErrorFrom(parsed.error);
  const o = parsed.data;
  const permuteRules = parseRuleList(o.permuteRules, PERMUTE_RULES, '--permute-rules');
  const maskoutRules = parseRuleList(o.maskoutRules, MASKOUT_RULES, '--maskout-rules');
  const choices = parseStrategies(o.strategies, permuteRules, maskoutRules);
  const tokenizer =
    typeof o.tokenizer === 'string' ? await resolveTokenizer(o.tokenizer, { onNotice: o.onNotice }) : o.tokenizer;
  let chatTemplate: ChatTemplate | null = null;
  if (o.chatTemplate) {
    const folder = typeof o.tokenizer === 'string' ? await tokenizerFolder(o.tokenizer) : null;
    if (folder === null) {
      throw new UsageError('needs --tokenizer to name a model folder (or its tokenizer.json) with a tokenizer_config.json', '--chat-template');
    }
    chatTemplate = await loadChatTemplate(folder);
  }
  const { packs: userPacks, sources: packSources } = await loadUserPacks(o.templates);
  const languages = chooseLanguages(o.lang, builtInPacks(), userPacks);
  const tokenizerSource = typeof o.tokenizer === 'string' ? o.tokenizer : undefined;
  return { seed: o.seed, epochs: o.epochs, maxK: o.maxK, kDist: o.kDist, maxTokens: o.maxTokens, tokenizer, tokenizerSource, chatTemplate, choices, languages, packSources };
}

/** User packs as given: files are loaded, and files and objects alike are checked. */
async function loadUserPacks(templates: string | LanguagePack | ReadonlyArray<string | LanguagePack> | undefined) {
  const given = templates === undefined ? [] : Array.isArray(templates) ? templates : [templates];
  const packs: LanguagePack[] = [];
  const sources: ResolvedAugmentOptions['packSources'][number][] = [];
  for (const t of given as ReadonlyArray<string | LanguagePack>) {
    if (typeof t === 'string') {
      const { pack, sha256 } = await loadPackFile(t);
      packs.push(pack);
      sources.push({ name: pack.name, version: pack.version, file: t, sha256 });
    } else {
      // Objects get the checks a file gets: a library caller's typo is caught the same way.
      const pack = parsePack(t, `pack "${String(t.name)}"`);
      packs.push(pack);
      sources.push({ name: pack.name, version: pack.version, file: null, sha256: null });
    }
  }
  return { packs, sources };
}

function isPack(value: unknown): value is LanguagePack {
  return typeof value === 'object' && value !== null && typeof (value as LanguagePack).name === 'string' && typeof (value as LanguagePack).primary === 'object';
}

/** The first zod issue as one line, naming the flag. */
export function usageErrorFrom(error: z.ZodError): UsageError {
  const issue = error.issues[0];
  const key = String(issue?.path[0] ?? '');
  if (issue?.code === 'unrecognized_keys') {
    const keys = (issue as { keys: string[] }).keys;
    return new UsageError(`unknown option ${keys.map((k) => `"${k}"`).join(', ')}`, keys[0]);
  }
  const flag = FLAG_OF[key] ?? key;
  return new UsageError(`${flag}: ${issue?.message ?? 'invalid value'}`, flag);
}

function isTokenCounter(value: unknown): value is TokenCounter {
  return typeof value === 'object' && value !== null && typeof (value as TokenCounter).count === 'function';
}
