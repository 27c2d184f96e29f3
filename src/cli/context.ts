import type { Readable, Writable } from 'node:stream';

/** What a command may use of the process; main.ts builds it, commands never reach further. */
export interface CliContext {
  readonly stdin: Readable;
  readonly stdout: Writable;
  readonly stderr: Writable;
  /** The environment (NO_COLOR and the like); tests pass their own. */
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Where relative paths and glob patterns are resolved. */
  readonly cwd: string;
  /** Aborted on SIGINT/SIGTERM so writers can remove their temporary files. */
  readonly signal: AbortSignal;
}
