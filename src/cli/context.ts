import { isAbsolute, sep } from 'node:path';
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

/**
 * Where the file system finds a path the user typed: a relative one is taken from
 * ctx.cwd, not from the process's folder (tests run commands in their own folders
 * without leaving the test's). Messages keep naming the path as typed. Joined, not
 * normalized: "gone/../x" still needs "gone", as it would for the system.
 */
export function pathIn(ctx: Pick<CliContext, 'cwd'>, path: string): string {
  return isAbsolute(path) ? path : `${ctx.cwd}${ctx.cwd.endsWith(sep) ? '' : sep}${path}`;
}
