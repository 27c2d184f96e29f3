import { readFileSync, readdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  ALPACA,
  augment,
  jsonl,
  readJsonlFile,
  spawnCli,
  STACK_FRAME,
  stderrLines,
  useTempDirs,
  writeFixture,
} from '../helpers/e2e-cli.js';

const dir = useTempDirs();

const pairs = [
  { instruction: 'Name a colour.', input: '', output: 'Blue.' },
  { instruction: 'Name an animal.', output: 'A fox.' },
  { instruction: 'Name a river.', input: 'in Egypt', output: 'The Nile.' },
];

describe('the input is never overwritten', () => {
  it('refuses -o naming the input file, however it is spelled', () => {
    const d = dir();
    const content = jsonl(pairs);
    const input = writeFixture(d, 'in.jsonl', content);
    symlinkSync(input, join(d, 'link.jsonl'));
    const spellings: Array<[string, string, string]> = [
      ['same path', input, input],
      ['relative spelling', input, './in.jsonl'],
      ['through a symlink', input, join(d, 'link.jsonl')],
      ['second input', ALPACA, input],
    ];
    for (const [what, first, out] of spellings) {
      const inputs = what === 'second input' ? [first, input] : [input];
      const r = augment(inputs, out, [], { cwd: d });
      expect(r.status, `${what}: ${r.stderr}`).not.toBe(0);
      expect(r.status, what).not.toBeNull();
      expect(r.stderr, what).not.toMatch(STACK_FRAME);
      expect(stderrLines(r.stderr).length, what).toBeGreaterThan(0);
      expect(readFileSync(input, 'utf8'), `${what}: input unchanged`).toBe(content);
      expect(readdirSync(d).sort(), what).toEqual(['in.jsonl', 'link.jsonl']);
    }
  });
});

describe('an existing output file', () => {
  it('is left intact when the run fails, and replaced when it succeeds', () => {
    const d = dir();
    const out = join(d, 'out.jsonl');
    const old = 'previous results\n';
    writeFileSync(out, old);
    const bad = writeFixture(d, 'bad.jsonl', jsonl([...pairs, { instruction: 'No answer here.' }]));
    const good = writeFixture(d, 'good.jsonl', jsonl(pairs));

    const failed = augment([bad], out);
    expect(failed.status).toBe(1);
    expect(readFileSync(out, 'utf8')).toBe(old);
    expect(readdirSync(d).sort()).toEqual(['bad.jsonl', 'good.jsonl', 'out.jsonl']);

    const usage = augment([good], out, ['--epochs', '0']);
    expect(usage.status).toBe(2);
    expect(readFileSync(out, 'utf8')).toBe(old);

    const ok = augment([good], out, ['--meta']);
    expect(ok.status, ok.stderr).toBe(0);
    const records = readJsonlFile(out);
    expect(records.length).toBeGreaterThan(0);
    expect(records.every((r) => r.meta !== undefined)).toBe(true);
    expect(readFileSync(out, 'utf8')).not.toContain('previous results');
    expect(readdirSync(d).sort()).toEqual(['bad.jsonl', 'good.jsonl', 'out.jsonl']);
  });

  it('fails with exit 1 and one line when the output folder does not exist', () => {
    const d = dir();
    const good = writeFixture(d, 'good.jsonl', jsonl(pairs));
    const r = augment([good], join(d, 'nope', 'out.jsonl'));
    expect(r.status).toBe(1);
    expect(stderrLines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toContain(join(d, 'nope', 'out.jsonl'));
    expect(r.stderr).not.toMatch(STACK_FRAME);
    expect(readdirSync(d)).toEqual(['good.jsonl']);
  });
});

describe('a reader that leaves early (| head -1)', () => {
  it('exits 0 without a stack after stdout is closed', async () => {
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
  });
});
