import { describe, expect, it } from 'vitest';
import { DataError, UsageError } from '../../src/errors.js';
import { parseFieldMap } from '../../src/formats/field-map.js';
import { fieldPath, recordViews } from '../../src/formats/field-paths.js';
import { withChosenAnswer } from '../../src/formats/preference.js';
import { recordToPairs, viewsOf } from '../../src/formats/record-pairs.js';

const at = { file: 'x.jsonl', line: 3 };

describe('fieldPath', () => {
  it.each([
    ['output', null],
    ['a*b', null],
    ['instances.0.output', { head: ['instances', 0, 'output'], each: null }],
    ['instances.*.output', { head: ['instances'], each: ['output'] }],
    ['data.items.*', { head: ['data', 'items'], each: [] }],
    ['a\\.b', { head: ['a.b'], each: null }],
    ['meta.a\\.b.0', { head: ['meta', 'a.b', 0], each: null }],
  ])('%s', (name, expected) => {
    const path = fieldPath(name);
    expect(path === null ? null : { head: path.head, each: path.each }).toEqual(expected);
  });

  it.each(['a..b', '.a', '*', '*.output', 'a.*.b.*'])('%s is a usage error naming --map', (name) => {
    expect(() => fieldPath(name)).toThrow(UsageError);
  });
});

describe('recordViews', () => {
  const seed = { instruction: 'Add.', instances: [{ input: '1 2', output: '3' }, { input: '2 2', output: '4' }] };

  it('is the record itself without a map or without paths', () => {
    expect(recordViews(seed, undefined, at)).toEqual([{ record: seed }]);
    const plain = parseFieldMap('prompt=instruction');
    expect(recordViews(seed, plain, at)[0]?.record).toBe(seed);
  });

  it('sets each path value under its name; "*" gives one view per element', () => {
    const byIndex = recordViews(seed, parseFieldMap('response=instances.1.output'), at);
    expect(byIndex[0]?.record['instances.1.output']).toBe('4');
    expect(Object.keys(byIndex[0]?.record ?? {}), 'the record\'s own fields, for messages').toEqual(['instruction', 'instances']);
    const each = recordViews(seed, parseFieldMap('input=instances.*.input,response=instances.*.output'), at);
    expect(each.map((v) => [v.element, v.record['instances.*.input'], v.record['instances.*.output']])).toEqual([
      [0, '1 2', '3'],
      [1, '2 2', '4'],
    ]);
  });

  it('a missing path leaves the name out (the reader then names it missing); a missing or empty list is a DataError', () => {
    expect('instances.5.output' in (recordViews(seed, parseFieldMap('response=instances.5.output'), at)[0]?.record ?? {})).toBe(false);
    const map = parseFieldMap('response=tasks.*.output');
    expect(() => recordViews(seed, map, at)).toThrow('x.jsonl:3: field "tasks": expected a non-empty list (--map tasks.*.output), found nothing (field missing)');
    expect(() => recordViews({ tasks: [] }, map, at)).toThrow('found an empty list');
  });

  it('recordToPairs reads every element, and names the element of a bad one', () => {
    const map = parseFieldMap('input=instances.*.input,response=instances.*.output');
    expect(recordToPairs(seed, at, 7, { format: 'alpaca', map, multiTurn: 'skip' })).toEqual({
      pairs: [
        { source: 7, prompt: 'Add.\n1 2', response: '3' },
        { source: 7, prompt: 'Add.\n2 2', response: '4' },
      ],
    });
    const bad = { instruction: 'Add.', instances: [{ input: '1', output: '1' }, { input: '2' }] };
    expect(() => recordToPairs(bad, at, 0, { format: 'alpaca', map, multiTurn: 'skip' })).toThrow(
      'x.jsonl:3: field "instances.1.output" (--map response=instances.*.output) is missing; found fields "instruction", "instances"',
    );
  });
});

describe('withChosenAnswer', () => {
  it.each([
    ['alpaca-like', { instruction: 'Q', input: '', chosen: 'A', rejected: 'B' }, { instruction: 'Q', input: '', output: 'A' }],
    ['TRL standard', { prompt: 'Q', chosen: 'A', rejected: 'B' }, { prompt: 'Q', completion: 'A' }],
    [
      'sharegpt-like',
      { conversations: [{ from: 'human', value: 'Q' }], chosen: { from: 'gpt', value: 'A' }, rejected: { from: 'gpt', value: 'B' } },
      { conversations: [{ from: 'human', value: 'Q' }, { from: 'gpt', value: 'A' }] },
    ],
    [
      'messages-like',
      { messages: [{ role: 'user', content: 'Q' }], chosen: { role: 'assistant', content: 'A' }, rejected: { role: 'assistant', content: 'B' } },
      { messages: [{ role: 'user', content: 'Q' }, { role: 'assistant', content: 'A' }] },
    ],
    [
      'TRL conversational',
      { prompt: [{ role: 'user', content: 'Q' }], chosen: [{ role: 'assistant', content: 'A' }], rejected: [{ role: 'assistant', content: 'B' }] },
      { prompt: [{ role: 'user', content: 'Q' }], completion: [{ role: 'assistant', content: 'A' }] },
    ],
    [
      'TRL implicit prompt',
      { chosen: [{ role: 'user', content: 'Q' }, { role: 'assistant', content: 'A' }], rejected: [{ role: 'user', content: 'Q' }, { role: 'assistant', content: 'B' }] },
      { messages: [{ role: 'user', content: 'Q' }, { role: 'assistant', content: 'A' }] },
    ],
  ])('%s', (_, record, expected) => {
    expect(withChosenAnswer(record, undefined, at)).toEqual(expected);
  });

  it.each([
    [{ instruction: 'Q', chosen: '', rejected: 'B' }, 'field "chosen": expected non-empty text, found an empty string'],
    [{ instruction: 'Q', chosen: { from: 'gpt', value: 'A' }, rejected: 'B' }, 'field "chosen": a message answers a conversation'],
    [{ instruction: 'Q', chosen: 5, rejected: 'B' }, 'field "chosen": expected text, a message or a non-empty list of messages, found a number (5)'],
    [{ chosen: [], rejected: [] }, 'found an empty list'],
  ])('%j is a DataError', (record, message) => {
    expect(() => withChosenAnswer(record, undefined, at)).toThrow(DataError);
    expect(() => withChosenAnswer(record, undefined, at)).toThrow(message);
  });
});

describe('viewsOf: records left out by policy before any field is read', () => {
  it('a KTO record labelled false (not one labelled true, nor a label that is not a boolean)', () => {
    const record = (label: unknown) => ({ instruction: 'Q', output: 'A', label });
    expect(viewsOf(record(false), at, {})).toEqual({ skip: 'kto-undesirable' });
    expect(viewsOf(record(false), at, { ktoUndesirable: 'keep' })).toEqual({ views: [{ record: record(false) }] });
    expect(viewsOf(record(true), at, {})).toEqual({ views: [{ record: record(true) }] });
    expect(viewsOf(record('negative'), at, {})).toEqual({ views: [{ record: record('negative') }] });
  });

  it('a preference record, unless its chosen answer is asked for', () => {
    const record = { instruction: 'Q', chosen: 'A', rejected: 'B' };
    expect(viewsOf(record, at, {})).toEqual({ skip: 'preference' });
    expect(viewsOf(record, at, { preference: 'chosen' })).toEqual({ views: [{ record: { instruction: 'Q', output: 'A' } }] });
    // Only both answers make preference data: a lone "chosen" field is an ordinary field.
    expect(viewsOf({ instruction: 'Q', output: 'A', chosen: 'x' }, at, {})).toEqual({ views: [{ record: { instruction: 'Q', output: 'A', chosen: 'x' } }] });
  });
});
