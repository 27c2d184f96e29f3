import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DataError } from '../../src/errors.js';
import type { MultiTurn, RecordPairs } from '../../src/formats/format-names.js';
import type { InputFormat } from '../../src/formats/input-formats.js';
import { recordToPairs } from '../../src/formats/record-pairs.js';

const at = { file: 'data.jsonl', line: 3 };

function read(value: unknown, format?: InputFormat, multiTurn: MultiTurn = 'skip', source = 7): RecordPairs {
  return recordToPairs(value, at, source, { format, multiTurn });
}

function errorOf(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DataError);
    expect((error as DataError).location).toEqual(at);
    return (error as Error).message;
  }
  throw new Error('expected a DataError');
}

const threeTurns = [
  { role: 'user', content: 'Q1' },
  { role: 'assistant', content: 'A1' },
  { role: 'user', content: 'Q2' },
  { role: 'assistant', content: 'A2' },
  { role: 'user', content: 'Q3' },
  { role: 'assistant', content: 'A3' },
];

describe('alpaca', () => {
  it('joins a non-empty input to the instruction with one newline and keeps texts verbatim', () => {
    expect(read({ instruction: ' Sum ', input: '1 2', output: '3\n' }, 'alpaca')).toEqual({
      pairs: [{ source: 7, prompt: ' Sum \n1 2', response: '3\n' }],
    });
    expect(read({ instruction: 'Hi', input: '', output: 'Hello' }, 'alpaca')).toEqual({ pairs: [{ source: 7, prompt: 'Hi', response: 'Hello' }] });
    expect(read({ instruction: 'Hi', input: null, output: 'Hello' }, 'alpaca')).toEqual({ pairs: [{ source: 7, prompt: 'Hi', response: 'Hello' }] });
  });

  it('reads the system column; an empty or blank one counts as none', () => {
    expect(read({ instruction: 'Hi', output: 'Yo', system: 'Be terse.' }, 'alpaca')).toEqual({
      pairs: [{ source: 7, prompt: 'Hi', response: 'Yo', system: 'Be terse.' }],
    });
    for (const system of ['', '  ', null]) {
      const result = read({ instruction: 'Hi', output: 'Yo', system }, 'alpaca');
      expect(result).toEqual({ pairs: [{ source: 7, prompt: 'Hi', response: 'Yo' }] });
      expect('pairs' in result && 'system' in result.pairs[0]!).toBe(false);
    }
  });

  const withHistory = { instruction: 'Q3', input: 'x', output: 'A3', system: 'S', history: [['Q1', 'A1'], ['Q2', 'A2']] };

  it('treats history as earlier exchanges: skip, first, split', () => {
    expect(read(withHistory, 'alpaca', 'skip')).toEqual({ skip: 'multi-turn' });
    expect(read(withHistory, 'alpaca', 'first')).toEqual({ pairs: [{ source: 7, prompt: 'Q1', response: 'A1', system: 'S' }] });
    expect(read(withHistory, 'alpaca', 'split')).toEqual({
      pairs: [
        { source: 7, prompt: 'Q1', response: 'A1', system: 'S' },
        { source: 7, prompt: 'Q2', response: 'A2', system: 'S' },
        { source: 7, prompt: 'Q3\nx', response: 'A3', system: 'S' },
      ],
    });
    expect(read({ ...withHistory, history: [] }, 'alpaca', 'skip')).toEqual({
      pairs: [{ source: 7, prompt: 'Q3\nx', response: 'A3', system: 'S' }],
    });
  });

  it('names the field, what was expected and what was found', () => {
    expect(errorOf(() => read({ instruction: 'Hi', output: '  ' }, 'alpaca'))).toBe(
      'data.jsonl:3: field "output": expected non-empty text, found a blank string',
    );
    expect(errorOf(() => read({ instruction: 'Hi', output: 'x', input: 4 }, 'alpaca'))).toBe(
      'data.jsonl:3: field "input": expected a string, found a number (4)',
    );
    expect(errorOf(() => read({ instruction: 'Hi', output: 'x', history: [['a']] }, 'alpaca'))).toBe(
      'data.jsonl:3: field "history" item 0: expected a [prompt, response] pair, found an array of 1 items',
    );
    expect(errorOf(() => read({ instruction: 'Hi', output: 'x', history: [['a', '']] }, 'alpaca'))).toBe(
      'data.jsonl:3: field "history" item 0 response: expected non-empty text, found an empty string',
    );
    expect(errorOf(() => read({ instruction: 'Hi', output: 'x', history: 'a' }, 'alpaca'))).toBe(
      'data.jsonl:3: field "history": expected a list of [prompt, response] pairs, found a string',
    );
    expect(errorOf(() => read([1, 2], 'alpaca'))).toBe('data.jsonl:3: expected a JSON object (an alpaca record), found an array');
    expect(errorOf(() => read({ instruction: 'Hi', text: 'x' }, 'alpaca'))).toBe(
      'data.jsonl:3: expected an alpaca record with fields "instruction", "output"; found fields "instruction", "text"',
    );
  });
});

describe('dolly', () => {
  it('joins a non-empty context like alpaca joins its input and ignores the category', () => {
    expect(read({ instruction: 'Who?', context: 'Ada wrote it.', response: 'Ada', category: 'closed_qa' }, 'dolly')).toEqual({
      pairs: [{ source: 7, prompt: 'Who?\nAda wrote it.', response: 'Ada' }],
    });
    expect(read({ instruction: 'Who?', context: '', response: 'Ada' }, 'dolly')).toEqual({ pairs: [{ source: 7, prompt: 'Who?', response: 'Ada' }] });
  });

  it('does not read a system column it does not have', () => {
    expect(read({ instruction: 'Who?', response: 'Ada', system: 'S' }, 'dolly')).toEqual({ pairs: [{ source: 7, prompt: 'Who?', response: 'Ada' }] });
  });

  it('rejects a blank response', () => {
    expect(errorOf(() => read({ instruction: 'Who?', response: '' }, 'dolly'))).toBe(
      'data.jsonl:3: field "response": expected non-empty text, found an empty string',
    );
  });
});

describe('sharegpt', () => {
  const convo = (...turns: [string, string][]) => turns.map(([from, value]) => ({ from, value }));

  it('reads human/gpt turns and the system column', () => {
    expect(read({ conversations: convo(['human', 'Q'], ['gpt', 'A']), system: 'S' }, 'sharegpt')).toEqual({
      pairs: [{ source: 7, prompt: 'Q', response: 'A', system: 'S' }],
    });
  });

  it('accepts user/assistant too, and a leading system turn wins over the column', () => {
    expect(read({ conversations: convo(['system', 'T'], ['user', 'Q'], ['assistant', 'A']), system: 'S' }, 'sharegpt')).toEqual({
      pairs: [{ source: 7, prompt: 'Q', response: 'A', system: 'T' }],
    });
    expect(read({ conversations: convo(['system', ''], ['human', 'Q'], ['gpt', 'A']), system: 'S' }, 'sharegpt')).toEqual({
      pairs: [{ source: 7, prompt: 'Q', response: 'A', system: 'S' }],
    });
  });

  it('skips function calls, observations and a tools column', () => {
    const tool = convo(['human', 'Weather?'], ['function_call', '{"name":"w"}'], ['observation', 'sunny'], ['gpt', 'Sunny.']);
    expect(read({ conversations: tool }, 'sharegpt', 'split')).toEqual({ skip: 'tool-use' });
    expect(read({ conversations: convo(['human', 'Q'], ['gpt', 'A']), tools: '[{"name":"w"}]' }, 'sharegpt')).toEqual({ skip: 'tool-use' });
    expect(read({ conversations: convo(['human', 'Q'], ['gpt', 'A']), tools: '' }, 'sharegpt')).toEqual({
      pairs: [{ source: 7, prompt: 'Q', response: 'A' }],
    });
  });

  it('skips records with images', () => {
    expect(read({ conversations: convo(['human', '<image>What is it?'], ['gpt', 'A cat']), images: ['cat.png'] }, 'sharegpt', 'split')).toEqual({
      skip: 'non-text',
    });
  });

  it('names an unknown role with the accepted ones', () => {
    expect(errorOf(() => read({ conversations: convo(['human', 'Q'], ['bot', 'A']) }, 'sharegpt'))).toBe(
      'data.jsonl:3: conversations[1]: field "from": expected one of "user", "human", "assistant", "gpt", "system", "developer", found "bot"',
    );
  });
});

describe('messages', () => {
  it('reads string content, a system message and ignores extra fields', () => {
    const messages = [
      { role: 'system', content: 'S' },
      { role: 'user', content: 'Q' },
      { role: 'assistant', content: 'A', weight: 1 },
    ];
    expect(read({ messages, label: true }, 'messages')).toEqual({ pairs: [{ source: 7, prompt: 'Q', response: 'A', system: 'S' }] });
    expect(read({ messages: [{ role: 'developer', content: 'D' }, ...messages.slice(1)] }, 'messages')).toEqual({
      pairs: [{ source: 7, prompt: 'Q', response: 'A', system: 'D' }],
    });
  });

  it('joins text parts, whether they carry "text" or "value"', () => {
    const messages = [
      { role: 'user', content: [{ type: 'text', text: 'Part one. ' }, { type: 'text', value: 'Part two.' }] },
      { role: 'assistant', content: [{ type: 'text', text: 'Done.' }] },
    ];
    expect(read({ messages }, 'messages')).toEqual({ pairs: [{ source: 7, prompt: 'Part one. Part two.', response: 'Done.' }] });
  });

  it.each([
    ['image_url', { type: 'image_url', image_url: { url: 'https://example.org/a.png' } }],
    ['input_audio', { type: 'input_audio', input_audio: { data: 'AAAA', format: 'wav' } }],
    ['image', { type: 'image' }],
  ])('skips a %s part as non-text', (_name, part) => {
    const messages = [
      { role: 'user', content: [{ type: 'text', text: 'Look:' }, part] },
      { role: 'assistant', content: 'Nice.' },
    ];
    expect(read({ messages }, 'messages', 'split')).toEqual({ skip: 'non-text' });
  });

  it('skips tool calls and tool results whatever the multi-turn policy', () => {
    const withCall = [
      { role: 'user', content: 'Weather?' },
      { role: 'assistant', content: null, tool_calls: [{ id: 'c1', type: 'function', function: { name: 'w', arguments: '{}' } }] },
      { role: 'tool', tool_call_id: 'c1', content: 'sunny' },
      { role: 'assistant', content: 'Sunny.' },
    ];
    for (const policy of ['skip', 'first', 'split'] as const) {
      expect(read({ messages: withCall }, 'messages', policy)).toEqual({ skip: 'tool-use' });
    }
    const legacy = [
      { role: 'user', content: 'Weather?' },
      { role: 'assistant', content: null, function_call: { name: 'w', arguments: '{}' } },
    ];
    expect(read({ messages: legacy }, 'messages')).toEqual({ skip: 'tool-use' });
    const plain = [
      { role: 'user', content: 'Q' },
      { role: 'assistant', content: 'A', tool_calls: [] },
    ];
    expect(read({ messages: plain }, 'messages')).toEqual({ pairs: [{ source: 7, prompt: 'Q', response: 'A' }] });
    expect(read({ messages: plain, tools: [{ type: 'function', function: { name: 'w' } }] }, 'messages')).toEqual({ skip: 'tool-use' });
  });

  it('applies the multi-turn policy', () => {
    expect(read({ messages: threeTurns }, 'messages', 'skip')).toEqual({ skip: 'multi-turn' });
    expect(read({ messages: threeTurns }, 'messages', 'first')).toEqual({ pairs: [{ source: 7, prompt: 'Q1', response: 'A1' }] });
    const split = read({ messages: [{ role: 'system', content: 'S' }, ...threeTurns] }, 'messages', 'split');
    expect(split).toEqual({
      pairs: ['1', '2', '3'].map((n) => ({ source: 7, prompt: `Q${n}`, response: `A${n}`, system: 'S' })),
    });
  });

  it('skips conversations without a final answer or with roles out of order', () => {
    expect(read({ messages: threeTurns.slice(0, 5) }, 'messages', 'split')).toEqual({ skip: 'no-answer' });
    expect(read({ messages: [{ role: 'system', content: 'S' }] }, 'messages')).toEqual({ skip: 'no-answer' });
    expect(read({ messages: [] }, 'messages')).toEqual({ skip: 'no-answer' });
    expect(read({ messages: [threeTurns[1], threeTurns[0], threeTurns[1]] }, 'messages', 'split')).toEqual({ skip: 'turn-order' });
    expect(read({ messages: [threeTurns[0], threeTurns[2], threeTurns[1]] }, 'messages', 'split')).toEqual({ skip: 'turn-order' });
    const lateSystem = [threeTurns[0], threeTurns[1], { role: 'system', content: 'S' }, threeTurns[2], threeTurns[3]];
    expect(read({ messages: lateSystem }, 'messages', 'split')).toEqual({ skip: 'turn-order' });
  });

  it('reports malformed messages with their position', () => {
    expect(errorOf(() => read({ messages: [{ role: 'user', content: 'Q' }, { role: 'assistant', content: ' \n' }] }, 'messages'))).toBe(
      'data.jsonl:3: messages[1]: field "content": expected non-empty text, found a blank string',
    );
    expect(errorOf(() => read({ messages: [{ role: 'user', content: 'Q' }, 'A'] }, 'messages'))).toBe(
      'data.jsonl:3: messages[1]: expected a message object with "role" and "content", found a string',
    );
    expect(errorOf(() => read({ messages: [{ role: 'user', content: [{ text: 'Q' }] }] }, 'messages'))).toBe(
      'data.jsonl:3: messages[0]: field "content": part 0: expected {"type": "text", "text": ...}, found an object',
    );
    expect(errorOf(() => read({ messages: [{ role: 'user', content: 5 }] }, 'messages'))).toBe(
      'data.jsonl:3: messages[0]: field "content": expected text or a list of text parts, found a number (5)',
    );
    expect(errorOf(() => read({ messages: { role: 'user' } }, 'messages'))).toBe(
      'data.jsonl:3: field "messages": expected a list of messages, found an object',
    );
  });
});

describe('prompt-completion', () => {
  it('reads the standard (string) form verbatim', () => {
    expect(read({ prompt: 'The sky is', completion: ' blue.' }, 'prompt-completion')).toEqual({
      pairs: [{ source: 7, prompt: 'The sky is', response: ' blue.' }],
    });
  });

  it('reads the conversational form with a system message and earlier turns in the prompt', () => {
    const record = {
      prompt: [{ role: 'system', content: 'S' }, ...threeTurns.slice(0, 5)],
      completion: [{ role: 'assistant', content: 'A3' }],
    };
    expect(read(record, 'prompt-completion', 'first')).toEqual({ pairs: [{ source: 7, prompt: 'Q1', response: 'A1', system: 'S' }] });
    expect(read(record, 'prompt-completion', 'skip')).toEqual({ skip: 'multi-turn' });
    expect(read(record, 'prompt-completion', 'split')).toMatchObject({ pairs: { length: 3, 2: { prompt: 'Q3', response: 'A3', system: 'S' } } });
    expect(
      read({ prompt: [threeTurns[0]], completion: [threeTurns[1]] }, 'prompt-completion'),
    ).toEqual({ pairs: [{ source: 7, prompt: 'Q1', response: 'A1' }] });
  });

  it('names the completion list in errors and refuses mixed forms', () => {
    expect(errorOf(() => read({ prompt: [threeTurns[0]], completion: [{ role: 'assistant', content: '' }] }, 'prompt-completion'))).toBe(
      'data.jsonl:3: completion[0]: field "content": expected non-empty text, found an empty string',
    );
    expect(errorOf(() => read({ prompt: [threeTurns[0]], completion: 'A' }, 'prompt-completion'))).toBe(
      'data.jsonl:3: field "completion": expected a list of messages as in "prompt", found a string',
    );
  });

  it('skips a prompt-only record and a completion that calls a tool', () => {
    expect(read({ prompt: [threeTurns[0]], completion: [] }, 'prompt-completion')).toEqual({ skip: 'no-answer' });
    const call = { role: 'assistant', content: '', tool_calls: [{ type: 'function', function: { name: 'f', arguments: '{}' } }] };
    expect(read({ prompt: [threeTurns[0]], completion: [call] }, 'prompt-completion')).toEqual({ skip: 'tool-use' });
  });
});

describe('records of another format than the file', () => {
  it('says which format and fields were expected', () => {
    expect(errorOf(() => read({ instruction: 'Hi', output: 'Yo' }, 'sharegpt'))).toBe(
      'data.jsonl:3: expected a sharegpt record with field "conversations"; found fields "instruction", "output"',
    );
    expect(errorOf(() => read({ messages: [] }, 'prompt-completion'))).toBe(
      'data.jsonl:3: expected a prompt-completion record with fields "prompt", "completion"; found fields "messages"',
    );
  });

  it('detects the format of a lone record when none is given', () => {
    expect(read({ conversations: [{ from: 'human', value: 'Q' }, { from: 'gpt', value: 'A' }] })).toEqual({
      pairs: [{ source: 7, prompt: 'Q', response: 'A' }],
    });
    expect(errorOf(() => read({ text: 'raw' }))).toMatch(/^data\.jsonl:3: found fields "text"; expected one of: alpaca \("instruction", "output"\)/);
  });
});

describe('multi-turn policies over any conversation', () => {
  const text = fc.string({ minLength: 1, maxLength: 12 }).filter((s) => s.trim() !== '');
  const exchanges = fc.array(fc.tuple(text, text), { minLength: 1, maxLength: 6 });

  it('split keeps every exchange in order, first keeps the first, skip drops only multi-turn records', () => {
    fc.assert(
      fc.property(exchanges, fc.option(text, { nil: undefined }), fc.nat(1000), (turns, system, source) => {
        const messages = turns.flatMap(([q, a]) => [
          { role: 'user', content: q },
          { role: 'assistant', content: a },
        ]);
        if (system !== undefined) messages.unshift({ role: 'system', content: system });
        const expected = turns.map(([prompt, response]) => (system === undefined ? { source, prompt, response } : { source, prompt, response, system }));
        expect(read({ messages }, 'messages', 'split', source)).toEqual({ pairs: expected });
        expect(read({ messages }, 'messages', 'first', source)).toEqual({ pairs: expected.slice(0, 1) });
        expect(read({ messages }, 'messages', 'skip', source)).toEqual(turns.length > 1 ? { skip: 'multi-turn' } : { pairs: expected });
      }),
    );
  });
});
