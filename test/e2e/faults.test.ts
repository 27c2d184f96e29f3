import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALPACA, augment, BIN, REPO_ROOT, STACK_FRAME, stderrLines, useTempDirs } from '../helpers/e2e-cli.js';

const dir = useTempDirs();

/** A JSON Lines input big enough that a run takes seconds: the demo's pairs, repeated. */
function bigInput(d: string): string {
  const pairs = JSON.parse(readFileSync(ALPACA, 'utf8')) as unknown[];
  const lines = pairs.map((p) => JSON.stringify(p)).join('\n');
  const path = join(d, 'big.jsonl');
  writeFileSync(path, `${Array.from({ length: 30 }, () => lines).join('\n')}\n`);
  return path;
}

async function waitFor(condition: () => boolean, timeoutMs: number): Promise<boolean> {
  const end = Date.now() + timeoutMs;
  while (Date.now() < end) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  return false;
}

describe('interrupted runs leave the filesystem as it was', () => {
  for (const [signal, code] of [
    ['SIGINT', 130],
    ['SIGTERM', 143],
  ] as const) {
    it(`${signal} while writing: exit ${code}, temporary file removed, previous output untouched`, async () => {
      const d = dir();
      const input = bigInput(d);
      const out = join(d, 'out.jsonl');
      writeFileSync(out, 'the previous output\n');
      const child = spawn(process.execPath, [BIN, 'augment', input, '-o', out, '--tokenizer', 'approx', '--epochs', '20'], {
        cwd: REPO_ROOT,
        stdio: ['ignore', 'ignore', 'pipe'],
        env: { ...process.env, NODE_OPTIONS: '' },
      });
      let stderr = '';
      child.stderr.on('data', (chunk: Buffer) => {
        stderr += chunk.toString();
      });
      const exited = new Promise<number | null>((resolve) => child.on('close', (status) => resolve(status)));
      const writing = await waitFor(() => readdirSync(d).some((f) => f.endsWith('.tmp')), 60_000);
      expect(writing, 'the run got to writing its temporary file').toBe(true);
      child.kill(signal);
      expect(await exited).toBe(code);
      expect(stderrLines(stderr)).toEqual(['mosaic-it: interrupted; no files written']);
      expect(readdirSync(d).sort()).toEqual(['big.jsonl', 'out.jsonl']);
      expect(readFileSync(out, 'utf8')).toBe('the previous output\n');
    }, 90_000);
  }
});

describe('a full disk', () => {
  it('writing to /dev/full: exit 1, one line that says so', () => {
    expect(existsSync('/dev/full'), 'this test needs /dev/full').toBe(true);
    const r = augment([ALPACA], '/dev/full', ['--tokenizer', 'approx', '--epochs', '1']);
    expect(r.status).toBe(1);
    expect(r.stderr).not.toMatch(STACK_FRAME);
    expect(stderrLines(r.stderr)).toEqual(['mosaic-it: cannot write /dev/full: no space left on the device']);
  });
});
