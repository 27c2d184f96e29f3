/**
 * What a fresh process loads before it answers: --version and --help (the tool's and a
 * command's) need commander and the command table's flags, not zod, a reader, a
 * tokenizer or any command's work; a run loads its own command only. Read from a loader
 * hook that lists every module loaded (test/helpers/module-trace.mjs): only a new
 * process shows what was never loaded. No time is measured (npm run bench does that).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { useTempDirs } from '../helpers/e2e-cli.js';
import { BIN, childEnv, useBuiltCli } from '../helpers/spawn-cli.js';
import { HANG } from '../helpers/timeouts.js';

useBuiltCli();
const tempDir = useTempDirs();

const TRACE_HOOK = new URL('../helpers/module-trace.mjs', import.meta.url).href;
const REPO = fileURLToPath(new URL('../../', import.meta.url));
const VERSION = (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string }).version;

interface Traced {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
  /** Every module loaded, as a path from the repository (dist/cli/main.js, node_modules/zod/...). */
  readonly modules: readonly string[];
}

/** Runs `mosaic-it <args>` in a fresh process that lists every module it loads. */
function traced(args: readonly string[]): Traced {
  const trace = join(tempDir(), 'modules.txt');
  const run = spawnSync(process.execPath, ['--import', TRACE_HOOK, BIN, ...args], {
    cwd: REPO,
    input: '',
    encoding: 'utf8',
    env: childEnv({ MODULE_TRACE: trace }),
  });
  if (run.error) throw run.error;
  const modules = readFileSync(trace, 'utf8')
    .split('\n')
    .filter((url) => url.startsWith('file:'))
    .map((url) => {
      const path = fileURLToPath(url);
      // Packages by their folder under node_modules, wherever that folder is.
      const inPackages = path.lastIndexOf('/node_modules/');
      return inPackages >= 0 ? path.slice(inPackages + 1) : path.startsWith(REPO) ? path.slice(REPO.length) : path;
    });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr, modules };
}

/** The packages (node_modules/<name>/, scoped names whole) among the modules loaded. */
function packagesOf(modules: readonly string[]): string[] {
  const names = modules.filter((m) => m.startsWith('node_modules/')).map((m) => m.split('/').slice(1, m.startsWith('node_modules/@') ? 3 : 2).join('/'));
  return [...new Set(names)].sort();
}

/** What a command line that only shows text must not load: any command's work, zod's checks, a run. */
const WORK = ['dist/cli/commands/', 'dist/options.js', 'dist/option-schemas.js', 'dist/run.js', 'dist/io/read-pairs.js', 'dist/tokens/hf-engine.js'];

function workLoaded(modules: readonly string[]): string[] {
  return modules.filter((m) => WORK.some((w) => m.startsWith(w)));
}

describe('startup: what a fresh process loads', () => {
  it('--version loads commander and the command table, no other package and no command', { timeout: HANG }, () => {
    const run = traced(['--version']);
    expect([run.status, run.stdout, run.stderr]).toEqual([0, `${VERSION}\n`, '']);
    // The trace saw the CLI itself: an empty list would pass the checks below.
    expect(run.modules).toContain('dist/cli/main.js');
    expect(run.modules).toContain('dist/cli/command-table.js');
    expect(packagesOf(run.modules)).toEqual(['commander']);
    expect(workLoaded(run.modules)).toEqual([]);
  });

  for (const args of [['--help'], ['augment', '--help'], ['eval', 'build', '--help'], ['help', 'check']]) {
    it(`${args.join(' ')} prints help from the flags alone`, { timeout: HANG }, () => {
      const run = traced(args);
      expect(run.status).toBe(0);
      expect(run.stdout).toMatch(/^Usage: mosaic-it/);
      expect(packagesOf(run.modules)).toEqual(['commander']);
      expect(workLoaded(run.modules)).toEqual([]);
    });
  }

  it('a run loads its own command (and zod, and the run), not the others', { timeout: HANG }, () => {
    const run = traced(['augment', 'examples/pairs.jsonl', '-o', '-', '--tokenizer', 'approx', '--epochs', '1', '-q']);
    expect(run.status, run.stderr).toBe(0);
    expect(run.stdout.trim().split('\n').length).toBeGreaterThan(0);
    const commands = run.modules.filter((m) => m.startsWith('dist/cli/commands/'));
    expect(commands).toEqual(['dist/cli/commands/augment.js']);
    expect(packagesOf(run.modules)).toContain('zod');
    expect(run.modules).toContain('dist/run.js');
  });
});
