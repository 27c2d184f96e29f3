/**
 * Zero mosaics is not a success: a run that would write none exits 1 with one line
 * saying why, and writes nothing (no output, no dataset_info.json entry, no side file).
 */
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { augment, DATA_DIR, jsonl, runCli, STACK_FRAME, stderrLines, useTempDirs } from '../helpers/e2e-cli.js';

const dir = useTempDirs();
const IDENTITY = join(DATA_DIR, 'identity.json');

/** The smallest per-pair token count, as inspect reports it (augment's budget definition). */
async function smallestPair(input: string, tokenizer: string): Promise<number> {
  const r = await runCli(['inspect', input, '--tokenizer', tokenizer, '--json']);
  expect(r.status, r.stderr).toBe(0);
  const report = JSON.parse(r.stdout.toString()) as { files: Array<{ tokens: { min: number } }> };
  return report.files[0]?.tokens.min as number;
}

function expectNothingWritten(d: string, before: readonly string[], info: string, infoText: string): void {
  expect(readdirSync(d).sort()).toEqual([...before].sort());
  expect(readFileSync(info, 'utf8')).toBe(infoText);
}

describe('a run that would make no mosaic', () => {
  it('--max-tokens below every pair: exit 1, one line with the smallest pair against the budget; nothing written', async () => {
    for (const tokenizer of ['llama2', 'approx']) {
      const d = dir();
      const info = join(d, 'dataset_info.json');
      const infoText = '{\n  "other": {"file_name": "other.jsonl"}\n}\n';
      writeFileSync(info, infoText);
      const smallest = await smallestPair(IDENTITY, tokenizer);
      expect(smallest).toBeGreaterThan(10);
      const r = await augment([IDENTITY], join(d, 'out.jsonl'), [
        '--max-tokens',
        '10',
        '--tokenizer',
        tokenizer,
        '--dataset-info',
        info,
        '--summary-json',
        join(d, 's.json'),
        '--rejects',
        join(d, 'r.jsonl'),
      ]);
      expect(r.status, r.stderr).toBe(1);
      expect(r.stderr).not.toMatch(STACK_FRAME);
      expect(stderrLines(r.stderr)).toEqual([
        `mosaic-it: no mosaic can be made: all 91 pairs are over --max-tokens 10; the smallest has ${smallest} tokens (${tokenizer})`,
      ]);
      expectNothingWritten(d, ['dataset_info.json'], info, infoText);
    }
  });

  it('a sharegpt file of tool calls and multi-turn chats, and one answer over the budget: exit 1, no file, no dataset_info entry', async () => {
    const d = dir();
    const long = 'word '.repeat(3000);
    const input = join(d, 'chats.jsonl');
    writeFileSync(
      input,
      jsonl([
        {
          conversations: [
            { from: 'human', value: 'What is the weather in Paris?' },
            { from: 'function_call', value: '{"name": "weather", "arguments": {"city": "Paris"}}' },
            { from: 'observation', value: '{"temperature": 21}' },
            { from: 'gpt', value: 'It is 21 degrees.' },
          ],
          tools: '[{"name": "weather"}]',
        },
        {
          conversations: [
            { from: 'human', value: 'Hi.' },
            { from: 'gpt', value: 'Hello.' },
            { from: 'human', value: 'Bye.' },
            { from: 'gpt', value: 'Goodbye.' },
          ],
        },
        { conversations: [{ from: 'human', value: 'Write a long essay.' }, { from: 'gpt', value: long }] },
      ]),
    );
    const info = join(d, 'dataset_info.json');
    writeFileSync(info, '{}\n');
    const r = await augment([input], join(d, 'out.jsonl'), ['--tokenizer', 'approx', '--dataset-info', info]);
    expect(r.status, r.stderr).toBe(1);
    const tokens = await smallestPair(input, 'approx');
    expect(tokens).toBeGreaterThan(2048);
    expect(stderrLines(r.stderr)).toEqual([`mosaic-it: no mosaic can be made: the only pair is over --max-tokens 2048; the smallest has ${tokens} tokens (approx)`]);
    expectNothingWritten(d, ['chats.jsonl', 'dataset_info.json'], info, '{}\n');

    // Without the long answer nothing is usable at all: the skips are the reason.
    writeFileSync(input, readFileSync(input, 'utf8').split('\n').slice(0, 2).join('\n'));
    const none = await augment([input], join(d, 'out.jsonl'), ['--tokenizer', 'approx', '--dataset-info', info]);
    expect(none.status).toBe(1);
    expect(stderrLines(none.stderr)).toEqual([`mosaic-it: no usable pairs in ${input}: 2 records (multi-turn 1, tool-use 1) skipped`]);
    expectNothingWritten(d, ['chats.jsonl', 'dataset_info.json'], info, '{}\n');
  });

  it('a shard with no block of its own is still a part (the whole run has mosaics): exit 0, an empty file', async () => {
    const d = dir();
    const r = await augment([IDENTITY], join(d, 'part-0.jsonl'), ['--tokenizer', 'approx', '--shard', '0/2', '--epochs', '1']);
    expect(r.status, r.stderr).toBe(0);
    expect(readFileSync(join(d, 'part-0.jsonl'), 'utf8')).toBe('');
  });
});
