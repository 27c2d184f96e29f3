/**
 * The CLI as a process, for the smoke tests (test/smoke): what only a real process shows
 * (signals, a pipe closed by its reader, a stdout that is a device, another user, the bin
 * entry and the built worker threads). Everything else runs in-process (e2e-cli.ts).
 */
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll } from 'vitest';
import { assertData, REPO_ROOT } from './e2e-cli.js';

export const BIN = fileURLToPath(new URL('../../bin/mosaic-it.js', import.meta.url));
export const BUILT_ENTRY = fileURLToPath(new URL('../../dist/cli/run.js', import.meta.url));

/** Call at the top of a smoke test file: these tests run the built CLI, not the sources. */
export function useBuiltCli(): void {
  beforeAll(() => {
    if (!existsSync(BUILT_ENTRY)) {
      throw new Error(`built CLI not found at ${BUILT_ENTRY}; run "npx tsc -p tsconfig.json" (or "npm test", which builds first)`);
    }
    assertData();
  });
}

export interface ProcessResult {
  readonly status: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: Buffer;
  readonly stderr: string;
}

export interface ProcessOptions {
  readonly input?: string | Buffer;
  readonly cwd?: string;
  /** A file descriptor to give the process as its stdout (e.g. /dev/full), instead of a pipe. */
  readonly stdoutFd?: number;
  /** Run as this user and group (the test runs as root; permissions do not stop root). */
  readonly uid?: number;
  readonly gid?: number;
  readonly env?: Readonly<Record<string, string>>;
}

/** The environment of a spawned CLI: this one, without options meant for the test runner. */
export function childEnv(extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  return { ...process.env, NODE_OPTIONS: '', ...extra };
}

/** Runs `mosaic-it <args>` as a process to completion with the current node binary. */
export function runCliProcess(args: readonly string[], options: ProcessOptions = {}): ProcessResult {
  const result = spawnSync(process.execPath, [BIN, ...args], {
    cwd: options.cwd ?? REPO_ROOT,
    input: options.input ?? '',
    stdio: ['pipe', options.stdoutFd ?? 'pipe', 'pipe'],
    maxBuffer: 512 * 1024 * 1024,
    env: childEnv(options.env),
    ...(options.uid === undefined ? {} : { uid: options.uid, gid: options.gid ?? options.uid }),
  });
  if (result.error) throw result.error;
  return { status: result.status, signal: result.signal, stdout: result.stdout ?? Buffer.alloc(0), stderr: result.stderr.toString('utf8') };
}

/** Runs the CLI as a process without blocking, so several run at once. */
export function runCliAsync(args: readonly string[]): Promise<{ status: number | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: REPO_ROOT, stdio: ['ignore', 'ignore', 'pipe'], env: childEnv() });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stderr }));
  });
}

/** Spawns the CLI with piped stdio; for tests that read part of stdout and hang up. */
export function spawnCli(args: readonly string[]) {
  return spawn(process.execPath, [BIN, ...args], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
    env: childEnv(),
  });
}
