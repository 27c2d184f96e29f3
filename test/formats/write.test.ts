import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DataError, UsageError } from '../../src/errors.js';
import { datasetInfoEntry, mergeDatasetInfo } from '../../src/formats/dataset-info.js';
import { detectFormat } from '../../src/formats/detect.js';
import { OUTPUT_FORMATS, type OutputFormat } from '../../src/formats/format-names.js';
import { DEFAULT_OUTPUT_FORMAT, INPUT_FORMATS } from '../../src/formats/input-formats.js';
import { mosaicToRecord } from '../../src/formats/output.js';
import { mosaicToPromptCompletion } from '../../src/formats/prompt-completion.js';
import { recordToPairs } from '../../src/formats/record-pairs.js';
import type { Mosaic, MosaicMeta } from '../../src/types.js';

const meta: MosaicMeta = { epoch: 1, sources: [4, 2], strategy: 'permute', rule: 'reverse', order: [2, 1], masked: [], numbered: true, lang: 'en', tokens: 42 };
const plain: Mosaic = { prompt: 'Do A.\nDo B.', response: 'B done.\nA done.', meta };
const withSystem: Mosaic = { ...plain, system: 'Be brief.' };

/** OpenAI's chat fine-tuning rules for one line, as problems found (empty when valid). */
function openAiProblems(record: unknown): string[] {
  const problems: string[] = [];
  if (typeof record !== 'object' || record === null) return ['not an object'];
  if (Object.keys(record).join() !== 'messages') problems.push(`top-level keys ${Object.keys(record).join()}`);
  const messages = (record as { messages?: unknown }).messages;
  if (!Array.isArray(messages) || messages.length === 0) return [...problems, 'no messages'];
  messages.forEach((m: Record<string, unknown>, i) => {
    if (Object.keys(m).sort().join() !== 'content,role') problems.push(`message ${i} keys`);
    if (!['system', 'user', 'assistant'].includes(m.role as string)) problems.push(`message ${i} role ${String(m.role)}`);
    if (typeof m.content !== 'string' || m.content === '') problems.push(`message ${i} content`);
    if (m.role === 'system' && i !== 0) problems.push(`system at ${i}`);
  });
  const turns = messages.filter((m: { role: string }) => m.role !== 'system');
  turns.forEach((m: { role: string }, i) => {
    if (m.role !== (i % 2 === 0 ? 'user' : 'assistant')) problems.push(`turn ${i} is ${m.role}`);
  });
  if (messages.at(-1)?.role !== 'assistant') problems.push('does not end with assistant');
  return problems;
}

describe('output records', () => {
  it('alpaca keeps an empty input column and puts system, then meta, last', () => {
    const record = mosaicToRecord('alpaca', withSystem, { withMeta: true });
    expect(record).toEqual({ instruction: plain.prompt, input: '', output: plain.response, system: 'Be brief.', meta });
    expect(Object.keys(record)).toEqual(['instruction', 'input', 'output', 'system', 'meta']);
    expect(Object.keys(mosaicToRecord('alpaca', plain, { withMeta: false }))).toEqual(['instruction', 'input', 'output']);
  });

  it('sharegpt writes human then gpt, with the system prompt in the system column', () => {
    const record = mosaicToRecord('sharegpt', withSystem, { withMeta: true });
    expect(record).toEqual({
      conversations: [
        { from: 'human', value: plain.prompt },
        { from: 'gpt', value: plain.response },
      ],
      system: 'Be brief.',
      meta,
    });
    expect(Object.keys(record)).toEqual(['conversations', 'system', 'meta']);
    expect(mosaicToRecord('sharegpt', plain, { withMeta: false })).not.toHaveProperty('system');
  });

  it('messages writes an optional system message, then user and assistant', () => {
    expect(mosaicToRecord('messages', withSystem, { withMeta: false })).toEqual({
      messages: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: plain.prompt },
        { role: 'assistant', content: plain.response },
      ],
    });
    expect(mosaicToRecord('messages', plain, { withMeta: true })).toEqual({
      messages: [
        { role: 'user', content: plain.prompt },
        { role: 'assistant', content: plain.response },
      ],
      meta,
    });
  });

  it('messages output follows OpenAI\'s chat fine-tuning rules', () => {
    for (const mosaic of [plain, withSystem]) expect(openAiProblems(mosaicToRecord('messages', mosaic, { withMeta: false }))).toEqual([]);
    // The checker itself catches what it should.
    expect(openAiProblems({ messages: [{ role: 'user', content: 'Q' }, { role: 'system', content: 'S' }] })).toEqual([
      'system at 1',
      'does not end with assistant',
    ]);
  });

  it('prompt-completion writes strings, or message lists when asked', () => {
    expect(mosaicToRecord('prompt-completion', plain, { withMeta: false })).toEqual({ prompt: plain.prompt, completion: plain.response });
    expect(mosaicToRecord('prompt-completion', withSystem, { withMeta: true, conversational: true })).toEqual({
      prompt: [
        { role: 'system', content: 'Be brief.' },
        { role: 'user', content: plain.prompt },
      ],
      completion: [{ role: 'assistant', content: plain.response }],
      meta,
    });
    expect(mosaicToRecord('prompt-completion', plain, { withMeta: false, conversational: true })).toEqual({
      prompt: [{ role: 'user', content: plain.prompt }],
      completion: [{ role: 'assistant', content: plain.response }],
    });
    expect(() => mosaicToPromptCompletion(withSystem, false, false)).toThrow(/needs the conversational/);
  });

  it('maps each input format to its family', () => {
    expect(DEFAULT_OUTPUT_FORMAT).toEqual({
      alpaca: 'alpaca',
      dolly: 'alpaca',
      sharegpt: 'sharegpt',
      messages: 'messages',
      'prompt-completion': 'prompt-completion',
    });
    for (const input of INPUT_FORMATS) expect(OUTPUT_FORMATS).toContain(DEFAULT_OUTPUT_FORMAT[input]);
  });
});

describe('written records read back', () => {
  const text = fc.string({ minLength: 1, maxLength: 30 }).filter((s) => s.trim() !== '');
  const cases: [OutputFormat, boolean][] = [
    ['alpaca', false],
    ['sharegpt', false],
    ['messages', false],
    ['prompt-completion', false],
    ['prompt-completion', true],
  ];

  it.each(cases)('%s (conversational: %s) is detected as itself and gives back the pair', (format, conversational) => {
    fc.assert(
      fc.property(text, text, fc.option(text, { nil: undefined }), (prompt, response, system) => {
        if (system !== undefined && format === 'prompt-completion' && !conversational) return;
        const mosaic: Mosaic = system === undefined ? { prompt, response, meta } : { prompt, response, system, meta };
        const record = JSON.parse(JSON.stringify(mosaicToRecord(format, mosaic, { withMeta: true, conversational })));
        expect(detectFormat(record)).toBe(format);
        // A blank system prompt reads back as none.
        const kept = system !== undefined && system.trim() !== '' ? system : undefined;
        const expected = kept === undefined ? { source: 3, prompt, response } : { source: 3, prompt, response, system: kept };
        expect(recordToPairs(record, { file: 'out.jsonl', line: 1 }, 3, { multiTurn: 'skip' })).toEqual({ pairs: [expected] });
      }),
    );
  });
});

describe('LLaMA-Factory dataset_info.json', () => {
  const noSystem = { hasSystem: false, conversationalPromptCompletion: false };
  const system = { hasSystem: true, conversationalPromptCompletion: false };

  it('describes alpaca output with prompt/query/response columns', () => {
    expect(datasetInfoEntry('alpaca', 'mosaic.json', system)).toEqual({
      file_name: 'mosaic.json',
      formatting: 'alpaca',
      columns: { prompt: 'instruction', query: 'input', response: 'output', system: 'system' },
    });
    expect(datasetInfoEntry('alpaca', 'mosaic.json', noSystem).columns).not.toHaveProperty('system');
  });

  it('describes sharegpt output with its from/value and human/gpt tags', () => {
    expect(datasetInfoEntry('sharegpt', 'out/m.jsonl', system)).toEqual({
      file_name: 'out/m.jsonl',
      formatting: 'sharegpt',
      columns: { messages: 'conversations', system: 'system' },
      tags: { role_tag: 'from', content_tag: 'value', user_tag: 'human', assistant_tag: 'gpt' },
    });
  });

  it('describes messages output as LLaMA-Factory\'s OpenAI layout', () => {
    expect(datasetInfoEntry('messages', 'm.jsonl', system)).toEqual({
      file_name: 'm.jsonl',
      formatting: 'sharegpt',
      columns: { messages: 'messages' },
      tags: { role_tag: 'role', content_tag: 'content', user_tag: 'user', assistant_tag: 'assistant', system_tag: 'system' },
    });
  });

  it('describes string prompt-completion as alpaca columns and refuses the conversational form', () => {
    expect(datasetInfoEntry('prompt-completion', 'pc.jsonl', noSystem)).toEqual({
      file_name: 'pc.jsonl',
      formatting: 'alpaca',
      columns: { prompt: 'prompt', response: 'completion' },
    });
    const call = () => datasetInfoEntry('prompt-completion', 'pc.jsonl', { hasSystem: true, conversationalPromptCompletion: true });
    expect(call).toThrow(UsageError);
    expect(call).toThrow(/--to messages/);
    try {
      call();
    } catch (error) {
      expect((error as UsageError).flag).toBe('--dataset-info');
    }
  });

  it('merges: keeps other entries in place, replaces one of the same name, adds a new one last', () => {
    const existing = JSON.stringify({ first: { file_name: 'a.json' }, mosaic: { file_name: 'old.json' }, last: { file_name: 'z.json' } });
    const entry = datasetInfoEntry('alpaca', 'new.json', noSystem);
    const merged = mergeDatasetInfo(existing, 'mosaic', entry);
    expect(merged.endsWith('}\n')).toBe(true);
    expect(merged).toContain('\n  "first": {\n    "file_name": "a.json"\n  },');
    const parsed = JSON.parse(merged);
    expect(Object.keys(parsed)).toEqual(['first', 'mosaic', 'last']);
    expect(parsed.mosaic).toEqual(entry);
    expect(Object.keys(JSON.parse(mergeDatasetInfo(existing, 'extra', entry)))).toEqual(['first', 'mosaic', 'last', 'extra']);
    expect(JSON.parse(mergeDatasetInfo(undefined, 'mosaic', entry))).toEqual({ mosaic: entry });
    expect(JSON.parse(mergeDatasetInfo('  \n', 'mosaic', entry))).toEqual({ mosaic: entry });
  });

  it('keeps a "__proto__" name an ordinary entry', () => {
    const merged = JSON.parse(mergeDatasetInfo('{"__proto__": {"file_name": "p.json"}}', 'x', { file_name: 'x.json' }));
    expect(Object.keys(merged)).toEqual(['__proto__', 'x']);
  });

  it('reports a broken existing file as a data error on that file', () => {
    expect(() => mergeDatasetInfo('{"a": ', 'x', {}, 'data/dataset_info.json')).toThrow(DataError);
    expect(() => mergeDatasetInfo('{"a": ', 'x', {}, 'data/dataset_info.json')).toThrow(/^data\/dataset_info\.json: expected JSON, found invalid text/);
    expect(() => mergeDatasetInfo('[]', 'x', {})).toThrow('dataset_info.json: expected a JSON object of dataset entries, found an array');
  });
});
