/**
 * The built CLI on a real terminal (a pseudo-terminal through util-linux script(1)): the
 * process finds that its stderr is a terminal and draws its progress line there. What
 * a command draws for a terminal it is given is tested in-process (test/cli).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALPACA, ALPACA_COUNT, REPO_ROOT, useTempDirs } from '../helpers/e2e-cli.js';
import { BIN, childEnv, useBuiltCli } from '../helpers/spawn-cli.js';
import { finalScreen, REDRAW } from '../helpers/screen.js';
import { HANG } from '../helpers/timeouts.js';

useBuiltCli();
const dir = useTempDirs();

/**
 * Runs the CLI with stdin, stdout and stderr on a pseudo-terminal, through util-linux
 * `script`, and returns everything the terminal received. stderr and stdout share it.
 */
function underTerminal(args: readonly string[]): { status: number | null; screen: string } {
  const quoted = [process.execPath, BIN, ...args].map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  const result = spawnSync('script', ['-qfec', quoted, '/dev/null'], {
    cwd: REPO_ROOT,
    encoding: 'utf8',
    env: childEnv({ TERM: 'xterm' }),
  });
  if (result.error) throw result.error;
  return { status: result.status, screen: result.stdout };
}

describe('progress on an interactive terminal', () => {
  it('draws reading (pairs are counted as they are read) and building with counts, then clears the line for the summary', () => {
    const out = join(dir(), 'm.jsonl');
    const { status, screen } = underTerminal(['augment', ALPACA, '-o', out, '--tokenizer', 'approx', '--epochs', '2']);
    expect(status).toBe(0);
    const draws = screen.split(REDRAW).slice(1).map((d) => d.replace(/\r?\n[\s\S]*$/, ''));
    expect(draws.some((d) => d.startsWith('reading'))).toBe(true);
    expect(draws.some((d) => /^reading +\d+ pairs +[\d.]+\/0\.9 MB/.test(d))).toBe(true);
    const last = draws.filter((d) => d.startsWith('building')).at(-1) ?? '';
    const total = (ALPACA_COUNT * 2).toLocaleString('en-US');
    expect(last).toContain(`[####################] 100%  ${total}/${total} pairs placed`);
    const written = readFileSync(out, 'utf8').split('\n').length - 1;
    expect(last).toContain(`${written.toLocaleString('en-US')} mosaics`);
    // The line is erased before the summary, so the screen ends with the summary alone.
    const lines = finalScreen(screen);
    expect(lines).toHaveLength(4);
    expect(lines[3]).toMatch(/^ {2}unavailable in mosaics of 2\+ pairs: /);
    expect(lines[0]).toMatch(new RegExp(`^mosaic-it: ${ALPACA_COUNT} pairs -> ${written} mosaics in `));
  }, HANG);
});
