import { Option, type Command } from 'commander';
import { UsageError, OptionError } from '../errors.js';
import {
  descriptionOf,
  flagOf,
  keysFor,
  keysOf,
  OPTION_KEYS,
  specOf,
  textOf,
  valueFromFlag,
  type FlagsOf,
  type KeysOf,
  type OptionCommand,
  type OptionGroup,
  type OptionKey,
  type ValueOf,
} from '../option-table.js';
import type { AugmentOptions } from '../options.js';

/**
 * The flags of the option table (option-table.ts) on commander commands, and their
 * values back into the library's typed options. augment, preview and inspect take their
 * flags from the same entries, so a preview reads and builds exactly as augment would.
 */

/** The read flags as commander holds them; those inspect lacks (--on-invalid) are optional. */
export type ReadFlags = FlagsOf<KeysOf<'read', 'inspect'>> & Partial<FlagsOf<KeysOf<'read'>>>;

/** The build flags as commander holds them: texts, parsed by augmentOptionsFromFlags. */
export type BuildFlags = FlagsOf<KeysOf<'build'>>;

/** Every flag of a command's table options, as commander holds them. */
export type CommandFlags<C extends OptionCommand> = FlagsOf<KeysOf<OptionGroup, C>>;

/** Commander's option for a table entry on a command: flag, help, choices, default (as the flag's text). */
function optionOf(key: OptionKey, command: OptionCommand): Option {
  const spec = specOf(key);
  const option = new Option(spec.flags, descriptionOf(key, command));
  if (spec.choices) option.choices(spec.choices);
  if (spec.repeatable) option.argParser((value: string, earlier: string[] | undefined) => [...(earlier ?? []), value]);
  // Switches (--meta, --no-progress) get theirs from commander; help shows the flag's text.
  if ('default' in spec && option.required) option.default(textOf(spec.default));
  return option;
}

/**
 * Adds the table's options that `command` takes, group by group (where it goes, how
 * inputs are read, how mosaics are built, how the run goes), in table order within each.
 */
export function addTableOptions<C extends Command>(command: C, name: OptionCommand): C {
  for (const key of keysFor(name)) command.addOption(optionOf(key, name));
  return command;
}

/**
 * The typed library values of some options, from commander's values (flag texts, or a
 * config file's settings turned into texts). Options left out stay out. Values are
 * parsed, not checked: the library checks them, for every caller alike.
 */
export function optionsFromFlags<K extends OptionKey>(flags: Partial<Record<K, unknown>>, keys: readonly K[]): { [P in K]?: ValueOf<P> } {
  const out: Record<string, unknown> = {};
  for (const key of keys) {
    const value = valueFromFlag(key, flags[key]);
    if (value !== undefined) out[key] = value;
  }
  return out as { [P in K]?: ValueOf<P> };
}

/** The build options of a command's parsed flags, typed, as resolveAugmentOptions takes them. */
export function augmentOptionsFromFlags(flags: BuildFlags): AugmentOptions {
  return optionsFromFlags(flags as Partial<Record<KeysOf<'build'>, unknown>>, keysOf('build'));
}

/**
 * A library error that names an option by its key, as the CLI says it: under the flag
 * (`maxK: ...` -> `--max-k: ...`), other options in its message by their flags too.
 * Other errors pass unchanged.
 */
export function namedByFlag(error: unknown): unknown {
  if (!(error instanceof OptionError) || !isOptionKey(error.option)) return error;
  const name = (key: string) => (isOptionKey(key) ? flagOf(key) : key);
  return new UsageError(error.detail(name), flagOf(error.option));
}

function isOptionKey(key: string): key is OptionKey {
  return (OPTION_KEYS as readonly string[]).includes(key);
}
