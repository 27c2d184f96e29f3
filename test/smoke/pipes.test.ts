/**
 * The built CLI as a shell runs it: the bin entry's exit codes, and a reader that leaves
 * early (| head), which only a real pipe closed under a real process shows (EPIPE).
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALPACA, jsonl, STACK_FRAME, stderrLines, useTempDirs, writeFixture } from '../helpers/e2e-cli.js';
import { runCliProcess, spawnCli, useBuiltCli } from '../helpers/spawn-cli.js';
import { HANG } from '../helpers/timeouts.js';

useBuiltCli();
const dir = useTempDirs();

describe('the bin entry', () => {
  it("exits with the command's code: 0 for a run, 1 for bad data, 2 for a bad flag, each with its one line", () => {
    const d = dir();
    const good = writeFixture(d, 'good.jsonl', jsonl([{ instruction: 'Name a colour.', output: 'Blue.' }]));
    const bad = writeFixture(d, 'bad.jsonl', '{"instruction": "x", \n');
    const ok = runCliProcess(['augment', good, '-o', join(d, 'out.jsonl'), '--tokenizer', 'approx', '-q']);
    expect(ok.status, ok.stderr).toBe(0);
    expect(ok.stderr).toBe('');
    const data = runCliProcess(['augment', bad, '-o', join(d, 'out.jsonl'), '--tokenizer', 'approx']);
    expect(data.status, data.stderr).toBe(1);
    expect(stderrLines(data.stderr)).toEqual([expect.stringMatching(/^mosaic-it: .*bad\.jsonl:1:\d+: invalid JSON/)]);
    const usage = runCliProcess(['augment', good, '-o', join(d, 'out.jsonl'), '--max-k', '0']);
    expect(usage.status, usage.stderr).toBe(2);
    expect(stderrLines(usage.stderr)).toEqual([expect.stringMatching(/^mosaic-it: --max-k/)]);
    for (const r of [ok, data, usage]) expect(r.stderr).not.toMatch(STACK_FRAME);
  }, HANG);
});

describe('a reader that leaves early (| head -1)', () => {
  it('augment -o -: exits 0 without a stack after stdout is closed', async () => {
    const child = spawnCli(['augment', ALPACA, '-o', '-', '--meta']);
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (s: string) => {
      stderr += s;
    });
    const firstLine = await new Promise<string>((resolve, reject) => {
      let buf = '';
      child.stdout.setEncoding('utf8');
      child.stdout.on('data', (s: string) => {
        buf += s;
        const nl = buf.indexOf('\n');
        if (nl !== -1) {
          child.stdout.removeAllListeners('data');
          child.stdout.destroy();
          resolve(buf.slice(0, nl));
        }
      });
      child.stdout.on('error', () => undefined);
      child.on('error', reject);
      child.on('exit', () => reject(new Error(`exited before a full line; stderr: ${stderr}`)));
    });
    const record = JSON.parse(firstLine) as { instruction: string; input: string; output: string; meta: { epoch: number } };
    expect(record.input).toBe('');
    expect(record.meta.epoch).toBe(0);
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => {
      if (child.exitCode !== null || child.signalCode !== null) resolve([child.exitCode, child.signalCode]);
      else child.on('exit', (c, s) => resolve([c, s]));
    });
    expect(signal, stderr).toBeNull();
    expect(code, stderr).toBe(0);
    expect(stderr).not.toMatch(STACK_FRAME);
    expect(stderr).not.toMatch(/EPIPE|internal error/i);
  }, HANG);

  it('preview: ends quietly', async () => {
    const child = spawnCli(['preview', ALPACA, '-n', '500', '--tokenizer', 'approx']);
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (s: string) => {
      stderr += s;
    });
    child.stdout.on('error', () => undefined);
    child.stdout.once('data', () => child.stdout.destroy());
    const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('exit', (c, s) => resolve([c, s])));
    expect(signal, stderr).toBeNull();
    expect(code, stderr).toBe(0);
    expect(stderr).not.toMatch(STACK_FRAME);
  }, HANG);
});
