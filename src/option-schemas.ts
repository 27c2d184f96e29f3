import { z } from 'zod';
import { OptionError } from './errors.js';
import { OPTIONS, valueFromFlag, type OptionKey, type OptionSpec, type ValueOf } from './option-table.js';

/**
 * The option table's zod schemas, each built once, when first asked for. The table writes
 * them as functions of zod so that loading it, which every command line does for its
 * flags, does not load zod: --version and --help never check a value.
 */

const values = new Map<OptionKey, z.ZodType>();
const configs = new Map<OptionKey, z.ZodType<string | boolean | readonly string[]>>();

/** The schema of an option's typed library value. */
export function valueSchema<K extends OptionKey>(key: K): z.ZodType<ValueOf<K>> {
  let schema = values.get(key);
  if (schema === undefined) {
    schema = (OPTIONS[key] as OptionSpec).value(z);
    values.set(key, schema);
  }
  return schema as z.ZodType<ValueOf<K>>;
}

/** The schema of the other shapes a config file may give the option, if it has one. */
export function configSchema(key: OptionKey): z.ZodType<string | boolean | readonly string[]> | undefined {
  const make = (OPTIONS[key] as OptionSpec).config;
  if (make === undefined) return undefined;
  let schema = configs.get(key);
  if (schema === undefined) {
    schema = make(z);
    configs.set(key, schema);
  }
  return schema;
}

/**
 * One option's typed value from its flag, checked against the option's schema: for the
 * options a command hands to the library on its own (not through resolveAugmentOptions).
 */
export function checkedOption<K extends OptionKey>(key: K, flagValue: unknown): ValueOf<K> | undefined {
  const value = valueFromFlag(key, flagValue);
  if (value === undefined) return undefined;
  const parsed = valueSchema(key).safeParse(value);
  if (!parsed.success) throw new OptionError(key, parsed.error.issues[0]?.message ?? 'invalid value');
  return parsed.data;
}
