/**
 * `mosaic-it preview`: the first n mosaics augment would write, shown with their parts
 * highlighted only where colour is wanted, and nothing written to disk.
 */
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALPACA, augment, jsonl, readJsonlFile, REPO_ROOT, runCli, STACK_FRAME, stderrLines, useTempDirs, withMeta, writeFixture } from '../helpers/e2e-cli.js';

const dir = useTempDirs();

interface PreviewRun {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/**
 * Runs `preview` with a controlled colour environment: the test runner's own NO_COLOR or
 * FORCE_COLOR must not decide what these tests see.
 */
async function preview(args: readonly string[], env: Record<string, string> = {}, cwd = REPO_ROOT): Promise<PreviewRun> {
  const r = await runCli(['preview', ...args], { cwd, env: { NO_COLOR: undefined, FORCE_COLOR: undefined, ...env } });
  return { status: r.status, stdout: r.stdout.toString('utf8'), stderr: r.stderr };
}

const ESC = '\x1b';
const stripSgr = (s: string) => s.replace(/\x1b\[[0-9;]*m/g, '');

interface Shown {
  readonly lang: string;
  readonly position: number;
  readonly title: string;
  readonly pairs: number;
  readonly tokens: number;
  readonly prompt: string;
  readonly response: string;
}

const HEADER = /^── mosaic (\d+) · (.+) · (\d+) pairs? · (\d+) tokens · ([a-z][a-z0-9-]*) ─+$/gm;

/** The plain preview cut back into mosaics, by the layout the view promises. */
function parsePreview(text: string): Shown[] {
  const heads = [...text.matchAll(HEADER)];
  return heads.map((h, i) => {
    const start = (h.index as number) + h[0].length + 1;
    const end = i + 1 < heads.length ? (heads[i + 1]?.index as number) : text.length;
    const body = text.slice(start, end);
    expect(body.startsWith('[prompt]\n'), `mosaic ${h[1]} starts with its prompt`).toBe(true);
    expect(body.endsWith('\n\n'), `mosaic ${h[1]} ends with a blank line`).toBe(true);
    const cut = body.indexOf('\n\n[response]\n');
    expect(cut, `mosaic ${h[1]} has a response`).toBeGreaterThan(0);
    return {
      position: Number(h[1]),
      title: h[2] as string,
      lang: h[5] as string,
      pairs: Number(h[3]),
      tokens: Number(h[4]),
      prompt: body.slice('[prompt]\n'.length, cut),
      response: body.slice(cut + '\n\n[response]\n'.length, -2),
    };
  });
}

const DEMO = [ALPACA, '-n', '2', '--seed', '7', '--tokenizer', 'approx'];

describe('preview of the alpaca demo', () => {
  it('shows exactly the first 2 records augment writes, as plain text when piped', async () => {
    const d = dir();
    const shown = await preview(DEMO);
    expect(shown.status, shown.stderr).toBe(0);
    expect(shown.stderr).toBe('');
    expect(shown.stdout).not.toContain(ESC);
    expect(shown.stdout.split('\n')[0]).toMatch(/first 2 mosaics augment would write .*seed 7.*approx/);

    const out = join(d, 'out.jsonl');
    const written = await augment([ALPACA], out, ['--seed', '7', '--tokenizer', 'approx', '--to', 'alpaca', '--meta', '-q']);
    expect(written.status, written.stderr).toBe(0);
    const records = withMeta(readJsonlFile(out)).slice(0, 2);

    const mosaics = parsePreview(shown.stdout);
    expect(mosaics.map((m) => m.position)).toEqual([1, 2]);
    for (const [i, m] of mosaics.entries()) {
      const r = records[i] as (typeof records)[number];
      expect(r.input).toBe('');
      expect(m.prompt, `mosaic ${i + 1} prompt`).toBe(r.instruction);
      expect(m.response, `mosaic ${i + 1} response`).toBe(r.output);
      expect(m.title).toBe(r.meta.rule === null ? r.meta.strategy : `${r.meta.strategy} (${r.meta.rule})`);
      expect(m.pairs).toBe(r.meta.sources.length);
      expect(m.tokens).toBe(r.meta.tokens);
      expect(m.lang).toBe(r.meta.lang);
    }
  });

  it('is the same bytes on every run', async () => {
    expect((await preview(DEMO)).stdout).toBe((await preview(DEMO)).stdout);
  });

  it('FORCE_COLOR styles a pipe; stripping the styles gives the plain output', async () => {
    const plain = (await preview(DEMO)).stdout;
    const coloured = await preview(DEMO, { FORCE_COLOR: '1' });
    expect(coloured.status, coloured.stderr).toBe(0);
    expect(coloured.stdout).toContain(ESC);
    expect(stripSgr(coloured.stdout)).toBe(plain);
    // Every style is closed on the line it opens on: pagers and scrollback never bleed.
    for (const line of coloured.stdout.split('\n')) {
      expect(line.replace(/\x1b\[[0-9;]+m[^\x1b]*\x1b\[0m/g, ''), JSON.stringify(line)).not.toContain(ESC);
    }
  });

  it('highlights decoration, never the source texts', async () => {
    const d = dir();
    const flags = ['--seed', '3', '--tokenizer', 'approx', '--strategies', 'format', '--max-k', '1'];
    const coloured = await preview([ALPACA, '-n', '3', ...flags], { FORCE_COLOR: '1' });
    expect(coloured.status, coloured.stderr).toBe(0);
    const out = join(d, 'out.jsonl');
    expect((await augment([ALPACA], out, [...flags, '--to', 'alpaca', '-q'])).status).toBe(0);
    const plain = parsePreview(stripSgr(coloured.stdout));
    expect(plain).toHaveLength(3);
    for (const m of plain) {
      // A single pair under format: the marker clause, and the answer between markers.
      const [open, ...rest] = m.response.split('\n');
      const close = rest.pop() as string;
      const answer = rest.join('\n');
      expect(coloured.stdout).toContain(`${ESC}[36m${open}${ESC}[0m`);
      expect(coloured.stdout).toContain(`${ESC}[36m${close}${ESC}[0m`);
      expect(coloured.stdout).toContain(`\n${answer}\n`);
    }
    const meta = /\[prompt\]\x1b\[0m\n(\x1b\[1;33m[^\x1b]+\x1b\[0m)/.exec(coloured.stdout);
    expect(meta, 'the meta-instruction opens the prompt or closes it, styled').not.toBeNull();
  });

  it('NO_COLOR wins over FORCE_COLOR; FORCE_COLOR=0 and an empty NO_COLOR change nothing on a pipe', async () => {
    const plain = (await preview(DEMO)).stdout;
    const envs: Array<Record<string, string>> = [{ NO_COLOR: '1', FORCE_COLOR: '1' }, { NO_COLOR: 'yes' }, { FORCE_COLOR: '0' }, { FORCE_COLOR: 'false' }, { NO_COLOR: '' }];
    for (const env of envs) {
      const r = await preview(DEMO, env);
      expect(r.status, JSON.stringify(env)).toBe(0);
      expect(r.stdout, JSON.stringify(env)).toBe(plain);
    }
    expect((await preview(DEMO, { NO_COLOR: '', FORCE_COLOR: '1' })).stdout).toContain(ESC);
  });
});

// stdout and stderr on one terminal, as a command sees it (a real one: test/smoke/terminal.test.ts).
describe('on a terminal', () => {
  const onTerminal = async (env: Record<string, string>) => {
    const r = await runCli(['preview', ALPACA, '-n', '1', '--seed', '7', '--tokenizer', 'approx'], {
      env: { NO_COLOR: undefined, FORCE_COLOR: undefined, TERM: 'xterm', ...env },
      terminal: {},
    });
    return { status: r.status, stdout: r.stdout.toString('utf8') };
  };

  it('is coloured, unless NO_COLOR is set', async () => {
    const tty = await onTerminal({});
    expect(tty.status).toBe(0);
    expect(tty.stdout).toContain(`${ESC}[1;33m`);
    const noColour = await onTerminal({ NO_COLOR: '1' });
    expect(noColour.status).toBe(0);
    expect(noColour.stdout).not.toContain(ESC);
    expect(parsePreview(noColour.stdout)).toHaveLength(1);
  });
});

describe('system prompts', () => {
  it('get their own section, before the prompt', async () => {
    const sharegpt = join(REPO_ROOT, 'test/fixtures/e2e/sharegpt.json');
    const r = await preview([sharegpt, '-n', '1', '--tokenizer', 'approx', '--multi-turn', 'first']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout).toMatch(/─\n\[system\]\nAnswer in French\.\n\n\[prompt\]\n/);
  });
});

describe('control characters in the data', () => {
  it('pass through verbatim when piped, and are shown as symbols when styled', async () => {
    const d = dir();
    const input = writeFixture(d, 'ctl.jsonl', jsonl([{ instruction: 'Say \x1b]0;pwned\x07 hi\r', output: 'hi\x1b[2J' }]));
    const piped = await preview([input, '-n', '1', '--strategies', 'primary', '--tokenizer', 'approx']);
    expect(piped.status, piped.stderr).toBe(0);
    expect(parsePreview(piped.stdout)[0]).toMatchObject({ prompt: 'Say \x1b]0;pwned\x07 hi\r', response: 'hi\x1b[2J' });
    const styled = await preview([input, '-n', '1', '--strategies', 'primary', '--tokenizer', 'approx'], { FORCE_COLOR: '1' });
    expect(stripSgr(styled.stdout)).toContain('Say ␛]0;pwned␇ hi␍\n');
    expect(stripSgr(styled.stdout)).toContain('hi␛[2J\n');
    expect(stripSgr(styled.stdout)).not.toContain(ESC);
  });
});

describe('what preview leaves behind and how it fails', () => {
  it('writes no files', async () => {
    const d = dir();
    const input = writeFixture(d, 'in.jsonl', jsonl([{ instruction: 'Name a colour.', output: 'Blue.' }, { instruction: 'Name a fox.', output: 'Red.' }]));
    const before = readdirSync(d).map((f) => [f, statSync(join(d, f)).mtimeMs]);
    const r = await preview(['in.jsonl', '-n', '5', '--seed', '1', '--tokenizer', 'approx'], {}, d);
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(d).map((f) => [f, statSync(join(d, f)).mtimeMs])).toEqual(before);
    expect(statSync(input).size).toBeGreaterThan(0);
  });

  it('shows fewer when augment would write fewer, and says so on stderr', async () => {
    const d = dir();
    const input = writeFixture(d, 'two.jsonl', jsonl([{ instruction: 'Name a colour.', output: 'Blue.' }, { instruction: 'Name a fox.', output: 'Red.' }]));
    const r = await preview([input, '-n', '5', '--epochs', '1', '--max-k', '1', '--tokenizer', 'approx']);
    expect(r.status, r.stderr).toBe(0);
    expect(parsePreview(r.stdout).map((m) => m.position)).toEqual([1, 2]);
    expect(stderrLines(r.stderr)).toEqual([expect.stringMatching(/^mosaic-it: only 2 mosaics/)]);
  });

  it.each([['0'], ['-1'], ['abc'], ['1.5'], ['']])('exits 2 for -n %j, naming --count', async (n) => {
    const r = await preview([ALPACA, '-n', n]);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toMatch(/--count|-n/);
    expect(r.stderr).not.toMatch(STACK_FRAME);
  });

  it('exits 2 for a bad build flag, as augment does', async () => {
    const r = await preview([ALPACA, '--max-k', '0']);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--max-k/);
  });

  it('exits 1 with one line for a broken input', async () => {
    const d = dir();
    const input = writeFixture(d, 'bad.jsonl', `${JSON.stringify({ instruction: 'Name a colour.', output: 'Blue.' })}\n{"instruction": "x", "output": \n`);
    const r = await preview([input]);
    expect(r.status).toBe(1);
    expect(r.stdout).toBe('');
    expect(stderrLines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toMatch(/bad\.jsonl:2/);
    expect(r.stderr).not.toMatch(STACK_FRAME);
  });

  it('says in --help what it shows and how colour is chosen', async () => {
    const r = await runCli(['preview', '--help']);
    const help = r.stdout.toString('utf8').replace(/\s+/g, ' ');
    expect(r.status).toBe(0);
    expect(help).toContain('the first n mosaics augment would write with the same options');
    expect(help).toMatch(/NO_COLOR/);
    expect(help).toMatch(/FORCE_COLOR/);
    expect(help).toMatch(/--max-tokens/);
  });
});
