/**
 * Faults of the machine a run meets (interrupts, a full disk, a read-only or forbidden
 * folder, a full stdout), through the built CLI: each is one line on stderr and a
 * documented exit code, and leaves every file as it was.
 */
import { spawn } from 'node:child_process';
import { chmodSync, closeSync, copyFileSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALPACA, augment, BIN, DATA_DIR, REPO_ROOT, runCli, STACK_FRAME, stderrLines, useTempDirs } from '../helpers/e2e-cli.js';
import { NOBODY, useMounts } from '../helpers/e2e-mounts.js';
import { HANG } from '../helpers/timeouts.js';

const dir = useTempDirs();
const mount = useMounts();
const IDENTITY = join(DATA_DIR, 'identity.json');
const PAIRS = join(REPO_ROOT, 'examples', 'pairs.jsonl');


/** The default counter, and the ones whose pair texts go to a temporary file for worker threads. */
const TOKENIZERS = ['llama2', 'approx', 'o200k_base', 'cl100k_base'] as const;
const threadsFor = (tokenizer: string) => (tokenizer === 'llama2' ? [] : ['--threads', '2']);

function expectOneLine(r: { status: number | null; stderr: string }, status: number, line: string | RegExp, what: string): void {
  expect(r.status, `${what}: ${r.stderr}`).toBe(status);
  expect(r.stderr, what).not.toMatch(STACK_FRAME);
  const lines = stderrLines(r.stderr);
  expect(lines, what).toHaveLength(1);
  if (typeof line === 'string') expect(lines[0], what).toBe(line);
  else expect(lines[0], what).toMatch(line);
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
            { cwd: REPO_ROOT, stdio: ['pipe', 'ignore', 'pipe'], env: { ...process.env, NODE_OPTIONS: '' } },
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

describe('a full disk', () => {
  it('writing to /dev/full: exit 1, one line that says so', () => {
    expect(existsSync('/dev/full'), 'this test needs /dev/full').toBe(true);
    const r = augment([ALPACA], '/dev/full', ['--tokenizer', 'approx', '--epochs', '1']);
    expectOneLine(r, 1, 'mosaic-it: cannot write /dev/full: no space left on the device', '/dev/full');
  });

  it('a small file system that fills up: one line, exit 1, nothing left on it, for every tokenizer (texts spilled for threads, or the output)', () => {
    for (const tokenizer of TOKENIZERS) {
      const full = mount({ size: '256k' });
      const out = join(full, 'out.jsonl');
      const r = augment([ALPACA], out, ['--tokenizer', tokenizer, '--epochs', '1', ...threadsFor(tokenizer)]);
      expectOneLine(r, 1, /^mosaic-it: cannot write .+: no space left on the device$/, tokenizer);
      expect(r.stderr, tokenizer).toContain(full);
      expect(readdirSync(full), tokenizer).toEqual([]);
    }
  });

  it('a side file that cannot be written at the end replaces nothing: the dataset and its dataset_info entry stay as they were', () => {
    const d = dir();
    const full = mount({ size: '64k' });
    // Fill it: the manifest's temporary file can be made, but not written.
    const fd = openSync(join(full, 'filler'), 'w');
    try {
      for (;;) writeFileSync(fd, Buffer.alloc(4096, 1));
    } catch (error) {
      expect((error as NodeJS.ErrnoException).code).toBe('ENOSPC');
    } finally {
      closeSync(fd);
    }
    const out = join(d, 'out.jsonl');
    const info = join(d, 'dataset_info.json');
    writeFileSync(out, 'the previous output\n');
    writeFileSync(info, '{"other": {"file_name": "other.json"}}\n');
    const manifest = join(full, 'manifest.json');
    const r = augment([PAIRS], out, ['--tokenizer', 'approx', '--dataset-info', info, '--manifest', manifest]);
    expectOneLine(r, 1, `mosaic-it: cannot write ${manifest}: no space left on the device`, 'full manifest');
    expect(readFileSync(out, 'utf8')).toBe('the previous output\n');
    expect(readFileSync(info, 'utf8')).toBe('{"other": {"file_name": "other.json"}}\n');
    expect(readdirSync(d).sort()).toEqual(['dataset_info.json', 'out.jsonl']);
    expect(readdirSync(full)).toEqual(['filler']);
  });
});

describe('a folder that cannot be written', () => {
  it('a read-only file system (EROFS): one line naming the output, exit 1, for every tokenizer', () => {
    for (const tokenizer of TOKENIZERS) {
      const ro = mount({ size: '1m', readOnly: true });
      const out = join(ro, 'out.jsonl');
      const r = augment([IDENTITY], out, ['--tokenizer', tokenizer, ...threadsFor(tokenizer)]);
      expectOneLine(r, 1, `mosaic-it: cannot write ${out}: the file system is read-only`, tokenizer);
    }
  });

  it('a folder the user may not write to (EACCES): one line naming the output, exit 1, for every tokenizer', () => {
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
      const r = runCli(['augment', input, '-o', out, '--tokenizer', tokenizer, ...threadsFor(tokenizer)], { uid: NOBODY });
      expectOneLine(r, 1, `mosaic-it: cannot write ${out}: permission denied`, tokenizer);
      expect(readdirSync(ro), tokenizer).toEqual([]);
    }
  });

  it('a path through a file (ENOTDIR), for the output and for each side file', () => {
    const d = dir();
    const file = join(d, 'file.txt');
    writeFileSync(file, 'not a folder\n');
    for (const flag of ['-o', '--manifest', '--summary-json', '--rejects', '--dataset-info']) {
      const target = join(file, 'x.json');
      const args = flag === '-o' ? ['-o', join(file, 'out.jsonl')] : ['-o', join(d, 'out.jsonl'), flag, target];
      const r = runCli(['augment', PAIRS, '--tokenizer', 'approx', ...args]);
      const named = flag === '-o' ? join(file, 'out.jsonl') : target;
      expectOneLine(r, 1, `mosaic-it: cannot write ${named}: a part of its path is not a folder`, flag);
      expect(readdirSync(d), flag).toEqual(['file.txt']);
    }
  });
});

describe('stdout that cannot be written (> /dev/full)', () => {
  const cases: ReadonlyArray<readonly [string, readonly string[]]> = [
    ['augment -o - (llama2)', ['augment', IDENTITY, '-o', '-']],
    ['augment -o - (approx, threads)', ['augment', IDENTITY, '-o', '-', '--tokenizer', 'approx', '--threads', '2']],
    ['preview', ['preview', IDENTITY, '--tokenizer', 'approx']],
    ['inspect', ['inspect', IDENTITY, '--tokenizer', 'approx']],
    ['inspect --json', ['inspect', IDENTITY, '--tokenizer', 'approx', '--json']],
    ['--help', ['augment', '--help']],
  ];
  for (const [what, args] of cases) {
    it(`${what}: exit 1, one line`, () => {
      const full = openSync('/dev/full', 'w');
      try {
        const r = runCli(args, { stdoutFd: full });
        expectOneLine(r, 1, 'mosaic-it: cannot write stdout: no space left on the device', what);
      } finally {
        closeSync(full);
      }
    });
  }
});

describe('side files are checked before anything is read', () => {
  for (const flag of ['--manifest', '--summary-json', '--rejects', '--dataset-info']) {
    it(`${flag} nodir/x.json fails first, and leaves the output and dataset_info.json as they were`, () => {
      const d = dir();
      // Reading this input would fail on its first line: the side file's fault must come first.
      writeFileSync(join(d, 'bad.jsonl'), '{"instruction": "x", \n');
      writeFileSync(join(d, 'out.jsonl'), 'the previous output\n');
      writeFileSync(join(d, 'dataset_info.json'), '{}\n');
      const info = flag === '--dataset-info' ? [] : ['--dataset-info', 'dataset_info.json'];
      const r = runCli(['augment', 'bad.jsonl', '-o', 'out.jsonl', '--tokenizer', 'approx', ...info, flag, 'nodir/x.json'], { cwd: d });
      expectOneLine(r, 1, 'mosaic-it: cannot write nodir/x.json: its folder does not exist', flag);
      expect(readFileSync(join(d, 'out.jsonl'), 'utf8')).toBe('the previous output\n');
      expect(readFileSync(join(d, 'dataset_info.json'), 'utf8')).toBe('{}\n');
      expect(readdirSync(d).sort()).toEqual(['bad.jsonl', 'dataset_info.json', 'out.jsonl']);
    });
  }
});
