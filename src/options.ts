import { z } from 'zod';
import { UsageError, keyedTo, OptionError } from './errors.js';
import { valueSchema } from './option-schemas.js';
import { keysOf, OPTIONS, specOf, type KeysOf, type OptionGroup, type ValueOf } from './option-table.js';
import type { ResolvedAugmentOptions } from './resolved-options.js';
import { checkedRules, strategyChoices } from './strategies.js';
import { resolveTokenizer, tokenizerFolder } from './tokens/resolve.js';
import { loadChatTemplate, type ChatTemplate } from './tokens/chat-template.js';
import { MASKOUT_RULES, PERMUTE_RULES } from './rule-names.js';
import { builtInPacks } from './language/built-in.js';
import { chooseLanguages } from './language/choice.js';
import { loadPackFile } from './language/pack-file.js';
import { parsePack } from './language/pack-schema.js';
import type { LanguagePack } from './language/pack.js';

export type { ResolvedAugmentOptions } from './resolved-options.js';

type BuildKey = KeysOf<'build'>;

/**
 * What a library caller passes to build mosaics: typed values (numbers for numbers,
 * lists or { name: weight } for strategies, lists of rule names or 'all' for rules), each
 * optional; the option table (option-table.ts) declares them and their defaults.
 */
export type AugmentOptions = { [K in BuildKey]?: ValueOf<K> } & {
  /** Receives one-line notices, e.g. that a tokenizer fell back to its pure-JS engine. */
  onNotice?: (message: string) => void;
};

const BUILD_KEYS = keysOf('build');

/** The library's defaults, from the option table. */
export const DEFAULTS = Object.fromEntries(
  BUILD_KEYS.flatMap((key) => {
    const spec = specOf(key);
    return 'default' in spec ? [[key, spec.default]] : [];
  }),
) as { readonly [K in BuildKey as (typeof OPTIONS)[K] extends { default: unknown } ? K : never]: ValueOf<K> };

/** The typed values of one group of options, each checked, defaults filled in. */
export function optionsSchema<G extends OptionGroup>(group: G) {
  const shape: Record<string, z.ZodType> = {};
  for (const key of keysOf(group)) {
    const spec = specOf(key);
    const value = valueSchema(key) as z.ZodType;
    shape[key] = 'default' in spec ? value.default(spec.default as never) : value.optional();
  }
  return z.object(shape).strict() as unknown as z.ZodType<{ [K in KeysOf<G>]: ValueOf<K> }>;
}

/** The one schema every caller's build options go through. */
export const augmentOptionsSchema = (optionsSchema('build') as unknown as z.ZodObject)
  .extend({ onNotice: z.custom<(message: string) => void>((v) => typeof v === 'function').optional() })
  .strict();

/** Validates and normalises options once; everything downstream trusts the result. */
export async function resolveAugmentOptions(input: AugmentOptions = {}): Promise<ResolvedAugmentOptions> {
  const parsed = augmentOptionsSchema.safeParse(input);
  if (!parsed.success) throw optionErrorFrom(parsed.error);
  const o = parsed.data as { [K in BuildKey]: ValueOf<K> } & { onNotice?: (message: string) => void };
  const permuteRules = checkedRules(o.permuteRules, PERMUTE_RULES, 'permuteRules');
  const maskoutRules = checkedRules(o.maskoutRules, MASKOUT_RULES, 'maskoutRules');
  const choices = strategyChoices(o.strategies, permuteRules, maskoutRules);
  const tokenizer =
    typeof o.tokenizer === 'string' ? await keyedTo('tokenizer', () => resolveTokenizer(o.tokenizer as string, { onNotice: o.onNotice })) : o.tokenizer;
  let chatTemplate: ChatTemplate | null = null;
  if (o.chatTemplate) {
    const folder = typeof o.tokenizer === 'string' ? await tokenizerFolder(o.tokenizer) : null;
    if (folder === null) {
      throw new OptionError(
        'chatTemplate',
        (name) => `needs ${name('tokenizer')} to name a model folder (or its tokenizer.json) with a tokenizer_config.json`,
      );
    }
    chatTemplate = await loadChatTemplate(folder);
  }
  const { packs: userPacks, sources: packSources } = await keyedTo('templates', () => loadUserPacks(o.templates));
  const languages = await keyedTo('lang', () => chooseLanguages(o.lang, builtInPacks(), userPacks));
  const tokenizerSource = typeof o.tokenizer === 'string' ? o.tokenizer : undefined;
  return { seed: o.seed, epochs: o.epochs, maxK: o.maxK, kDist: o.kDist, maxTokens: o.maxTokens, tokenizer, tokenizerSource, chatTemplate, choices, languages, packSources };
}

/** User packs as given: files are loaded, and files and objects alike are checked. */
async function loadUserPacks(templates: ValueOf<'templates'> | undefined) {
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

/** The first zod issue as one line, naming the option by its key. */
export function optionErrorFrom(error: z.ZodError): UsageError {
  const issue = error.issues[0];
  if (issue?.code === 'unrecognized_keys') {
    // Not an option of the table, so there is no key to name it by: the message says it.
    const keys = (issue as { keys: string[] }).keys;
    return new UsageError(`unknown option ${keys.map((k) => `"${k}"`).join(', ')}`);
  }
  return new OptionError(String(issue?.path[0] ?? ''), issue?.message ?? 'invalid value');
}
