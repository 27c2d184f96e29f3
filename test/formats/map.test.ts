import { describe, expect, it } from 'vitest';
import { DataError, UsageError } from '../../src/errors.js';
import { describeMismatch, detectFormat } from '../../src/formats/detect.js';
import { parseFieldMap, type FieldMap } from '../../src/formats/field-map.js';
import type { InputFormat } from '../../src/formats/input-formats.js';
import { recordToPairs } from '../../src/formats/record-pairs.js';

const at = { file: 'in.json', index: 4 };

function usageMessage(spec: string): string {
  try {
    parseFieldMap(spec);
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).flag).toBe('--map');
    return (error as Error).message;
  }
  throw new Error(`"${spec}" parsed`);
}

function read(value: unknown, map: FieldMap, format?: InputFormat) {
  return recordToPairs(value, at, 0, { format, map, multiTurn: 'split' });
}

describe('parseFieldMap', () => {
  it('parses keys and trims blanks around them', () => {
    expect(parseFieldMap(' prompt = question , response=answer')).toEqual({ prompt: 'question', response: 'answer' });
    expect(parseFieldMap('messages=dialog,role=speaker,content=text,user-role=customer,assistant-role=agent,system-role=sys')).toEqual({
      messages: 'dialog',
      role: 'speaker',
      content: 'text',
      'user-role': 'customer',
      'assistant-role': 'agent',
      'system-role': 'sys',
    });
  });

  it('names an unknown key, suggests the right one and lists the accepted ones', () => {
    expect(usageMessage('prompt=q,output=a')).toBe(
      'unknown key "output" (did you mean "response"?); accepted: prompt, input, response, system, history, messages, role, content, user-role, assistant-role, system-role',
    );
    expect(usageMessage('user=customer')).toMatch(/^unknown key "user" \(did you mean "user-role"\?\)/);
    expect(usageMessage('colour=x')).toMatch(/^unknown key "colour"; accepted: /);
  });

  it.each([
    ['prompt=q,,response=a', 'empty entry in "prompt=q,,response=a"'],
    ['prompt', '"prompt" is not key=name'],
    ['prompt=', '"prompt=" is not key=name'],
    ['prompt=a=b', '"prompt=a=b" is not key=name'],
    ['prompt=q,prompt=r', '"prompt" is mapped twice'],
    ['prompt=q,response=q', '"prompt" and "response" both name "q"'],
    ['user-role=x,assistant-role=x', '"user-role" and "assistant-role" both name "x"'],
    ['history=h,messages=m', 'keys "history", "messages" do not belong to one input format'],
  ])('rejects %s', (spec, message) => {
    expect(usageMessage(spec)).toBe(message);
  });
});

describe('reading with a map', () => {
  it('reads custom flat fields as alpaca, with a mapped input and system', () => {
    const map = parseFieldMap('prompt=question,input=details,response=answer,system=persona');
    const record = { question: 'Q', details: 'D', answer: 'A', persona: 'P' };
    expect(detectFormat(record, map)).toBe('alpaca');
    expect(read(record, map)).toEqual({ pairs: [{ source: 0, prompt: 'Q\nD', response: 'A', system: 'P' }] });
  });

  it('reads custom conversations with custom keys and role values', () => {
    const map = parseFieldMap('messages=dialog,role=speaker,content=text,user-role=customer,assistant-role=agent,system-role=sys');
    const record = {
      dialog: [
        { speaker: 'sys', text: 'Be kind.' },
        { speaker: 'customer', text: 'Refund?' },
        { speaker: 'agent', text: 'Done.' },
      ],
    };
    expect(detectFormat(record, map)).toBe('messages');
    expect(read(record, map)).toEqual({ pairs: [{ source: 0, prompt: 'Refund?', response: 'Done.', system: 'Be kind.' }] });
    // A mapped role replaces the defaults for that role.
    const plain = { dialog: [{ speaker: 'user', text: 'Refund?' }, { speaker: 'agent', text: 'Done.' }] };
    expect(() => read(plain, map)).toThrow('in.json[4]: dialog[0]: field "speaker": expected one of "customer", "agent", "sys", found "user"');
  });

  it('swaps roles when both are mapped to each other', () => {
    const map = parseFieldMap('user-role=assistant,assistant-role=user');
    const record = { messages: [{ role: 'assistant', content: 'Q' }, { role: 'user', content: 'A' }] };
    expect(read(record, map, 'messages')).toEqual({ pairs: [{ source: 0, prompt: 'Q', response: 'A' }] });
  });

  it('maps only the list field of a sharegpt file and keeps its from/value keys', () => {
    const map = parseFieldMap('messages=turns');
    const record = { turns: [{ from: 'human', value: 'Q' }, { from: 'gpt', value: 'A' }] };
    expect(detectFormat(record, map)).toBe('sharegpt');
    expect(read(record, map)).toEqual({ pairs: [{ source: 0, prompt: 'Q', response: 'A' }] });
  });

  it('prefers dolly when the record has dolly\'s context field', () => {
    const map = parseFieldMap('response=answer');
    expect(detectFormat({ instruction: 'I', context: 'C', answer: 'A' }, map)).toBe('dolly');
    expect(detectFormat({ instruction: 'I', input: 'C', answer: 'A' }, map)).toBe('alpaca');
    expect(read({ instruction: 'I', context: 'C', answer: 'A' }, map)).toEqual({ pairs: [{ source: 0, prompt: 'I\nC', response: 'A' }] });
  });

  it('detects conversational prompt-completion behind mapped names', () => {
    const map = parseFieldMap('prompt=ask,response=reply');
    const record = { ask: [{ role: 'user', content: 'Q' }], reply: [{ role: 'assistant', content: 'A' }] };
    expect(detectFormat(record, map)).toBe('prompt-completion');
    expect(detectFormat({ ask: 'Q', reply: 'A' }, map)).toBe('alpaca');
  });

  it('makes a missing mapped field a data error naming it', () => {
    const map = parseFieldMap('prompt=question,response=answer,system=persona');
    const error = (() => {
      try {
        read({ question: 'Q', answer: 'A' }, map, 'alpaca');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(DataError);
    expect((error as Error).message).toBe(
      'in.json[4]: field "persona" (--map system=persona) is missing (for a system role value, map system-role); found fields "question", "answer"',
    );
    expect(() => read({ question: 'Q', persona: null }, map, 'alpaca')).toThrow('in.json[4]: field "answer" (--map response=answer) is missing; found fields "question", "persona"');
    // Present but null is fine for an optional field.
    expect(read({ question: 'Q', answer: 'A', persona: null }, map, 'alpaca')).toEqual({ pairs: [{ source: 0, prompt: 'Q', response: 'A' }] });
  });

  it('refuses a map the forced format cannot use', () => {
    const map = parseFieldMap('history=past');
    expect(() => read({ messages: [] }, map, 'messages')).toThrow(UsageError);
    expect(() => read({ messages: [] }, map, 'messages')).toThrow('key "history" does not apply to messages records (it applies to alpaca)');
  });
});

describe('detectFormat', () => {
  it.each([
    [{ instruction: 'I', input: '', output: 'O' }, 'alpaca'],
    [{ instruction: 'I', output: 'O', history: [] }, 'alpaca'],
    [{ instruction: 'I', context: '', response: 'R', category: 'qa' }, 'dolly'],
    [{ conversations: [{ from: 'human', value: 'Q' }] }, 'sharegpt'],
    [{ messages: [{ role: 'user', content: 'Q' }], label: true }, 'messages'],
    [{ prompt: 'P', completion: 'C' }, 'prompt-completion'],
    [{ prompt: [], completion: [] }, 'prompt-completion'],
    [{ instruction: 'I', input: '' }, null],
    [{ text: 'raw' }, null],
    [[1], null],
    ['text', null],
  ] as const)('%j -> %s', (record, format) => {
    expect(detectFormat(record)).toBe(format);
  });
});

describe('describeMismatch', () => {
  it('lists the fields found and each format\'s expected fields', () => {
    expect(describeMismatch({ text: 'x', meta: 1 })).toBe(
      'found fields "text", "meta"; expected one of: alpaca ("instruction", "output"), sharegpt ("conversations"), messages ("messages"), prompt-completion ("prompt", "completion"), dolly ("instruction", "response")',
    );
  });

  it('uses mapped names and only the formats the map allows', () => {
    expect(describeMismatch({ q: 'x' }, parseFieldMap('prompt=question,response=answer'))).toBe(
      'found fields "q"; expected one of: alpaca ("question", "answer"), prompt-completion ("question", "answer"), dolly ("question", "answer")',
    );
    expect(describeMismatch({}, parseFieldMap('role=speaker'))).toBe(
      'found an object with no fields; expected one of: sharegpt ("conversations"), messages ("messages"), prompt-completion ("prompt", "completion")',
    );
  });

  it('cuts long field lists and describes non-objects', () => {
    const wide = Object.fromEntries(Array.from({ length: 11 }, (_, i) => [`f${i}`, i]));
    expect(describeMismatch(wide)).toMatch(/^found fields "f0", "f1", "f2", "f3", "f4", "f5", "f6", "f7" and 3 more; /);
    expect(describeMismatch(null)).toBe('expected a JSON object, found null');
  });
});
