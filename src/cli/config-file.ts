import type { Command } from 'commander';
import { z } from 'zod';
import { UsageError, OptionError } from '../errors.js';
import { readSettingsFile } from '../io/settings-file.js';
import { configSchema, valueSchema } from '../option-schemas.js';
import { configKeyOf, keysFor, specOf, textOf, type OptionKey } from '../option-table.js';

const FLAG = '--config';

const text = z.string().min(1, { error: 'expected a non-empty string' });
const INPUTS = z.union([text, z.array(text).min(1)]).transform((v) => (Array.isArray(v) ? v : [v]));

/**
 * Every key a config file may hold: the long names of augment's flags (from the option
 * table, in the order augment's help lists them), plus `inputs`.
 */
const OPTION_OF_KEY: ReadonlyMap<string, OptionKey> = new Map(keysFor('augment').map((key) => [configKeyOf(key), key]));
export const CONFIG_KEYS: readonly string[] = ['inputs', ...OPTION_OF_KEY.keys()];

/** A config file's settings, keyed by commander's attribute names, plus the inputs. */
export interface ConfigSettings {
  readonly inputs?: string[];
  readonly values: ReadonlyMap<string, unknown>;
}

/** Reads and checks a JSON or YAML config file (YAML unless the name ends in .json). */
export async function loadConfig(path: string, at = path): Promise<ConfigSettings> {
  const { value: document } = await readSettingsFile(path, FLAG, at);
  if (typeof document !== 'object' || document === null || Array.isArray(document)) {
    throw new UsageError(`${path}: expected a mapping of option names to values`, FLAG);
  }
  const values = new Map<string, unknown>();
  let inputs: string[] | undefined;
  for (const [key, raw] of Object.entries(document)) {
    const option = OPTION_OF_KEY.get(key);
    if (key === 'inputs') {
      const parsed = INPUTS.safeParse(raw);
      if (!parsed.success) throw settingError(path, key, parsed.error.issues[0]?.message);
      inputs = parsed.data;
    } else if (option === undefined) {
      throw new UsageError(`${path}: unknown key "${key}"; accepted: ${CONFIG_KEYS.join(', ')}`, FLAG);
    } else {
      values.set(option, flagValueOf(path, key, option, raw));
    }
  }
  return { inputs, values };
}

/**
 * A setting checked and turned into the very value the flag would have given (its text,
 * a switch's boolean, a repeatable flag's list), so a config file and the equivalent
 * flags produce the same run, byte for byte. A number or a string is checked as the
 * library checks the option (a string read as the flag's text); other shapes a file may
 * use ({ primary: 1 } for strategies) are the option's `config` schema's to turn into text.
 */
function flagValueOf(path: string, key: string, option: OptionKey, raw: unknown): unknown {
  const spec = specOf(option);
  const config = configSchema(option);
  if (config) {
    const parsed = config.safeParse(raw);
    if (!parsed.success) throw settingError(path, key, parsed.error.issues[0]?.message);
    return parsed.data;
  }
  let value = raw;
  if (typeof raw === 'string' && spec.fromText) {
    try {
      value = spec.fromText(raw, option);
    } catch (error) {
      if (error instanceof OptionError) throw settingError(path, key, error.detail());
      throw error;
    }
  }
  const parsed = valueSchema(option).safeParse(value);
  if (!parsed.success) throw settingError(path, key, parsed.error.issues[0]?.message);
  return textOf(parsed.data);
}

function settingError(path: string, key: string, message: string | undefined): UsageError {
  return new UsageError(`${path}: "${key}": ${message ?? 'invalid value'}`, FLAG);
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
