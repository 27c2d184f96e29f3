import { UsageError } from './errors.js';

/** Names an option in a message: the library says its key, the CLI its flag. */
export type OptionNamer = (key: string) => string;

/**
 * A library option with a value it cannot take. It names the option by its key
 * (`maxK: expected at least 1, found 0`), since a library caller never typed a flag;
 * the CLI, which knows each key's flag from the option table, shows the same detail
 * under the flag (`--max-k: ...`). A detail that mentions another option is a function
 * of the namer, so that option is named the same way.
 */
export class OptionError extends UsageError {
  private readonly describe: (name: OptionNamer) => string;

  constructor(
    readonly option: string,
    detail: string | ((name: OptionNamer) => string),
  ) {
    const describe = typeof detail === 'string' ? () => detail : detail;
    super(`${option}: ${describe((key) => key)}`);
    this.describe = describe;
  }

  /** The message without the option in front, other options named by `name`. */
  detail(name: OptionNamer = (key) => key): string {
    return this.describe(name);
  }
}

/**
 * Runs `step` and re-keys a UsageError it throws (one that names a flag, from a module
 * that also serves the CLI directly) to `option`. Other errors pass unchanged.
 */
export async function keyedTo<T>(option: string, step: () => Promise<T> | T): Promise<T> {
  try {
    return await step();
  } catch (error) {
    if (error instanceof UsageError && !(error instanceof OptionError)) throw new OptionError(option, error.message);
    throw error;
  }
}
