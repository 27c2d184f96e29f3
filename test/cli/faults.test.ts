/**
 * Faults of the machine a run meets (a full disk, a read-only folder, a path through a
 * file, a full stdout), in-process: each is one line on stderr and a documented exit
 * code, and leaves every file as it was. Interrupts, another user's rights and the
 * process's own stdout are smoke tests (test/smoke/faults.test.ts).
 */
import { closeSync, createWriteStream, existsSync, openSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALPACA, augment, DATA_DIR, REPO_ROOT, runCli, STACK_FRAME, stderrLines, useTempDirs } from '../helpers/e2e-cli.js';
import { useMounts } from '../helpers/e2e-mounts.js';

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

describe('a full disk', () => {
  it('writing to /dev/full: exit 1, one line that says so', async () => {
    expect(existsSync('/dev/full'), 'this test needs /dev/full').toBe(true);
    const r = await augment([ALPACA], '/dev/full', ['--tokenizer', 'approx', '--epochs', '1']);
    expectOneLine(r, 1, 'mosaic-it: cannot write /dev/full: no space left on the device', '/dev/full');
  });

  it('a small file system that fills up: one line, exit 1, nothing left on it, for every tokenizer (texts spilled for threads, or the output)', async () => {
    for (const tokenizer of TOKENIZERS) {
      const full = mount({ size: '256k' });
      const out = join(full, 'out.jsonl');
      const r = await augment([ALPACA], out, ['--tokenizer', tokenizer, '--epochs', '1', ...threadsFor(tokenizer)]);
      expectOneLine(r, 1, /^mosaic-it: cannot write .+: no space left on the device$/, tokenizer);
      expect(r.stderr, tokenizer).toContain(full);
      expect(readdirSync(full), tokenizer).toEqual([]);
    }
  });

  it('a side file that cannot be written at the end replaces nothing: the dataset and its dataset_info entry stay as they were', async () => {
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
    const r = await augment([PAIRS], out, ['--tokenizer', 'approx', '--dataset-info', info, '--manifest', manifest]);
    expectOneLine(r, 1, `mosaic-it: cannot write ${manifest}: no space left on the device`, 'full manifest');
    expect(readFileSync(out, 'utf8')).toBe('the previous output\n');
    expect(readFileSync(info, 'utf8')).toBe('{"other": {"file_name": "other.json"}}\n');
    expect(readdirSync(d).sort()).toEqual(['dataset_info.json', 'out.jsonl']);
    expect(readdirSync(full)).toEqual(['filler']);
  });
});

describe('a folder that cannot be written', () => {
  it('a read-only file system (EROFS): one line naming the output, exit 1, for every tokenizer', async () => {
    for (const tokenizer of TOKENIZERS) {
      const ro = mount({ size: '1m', readOnly: true });
      const out = join(ro, 'out.jsonl');
      const r = await augment([IDENTITY], out, ['--tokenizer', tokenizer, ...threadsFor(tokenizer)]);
      expectOneLine(r, 1, `mosaic-it: cannot write ${out}: the file system is read-only`, tokenizer);
    }
  });

  it('a path through a file (ENOTDIR), for the output and for each side file', async () => {
    const d = dir();
    const file = join(d, 'file.txt');
    writeFileSync(file, 'not a folder\n');
    for (const flag of ['-o', '--manifest', '--summary-json', '--rejects', '--dataset-info']) {
      const target = join(file, 'x.json');
      const args = flag === '-o' ? ['-o', join(file, 'out.jsonl')] : ['-o', join(d, 'out.jsonl'), flag, target];
      const r = await runCli(['augment', PAIRS, '--tokenizer', 'approx', ...args]);
      const named = flag === '-o' ? join(file, 'out.jsonl') : target;
      expectOneLine(r, 1, `mosaic-it: cannot write ${named}: a part of its path is not a folder`, flag);
      expect(readdirSync(d), flag).toEqual(['file.txt']);
    }
  });
});

describe('stdout that cannot be written (a stream on /dev/full)', () => {
  const cases: ReadonlyArray<readonly [string, readonly string[]]> = [
    ['augment -o - (llama2)', ['augment', IDENTITY, '-o', '-']],
    ['augment -o - (approx)', ['augment', IDENTITY, '-o', '-', '--tokenizer', 'approx']],
    ['preview', ['preview', IDENTITY, '--tokenizer', 'approx']],
    ['inspect', ['inspect', IDENTITY, '--tokenizer', 'approx']],
    ['inspect --json', ['inspect', IDENTITY, '--tokenizer', 'approx', '--json']],
    ['--help', ['augment', '--help']],
  ];
  for (const [what, args] of cases) {
    it(`${what}: exit 1, one line`, async () => {
      // The system's own ENOSPC, through a stream as a command sees its stdout; the
      // process's stdout on the device is a smoke test (test/smoke/faults.test.ts).
      const r = await runCli(args, { stdout: createWriteStream('/dev/full') });
      expectOneLine(r, 1, 'mosaic-it: cannot write stdout: no space left on the device', what);
    });
  }
});

describe('side files are checked before anything is read', () => {
  for (const flag of ['--manifest', '--summary-json', '--rejects', '--dataset-info']) {
    it(`${flag} nodir/x.json fails first, and leaves the output and dataset_info.json as they were`, async () => {
      const d = dir();
      // Reading this input would fail on its first line: the side file's fault must come first.
      writeFileSync(join(d, 'bad.jsonl'), '{"instruction": "x", \n');
      writeFileSync(join(d, 'out.jsonl'), 'the previous output\n');
      writeFileSync(join(d, 'dataset_info.json'), '{}\n');
      const info = flag === '--dataset-info' ? [] : ['--dataset-info', 'dataset_info.json'];
      const r = await runCli(['augment', 'bad.jsonl', '-o', 'out.jsonl', '--tokenizer', 'approx', ...info, flag, 'nodir/x.json'], { cwd: d });
      expectOneLine(r, 1, 'mosaic-it: cannot write nodir/x.json: its folder does not exist', flag);
      expect(readFileSync(join(d, 'out.jsonl'), 'utf8')).toBe('the previous output\n');
      expect(readFileSync(join(d, 'dataset_info.json'), 'utf8')).toBe('{}\n');
      expect(readdirSync(d).sort()).toEqual(['bad.jsonl', 'dataset_info.json', 'out.jsonl']);
    });
  }
});
