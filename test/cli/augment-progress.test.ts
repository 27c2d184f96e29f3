import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALPACA, ALPACA_COUNT, augment, stderrLines, summaryCounts, useTempDirs } from '../helpers/e2e-cli.js';
import { finalScreen, REDRAW } from '../helpers/screen.js';

const dir = useTempDirs();

/** augment with stdout and stderr on one terminal; what the terminal received. */
async function underTerminal(inputs: readonly string[], output: string, flags: readonly string[]): Promise<{ status: number; screen: string }> {
  const r = await augment(inputs, output, flags, { terminal: {}, env: { TERM: 'xterm' } });
  return { status: r.status, screen: r.stdout.toString('utf8') };
}

describe('progress on an interactive terminal', () => {
  // On a real terminal, the bin's own detection of it: test/smoke/terminal.test.ts.
  it('draws reading (pairs are counted as they are read) and building with counts, then clears the line for the summary', async () => {
    const out = join(dir(), 'm.jsonl');
    const { status, screen } = await underTerminal([ALPACA], out, ['--tokenizer', 'approx', '--epochs', '2']);
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
  });

  it('draws nothing with --no-progress or --quiet', async () => {
    const d = dir();
    const plain = await underTerminal([ALPACA], join(d, 'a.jsonl'), ['--tokenizer', 'approx', '--no-progress']);
    expect(plain.status).toBe(0);
    expect(plain.screen).not.toContain(REDRAW);
    expect(finalScreen(plain.screen)).toHaveLength(4);
    const quiet = await underTerminal([ALPACA], join(d, 'b.jsonl'), ['--tokenizer', 'approx', '--quiet']);
    expect(quiet.status).toBe(0);
    expect(quiet.screen).toBe('');
  });
});

describe('progress and summary in a pipe', () => {
  it('prints no redraws or escape codes, and a summary of at most 4 lines', async () => {
    const r = await augment([ALPACA], join(dir(), 'm.jsonl'), ['--tokenizer', 'approx']);
    expect(r.status).toBe(0);
    expect(r.stderr).not.toMatch(/[\r\x1b]/);
    const lines = stderrLines(r.stderr);
    expect(lines.length).toBeLessThanOrEqual(4);
    expect(lines[0]).toMatch(/\(4 epochs, seed 42, \d+(\.\d)? s\)$/);
    // The fourth line says why some rules were taken less often than asked, most often first.
    expect(lines[3]).toMatch(/^ {2}unavailable in mosaics of 2\+ pairs: [a-z]+:[a-z-]+(, [a-z-]+)* \d+% \([a-z-]+ \d+%/);
    expect(lines[1]).toMatch(/^ {2}strategies: primary \d+, format \d+, permute \d+, maskout \d+$/);
    expect(summaryCounts(r.stderr)).toEqual({ pairs: ALPACA_COUNT, mosaics: expect.any(Number), dropped: 0 });
  });

  it('puts drops and skips by reason on the third line', async () => {
    const d = dir();
    const input = join(d, 'in.jsonl');
    const long = 'word '.repeat(400);
    const records = [
      { instruction: 'Say hi.', output: 'Hi.' },
      { instruction: 'Say bye.', output: 'Bye.' },
      { instruction: 'Essay.', output: long },
    ];
    writeFileSync(input, records.map((r) => `${JSON.stringify(r)}\n`).join(''));
    // A second file, in sharegpt, gives a record skipped for having two exchanges.
    const chats = join(d, 'chats.jsonl');
    writeFileSync(
      chats,
      `${JSON.stringify({ conversations: [{ from: 'human', value: 'a' }, { from: 'gpt', value: 'b' }, { from: 'human', value: 'c' }, { from: 'gpt', value: 'd' }] })}\n`,
    );
    const r = await augment([input, chats], join(d, 'm.jsonl'), ['--tokenizer', 'approx', '--max-tokens', '100', '--to', 'alpaca']);
    expect(r.status).toBe(0);
    const lines = stderrLines(r.stderr);
    expect(lines.length).toBeGreaterThanOrEqual(3);
    expect(lines[2]).toBe('  dropped: 1 pair over 100 tokens (approx); skipped: 1 record (multi-turn 1)');
  });
});
