/**
 * Faults only a real process meets, through the built CLI: a signal (SIGINT/SIGTERM) in
 * the middle of a run, a user without the right to write (the tests run as root, whom
 * file modes do not stop), and a stdout that is a full device. Each is one line on stderr
 * and a documented exit code, and leaves every file as it was. The same faults met
 * in-process are in test/cli/faults.test.ts.
 */
import { spawn } from 'node:child_process';
import { chmodSync, closeSync, copyFileSync, mkdirSync, openSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALPACA, DATA_DIR, REPO_ROOT, STACK_FRAME, stderrLines, useTempDirs } from '../helpers/e2e-cli.js';
import { NOBODY } from '../helpers/e2e-mounts.js';
import { BIN, childEnv, runCliProcess, useBuiltCli } from '../helpers/spawn-cli.js';
import { HANG } from '../helpers/timeouts.js';

useBuiltCli();
const dir = useTempDirs();
const IDENTITY = join(DATA_DIR, 'identity.json');

/** The default counter, and the ones whose pair texts go to a temporary file for worker threads. */
const TOKENIZERS = ['llama2', 'approx', 'o200k_base', 'cl100k_base'] as const;
const threadsFor = (tokenizer: string) => (tokenizer === 'llama2' ? [] : ['--threads', '2']);

function expectOneLine(r: { status: number | null; stderr: string }, status: number, line: string, what: string): void {
  expect(r.status, `${what}: ${r.stderr}`).toBe(status);
  expect(r.stderr, what).not.toMatch(STACK_FRAME);
  expect(stderrLines(r.stderr), what).toEqual([line]);
}

/** A JSON Lines input big enough that a run takes seconds: the demo's pairs, repeated. */
function bigInput(d: string): string {
  const pairs = JSON.parse(readFileSync(ALPACA, 'utf8')) as unknown[];
  const lines = pairs.map((p) => JSON.stringify(p)).join('\n');
  const path = join(d, 'big.jsonl');
  writeFileSync(path, `${Array.from({ length: 10 }, () => lines).join('\n')}\n`);
  return path;
}

/** Polls until `condition` holds; bounded only by the test's own (hang) timeout. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) await new Promise((resolve) => setTimeout(resolve, 20));
}

describe('interrupted runs leave the filesystem as it was', () => {
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    it(
      `${signal} while reading (stdin held open) and while writing: exit ${code}, temporary files removed, previous files untouched`,
      async () => {
        const d = dir();
        const input = bigInput(d);
        const out = join(d, 'out.jsonl');
        const summary = join(d, 'summary.json');
        writeFileSync(out, 'the previous output\n');
        writeFileSync(summary, 'the previous summary\n');
        const before = readdirSync(d).sort();
        for (const phase of ['reading', 'writing'] as const) {
          const child = spawn(
            process.execPath,
            [BIN, 'augment', phase === 'reading' ? '-' : input, '-o', out, '--summary-json', summary, '--tokenizer', 'approx', '--epochs', '20'],
            { cwd: REPO_ROOT, stdio: ['pipe', 'ignore', 'pipe'], env: childEnv() },
          );
          let stderr = '';
          child.stderr.on('data', (chunk: Buffer) => {
            stderr += chunk.toString();
          });
          const exited = new Promise<number | null>((resolve) => child.on('close', (status) => resolve(status)));
          const temps = () => readdirSync(d).filter((f) => f.endsWith('.tmp'));
          if (phase === 'reading') {
            // Its files are opened before it reads; then it waits for stdin, which never ends.
            child.stdin.write(readFileSync(input).subarray(0, 100_000));
            await until(() => temps().length === 2);
          } else {
            child.stdin.end();
            // Records have reached the output's temporary file: it is writing, 20 epochs to go.
            await until(() => temps().some((f) => f.startsWith('.out.jsonl.') && statSync(join(d, f)).size > 0));
          }
          child.kill(signal);
          expect(await exited, `${phase}: ${stderr}`).toBe(code);
          expect(stderrLines(stderr), phase).toEqual(['mosaic-it: interrupted; no files written']);
          expect(readdirSync(d).sort(), phase).toEqual(before);
          expect(readFileSync(out, 'utf8')).toBe('the previous output\n');
          expect(readFileSync(summary, 'utf8')).toBe('the previous summary\n');
        }
      },
      HANG,
    );
  }
});

describe('a folder the user may not write to', () => {
  it('EACCES: one line naming the output, exit 1, for every tokenizer (worker threads included)', () => {
    const d = dir();
    chmodSync(d, 0o755);
    const input = join(d, 'identity.json');
    copyFileSync(IDENTITY, input);
    chmodSync(input, 0o644);
    const ro = join(d, 'ro');
    mkdirSync(ro, { mode: 0o555 });
    chmodSync(ro, 0o555);
    for (const tokenizer of TOKENIZERS) {
      const out = join(ro, 'out.jsonl');
      // Root may write anywhere, so the CLI runs as a user without that right.
      const r = runCliProcess(['augment', input, '-o', out, '--tokenizer', tokenizer, ...threadsFor(tokenizer)], { uid: NOBODY });
      expectOneLine(r, 1, `mosaic-it: cannot write ${out}: permission denied`, tokenizer);
      expect(readdirSync(ro), tokenizer).toEqual([]);
    }
  }, HANG);
});

describe("the process's stdout on a full device (> /dev/full)", () => {
  const cases: ReadonlyArray<readonly [string, readonly string[]]> = [
    // Records written by worker threads, through the process's own stdout.
    ['augment -o - (approx, threads)', ['augment', IDENTITY, '-o', '-', '--tokenizer', 'approx', '--threads', '2']],
    // Commander's own output, before any command runs.
    ['--help', ['augment', '--help']],
  ];
  for (const [what, args] of cases) {
    it(`${what}: exit 1, one line`, () => {
      const full = openSync('/dev/full', 'w');
      try {
        const r = runCliProcess(args, { stdoutFd: full });
        expectOneLine(r, 1, 'mosaic-it: cannot write stdout: no space left on the device', what);
      } finally {
        closeSync(full);
      }
    }, HANG);
  }
});
