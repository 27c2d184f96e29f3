/**
 * `check` on what augment writes: every layout, container, tokenizer budget and language
 * passes; hand-made corruptions of a real output are each caught, named by record.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ALPACA, augment, runCli, useTempDirs } from '../helpers/e2e-cli.js';

const ZH = new URL('../fixtures/zh/alpaca_zh.json', import.meta.url).pathname;
const SHAREGPT = new URL('../../../shared/data/v1_sft_demo.jsonl', import.meta.url).pathname;
const dir = useTempDirs();

async function check(files: readonly string[], sources: readonly string[], flags: readonly string[] = []) {
  return runCli(['check', ...files, '--sources', ...sources, ...flags]);
}

describe('check passes every augment output', () => {
  const cases: Array<[string, string, readonly string[], readonly string[]]> = [
    ['alpaca JSON Lines, llama2, budget checked', 'out.jsonl', [ALPACA], ['--max-tokens', '2048']],
    ['sharegpt, gzipped', 'out.jsonl.gz', [ALPACA], ['--to', 'sharegpt', '--tokenizer', 'approx']],
    ['messages, a JSON array', 'out.json', [ALPACA], ['--to', 'messages', '--tokenizer', 'approx']],
    ['prompt-completion, Parquet', 'out.parquet', [ALPACA], ['--to', 'prompt-completion', '--tokenizer', 'approx']],
    ['Chinese and English together', 'out.jsonl', [ALPACA, ZH], ['--tokenizer', 'approx', '--epochs', '2']],
    ['English data under the Chinese pack', 'out.jsonl', [ALPACA], ['--tokenizer', 'approx', '--lang', 'zh', '--epochs', '1']],
    ['system prompts (sharegpt input)', 'out.jsonl', [SHAREGPT], ['--tokenizer', 'approx']],
    ['every rule, k up to 12', 'out.jsonl', [ALPACA], ['--tokenizer', 'o200k_base', '--max-k', '12', '--k-dist', 'all', '--max-tokens', '3000', '--epochs', '2']],
    ['preference pairs, LLaMA-Factory alpaca', 'dpo.jsonl', [ALPACA], ['--to', 'dpo', '--tokenizer', 'approx']],
    ['preference pairs, LLaMA-Factory sharegpt', 'dpo.jsonl', [ALPACA], ['--to', 'dpo-sharegpt', '--tokenizer', 'approx', '--reject-with', 'order,missing=2']],
    ['preference pairs, TRL with system prompts', 'dpo.jsonl', [SHAREGPT], ['--to', 'dpo-trl', '--tokenizer', 'approx']],
  ];
  it.each(cases)('%s', async (_name, file, sources, flags) => {
    const out = join(dir(), file);
    const built = await augment(sources, out, ['--meta', '-q', ...flags]);
    expect(built.status, built.stderr).toBe(0);
    const budget = flags.includes('--max-tokens') && !flags.includes('--to') ? ['--max-tokens', flags[flags.indexOf('--max-tokens') + 1] as string] : [];
    const tokenizer = flags.includes('--tokenizer') && budget.length > 0 ? ['--tokenizer', flags[flags.indexOf('--tokenizer') + 1] as string] : [];
    const r = await check([out], sources, [...budget, ...tokenizer]);
    expect(r.stdout.toString(), r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(r.stderr).toMatch(/^mosaic-it: \d+ mosaics against \d+ source records: all true\n$/);
  });
});

describe('check catches hand-made corruptions of a real output', () => {
  let lines: Array<Record<string, any>>;
  let out: string;
  beforeAll(async () => {
    out = join(dir(), 'real.jsonl');
    const r = await augment([ALPACA], out, ['--meta', '-q', '--tokenizer', 'approx', '--seed', '3']);
    expect(r.status, r.stderr).toBe(0);
    lines = readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  });

  /** Corrupts the first record `pick` accepts; the check must name that record's line. */
  async function caught(pick: (r: Record<string, any>) => boolean, corrupt: (r: Record<string, any>) => void, expected: RegExp) {
    const at = lines.findIndex(pick);
    expect(at, 'a record to corrupt').toBeGreaterThanOrEqual(0);
    const copy = lines.map((l) => structuredClone(l));
    const before = JSON.stringify(copy[at]);
    corrupt(copy[at] as Record<string, any>);
    expect(JSON.stringify(copy[at])).not.toBe(before);
    const file = join(dir(), 'broken.jsonl');
    writeFileSync(file, copy.map((l) => `${JSON.stringify(l)}\n`).join(''));
    const r = await check([file], [ALPACA]);
    expect(r.status).toBe(1);
    const problems = r.stdout.toString().trim().split('\n');
    expect(problems.every((p) => p.startsWith(`${file}:${at + 1}: `)), problems.join('\n')).toBe(true);
    expect(problems.join('\n')).toMatch(expected);
    expect(r.stderr).toMatch(/1 of \d+ mosaics against 999 source records false/);
  }
  const answerOf = (r: Record<string, any>, n: number) => loadAlpaca()[r.meta.sources[n - 1]] as Record<string, string>;

  it('two answers swapped', () =>
    caught(
      (r) => r.meta.order.length >= 2 && r.meta.numbered,
      (r) => {
        const [a, b] = [answerOf(r, r.meta.order[0]).output, answerOf(r, r.meta.order[1]).output];
        r.output = r.output.replace(a, '\u0000').replace(b, a).replace('\u0000', b);
      },
      /answers in the order|layout|labels/,
    ));
  it('a masked answer put back', () =>
    caught(
      (r) => r.meta.strategy === 'maskout',
      (r) => {
        r.output += `\n\n${answerOf(r, r.meta.masked[0]).output}`;
      },
      /present, but the meta-instruction says to skip/,
    ));
  it('a wrong number in a random-order sequence', () =>
    caught(
      (r) => r.meta.rule === 'random' && r.meta.strategy === 'permute',
      (r) => {
        const seq = r.meta.order.join(', ');
        r.instruction = r.instruction.replace(seq, [r.meta.order[1], r.meta.order[0], ...r.meta.order.slice(2)].join(', '));
      },
      /meta-instruction: no sentence/,
    ));
  it('a label removed', () =>
    caught(
      (r) => r.meta.numbered && r.meta.order.length >= 2 && /^(Answer|Response|A)\s?\d|^### Answer/m.test(r.output),
      (r) => {
        r.output = r.output.replace(/(### Answer \d+\n|Answer \d+:\n|Response #\d+\n|A\d+: )/, '');
      },
      /labels: meta.numbered is true, but answer/,
    ));
  it('a marker removed', () =>
    caught(
      (r) => /<answer>|<response>|\[BEGIN\]|<<<|=== START ===|@@ begin @@/.test(r.output),
      (r) => {
        r.output = r.output.replace(/\n(<\/answer>|<\/response>|\[END\]|>>>|=== END ===|@@ end @@)/, '');
      },
      /markers|layout/,
    ));
  it('the system prompt changed', () =>
    caught(
      () => true,
      (r) => {
        r.system = 'You are a pirate.';
      },
      /system prompt: expected ""/,
    ));
  it('one character of an instruction changed', () =>
    caught(
      (r) => r.meta.sources.length >= 2,
      (r) => {
        const p = answerOf(r, 2).instruction as string;
        r.instruction = r.instruction.replace(p, `${p.slice(0, 2)}${p[2] === 'x' ? 'y' : 'x'}${p.slice(3)}`);
      },
      /instruction 2 \(source record \d+\): not in the prompt verbatim/,
    ));
  it("the meta-instruction replaced by another strategy's", () =>
    caught(
      (r) => r.meta.strategy === 'permute' && r.meta.rule === 'reverse',
      (r) => {
        const other = lines.find((o) => o.meta.strategy === 'primary' && o.meta.sources.length === r.meta.sources.length && o.meta.numbered === r.meta.numbered);
        const metaOf = (x: Record<string, any>) => {
          const parts = x.instruction.split('\n\n');
          return parts[0].length > parts.at(-1).length && !x.instruction.startsWith(answerOf(x, 1).instruction) ? parts[0] : parts.at(-1);
        };
        r.instruction = r.instruction.replace(metaOf(r), metaOf(other as Record<string, any>));
      },
      /meta-instruction: no sentence .* states permute "reverse"/,
    ));
  it('meta.numbered flipped', () =>
    caught(
      (r) => r.meta.numbered && r.meta.sources.length >= 3,
      (r) => {
        r.meta.numbered = false;
      },
      /numbered/,
    ));
});

describe('check as a command', () => {
  it('needs --sources, and says so as a usage error', async () => {
    const r = await runCli(['check', ALPACA]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--sources/);
  });

  it('a file written without --meta is one problem', async () => {
    const out = join(dir(), 'plain.jsonl');
    expect((await augment([ALPACA], out, ['-q', '--tokenizer', 'approx'])).status).toBe(0);
    const r = await check([out], [ALPACA]);
    expect(r.status).toBe(1);
    expect(r.stdout.toString().trim().split('\n')).toEqual([`${out}: no "meta" in its first record: check needs a file written with augment --meta`]);
  });

  it('a budget under another tokenizer is checked, and meta.tokens with it', async () => {
    const out = join(dir(), 'approx.jsonl');
    expect((await augment([ALPACA], out, ['-q', '--meta', '--tokenizer', 'approx', '--epochs', '1'])).status).toBe(0);
    const r = await check([out], [ALPACA], ['--tokenizer', 'approx', '--max-tokens', '500']);
    expect(r.status).toBe(1);
    expect(r.stdout.toString()).toMatch(/tokens: \d+ under approx, over --max-tokens 500/);
    const ok = await check([out], [ALPACA], ['--tokenizer', 'approx', '--max-tokens', '2048']);
    expect(ok.status, ok.stdout.toString()).toBe(0);
  });
});

let alpaca: Array<Record<string, string>> | undefined;
function loadAlpaca(): Array<Record<string, string>> {
  alpaca ??= JSON.parse(readFileSync(ALPACA, 'utf8')) as Array<Record<string, string>>;
  return alpaca;
}
