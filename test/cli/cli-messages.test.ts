/**
 * How the CLI speaks: commander's errors in the tool's one-line style (keeping its "Did
 * you mean" suggestion), help without a command as a usage error, and counts in words
 * that agree with their number.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { augment, jsonl, REPO_ROOT, runCli, STACK_FRAME, stderrLines, useTempDirs, writeFixture } from '../helpers/e2e-cli.js';

const dir = useTempDirs();

describe("commander's errors are one line", () => {
  for (const [what, args, expected] of [
    [
      'an unknown option, with the suggestion',
      ['augment', 'x.jsonl', '-o', 'out.jsonl', '--max-token', '5'],
      "mosaic-it: unknown option '--max-token' (Did you mean --max-tokens?); see mosaic-it augment --help",
    ],
    ['an unknown command, with the suggestion', ['augmnt', 'x.jsonl'], "mosaic-it: unknown command 'augmnt' (Did you mean augment?); see mosaic-it --help"],
    ['a missing argument', ['validate'], "mosaic-it: missing required argument 'file'; see mosaic-it validate --help"],
    [
      'a value outside the choices',
      ['augment', 'x.jsonl', '-o', 'out.jsonl', '--preference', 'rejected'],
      "mosaic-it: option '--preference <answer>' argument 'rejected' is invalid. Allowed choices are skip, chosen; see mosaic-it augment --help",
    ],
  ] as const) {
    it(`${what}: exit 2`, async () => {
      const r = await runCli(args, { cwd: dir() });
      expect(r.status, r.stderr).toBe(2);
      expect(stderrLines(r.stderr)).toEqual([expected]);
      expect(r.stdout.length).toBe(0);
    });
  }

  it('mosaic-it with no command prints the help on stderr and exits 2', async () => {
    const r = await runCli([]);
    expect(r.status).toBe(2);
    expect(r.stdout.length).toBe(0);
    expect(r.stderr).toMatch(/^Usage: mosaic-it /);
    for (const command of ['augment', 'inspect', 'preview', 'validate']) expect(r.stderr).toContain(command);
    expect(r.stderr).not.toMatch(STACK_FRAME);
  });

  it('asking for help is still a success: --help, help, --version', async () => {
    for (const args of [['--help'], ['help'], ['augment', '--help'], ['--version']]) {
      const r = await runCli(args);
      expect(r.status, args.join(' ')).toBe(0);
      expect(r.stdout.length, args.join(' ')).toBeGreaterThan(0);
    }
  });
});

describe('counts in words agree with their number', () => {
  it('one pair, one mosaic, one epoch, one record skipped', async () => {
    const d = dir();
    const input = writeFixture(
      d,
      'one.jsonl',
      jsonl([
        { instruction: 'Name a colour.', output: 'Blue.' },
        { messages: [{ role: 'user', content: 'Hi.' }] },
      ]),
    );
    const r = await augment([input], join(d, 'out.jsonl'), ['--tokenizer', 'approx', '--epochs', '1', '--format', 'alpaca', '--on-invalid', 'skip']);
    expect(r.status, r.stderr).toBe(0);
    const lines = stderrLines(r.stderr);
    expect(lines[0]).toMatch(/^mosaic-it: 1 pair -> 1 mosaic in .*out\.jsonl \(1 epoch, seed 42, /);
    expect(lines[2]).toBe('  dropped: 0 pairs over 2048 tokens (approx); skipped: 1 record (bad-field 1)');
    const v = await runCli(['validate', input]);
    expect(stderrLines(v.stderr).at(-1)).toBe('mosaic-it: 1 problem in 1 file; 2 records, 1 pair');
  });
});

describe('an input that is mosaic-it output', () => {
  const MOSAICS = join(REPO_ROOT, 'test', 'fixtures', 'inspect', 'mosaics.jsonl');
  const warning = `mosaic-it: warning: ${MOSAICS}: its records carry "meta" as mosaic-it output does; mosaics of mosaics are almost always a mistake (did you mean its source data?)`;

  it('gets one warning from augment (even with -q), preview and validate, which still succeed', async () => {
    const d = dir();
    for (const args of [
      ['augment', MOSAICS, '-o', join(d, 'out.jsonl'), '--tokenizer', 'approx', '-q'],
      ['preview', MOSAICS, '--tokenizer', 'approx', '-n', '1'],
      ['validate', MOSAICS],
    ]) {
      const r = await runCli(args);
      expect(r.status, r.stderr).toBe(0);
      expect(stderrLines(r.stderr).filter((l) => l.includes('warning')), args[0]).toEqual([warning]);
    }
  });

  it('is read by inspect without a warning: inspecting mosaics is what it is for', async () => {
    const r = await runCli(['inspect', MOSAICS, '--tokenizer', 'approx']);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
  });
});
