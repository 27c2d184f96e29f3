import type { Command } from 'commander';
import { z } from 'zod';
import { UsageError } from '../errors.js';
import { MULTI_TURN_POLICIES, OUTPUT_FORMATS } from '../formats/format-names.js';
import { INPUT_FORMATS } from '../formats/input-formats.js';
import { CONTAINERS } from '../io/output-path.js';
import { readSettingsFile } from '../io/settings-file.js';
import { INVALID_POLICIES } from '../io/read-pairs.js';
import { KTO_POLICIES, PREFERENCE_POLICIES } from '../formats/preference.js';
import { augmentOptionsSchema } from '../options.js';

const FLAG = '--config';

const text = z.string().min(1, { error: 'expected a non-empty string' });
const list = z.union([text, z.array(text).min(1)]).transform((v) => (Array.isArray(v) ? v.join(',') : v));
const build = augmentOptionsSchema.shape;

/**
 * Every key a config file may hold: the long names of augment's flags, plus `inputs`.
 * Each value is checked here (the build options by the same zod schema the library
 * uses) and turned into the very value the flag would have given, so a config file and
 * the equivalent flags produce the same run, byte for byte.
 */
const KEYS = {
  inputs: z.union([text, z.array(text).min(1)]).transform((v) => (Array.isArray(v) ? v : [v])),
  output: text,
  format: z.enum(INPUT_FORMATS),
  map: z
    .union([text, z.record(z.string(), text)])
    .transform((v) => (typeof v === 'string' ? v : Object.entries(v).map(([key, name]) => `${key}=${name}`).join(','))),
  'multi-turn': z.enum(MULTI_TURN_POLICIES),
  'on-invalid': z.enum(INVALID_POLICIES),
  preference: z.enum(PREFERENCE_POLICIES),
  'kto-undesirable': z.enum(KTO_POLICIES),
  to: z.enum(OUTPUT_FORMATS),
  'output-format': z.enum(CONTAINERS),
  'dataset-info': text,
  manifest: text,
  'summary-json': text,
  rejects: text,
  shard: text,
  memory: z.union([text, z.number().int().positive()]).transform(String),
  threads: z.union([text, z.number().int().positive()]).transform(String),
  seed: build.seed,
  epochs: build.epochs,
  'max-k': build.maxK,
  'k-dist': build.kDist,
  'max-tokens': build.maxTokens,
  tokenizer: text,
  'chat-template': z.boolean(),
  strategies: z
    .union([text, z.array(text).min(1), z.record(z.string(), z.number().positive())])
    .transform((v) => (typeof v === 'string' ? v : Array.isArray(v) ? v.join(',') : Object.entries(v).map(([name, w]) => `${name}=${w}`).join(','))),
  'permute-rules': list,
  'maskout-rules': list,
  lang: text,
  templates: z.union([text, z.array(text).min(1)]).transform((v) => (typeof v === 'string' ? [v] : v)),
  meta: z.boolean(),
  quiet: z.boolean(),
  progress: z.boolean(),
} as const;

type ConfigKey = keyof typeof KEYS;
export const CONFIG_KEYS = Object.keys(KEYS) as ConfigKey[];

/** A config file's settings, keyed by commander's attribute names, plus the inputs. */
export interface ConfigSettings {
  readonly inputs?: string[];
  readonly values: ReadonlyMap<string, unknown>;
}

/** Reads and checks a JSON or YAML config file (YAML unless the name ends in .json). */
export async function loadConfig(path: string): Promise<ConfigSettings> {
  const { value: document } = await readSettingsFile(path, FLAG);
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new UsageError(`${path}: expected a mapping of option names to values`, FLAG);
  }
  const values = new Map<string, unknown>();
  let inputs: string[] | undefined;
  for (const [key, raw] of Object.entries(document)) {
    if (!(key in KEYS)) {
      throw new UsageError(`${path}: unknown key "${key}"; accepted: ${CONFIG_KEYS.join(', ')}`, FLAG);
    }
    const parsed = (KEYS[key as ConfigKey] as z.ZodType).safeParse(raw);
    if (!parsed.success) {
      throw new UsageError(`${path}: "${key}": ${parsed.error.issues[0]?.message ?? 'invalid value'}`, FLAG);
    }
    if (key === 'inputs') inputs = parsed.data as string[];
    // Flags hand numbers over as strings; so does the file, for the same parse downstream.
    else values.set(attributeOf(key), typeof parsed.data === 'number' ? String(parsed.data) : parsed.data);
  }
  return { inputs, values };
}

/**
 * Puts the file's settings under the flags: a flag given on the command line wins,
 * a setting in the file wins over a default.
 */
export function applyConfig(command: Command, settings: ConfigSettings): void {
  for (const [attribute, value] of settings.values) {
    if (command.getOptionValueSource(attribute) !== 'cli') command.setOptionValueWithSource(attribute, value, 'config');
  }
}

/** "max-k" -> "maxK", as commander names the attribute of --max-k. */
function attributeOf(key: string): string {
  return key.replace(/-([a-z])/g, (_, c: string) => c.toUpperCase());
}
