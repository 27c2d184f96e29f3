import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { detectFormat } from '../../src/formats/detect.js';
import type { MultiTurn, SkipReason } from '../../src/formats/format-names.js';
import type { InputFormat } from '../../src/formats/input-formats.js';
import { recordToPairs } from '../../src/formats/record-pairs.js';
import type { Pair, SourceLocation } from '../../src/types.js';

interface Located {
  value: unknown;
  location: SourceLocation;
}

function load(name: string): Located[] {
  const text = readFileSync(new URL(`../../../shared/data/${name}`, import.meta.url), 'utf8');
  if (name.endsWith('.jsonl')) {
    return text
      .split('\n')
      .map((line, i) => ({ line, i }))
      .filter(({ line }) => line.trim() !== '')
      .map(({ line, i }) => ({ value: JSON.parse(line), location: { file: name, line: i + 1 } }));
  }
  return (JSON.parse(text) as unknown[]).map((value, index) => ({ value, location: { file: name, index } }));
}

/** Reads a file the way the CLI is meant to: detect from the first record, then hold every record to it. */
function convert(records: Located[], multiTurn: MultiTurn, ktoUndesirable: 'skip' | 'keep' = 'keep') {
  const format = detectFormat(records[0]?.value) as InputFormat;
  const pairs: Pair[] = [];
  const skips: Partial<Record<SkipReason, number>> = {};
  records.forEach(({ value, location }, source) => {
    const result = recordToPairs(value, location, source, { format, multiTurn, ktoUndesirable });
    if ('skip' in result) skips[result.skip] = (skips[result.skip] ?? 0) + 1;
    else pairs.push(...result.pairs);
  });
  return { format, pairs, skips };
}

describe('the shared datasets', () => {
  it('alpaca_en_demo.json: 999 alpaca pairs, 412 of them with an input joined by a newline', () => {
    const records = load('alpaca_en_demo.json');
    const { format, pairs, skips } = convert(records, 'skip');
    expect(format).toBe('alpaca');
    expect(pairs).toHaveLength(999);
    expect(skips).toEqual({});
    const first = records[0]?.value as { instruction: string; input: string; output: string };
    expect(pairs[0]).toEqual({ source: 0, prompt: first.input ? `${first.instruction}\n${first.input}` : first.instruction, response: first.output });
    const withInput = records.filter(({ value }) => (value as { input: string }).input !== '');
    expect(withInput).toHaveLength(412);
    expect(pairs.map((p) => p.source)).toEqual(records.map((_, i) => i));
  });

  it('identity.json: 91 alpaca pairs, placeholders kept verbatim', () => {
    const { format, pairs } = convert(load('identity.json'), 'skip');
    expect(format).toBe('alpaca');
    expect(pairs).toHaveLength(91);
    expect(pairs.some((p) => p.response.includes('{{name}}'))).toBe(true);
    expect(pairs.every((p) => p.system === undefined)).toBe(true);
  });

  // 300 records: 223 single exchanges, and 77 conversations of 2 to 6 exchanges (264 in all).
  it.each([
    ['skip', 223, { 'multi-turn': 77 }],
    ['first', 300, {}],
    ['split', 487, {}],
  ] as const)('kto_en_demo.json with --multi-turn %s gives %i pairs', (policy, count, skips) => {
    const records = load('kto_en_demo.json');
    const result = convert(records, policy);
    expect(result.format).toBe('messages');
    expect(result.pairs).toHaveLength(count);
    expect(result.skips).toEqual(skips);
    const firstMessages = (records[0]?.value as { messages: { content: string }[] }).messages;
    expect(result.pairs[0]).toEqual({ source: 0, prompt: firstMessages[0]?.content, response: firstMessages[1]?.content });
  });

  // 150 records are labelled false: answers marked undesirable, which must not become
  // training targets. Of the 223 single exchanges, 111 are among them.
  it('kto_en_demo.json: records labelled false are skipped by default, under their own reason, before anything else', () => {
    const records = load('kto_en_demo.json');
    const labels = records.map(({ value }) => (value as { label: boolean }).label);
    const falses = labels.filter((l) => l === false).length;
    expect(falses).toBe(150);
    const singleTrue = records.filter(({ value }, i) => labels[i] === true && (value as { messages: unknown[] }).messages.length === 2).length;
    const { pairs, skips } = convert(records, 'skip', 'skip');
    expect(pairs).toHaveLength(singleTrue);
    expect(singleTrue).toBe(223 - 111);
    expect(skips).toEqual({ 'kto-undesirable': falses, 'multi-turn': 300 - falses - singleTrue });
    expect(pairs.every((p) => labels[p.source] === true)).toBe(true);
  });

  it('kto_en_demo.json split keeps each multi-turn record\'s exchanges together under its source', () => {
    const records = load('kto_en_demo.json');
    const { pairs } = convert(records, 'split');
    const perSource = new Map<number, number>();
    for (const p of pairs) perSource.set(p.source, (perSource.get(p.source) ?? 0) + 1);
    records.forEach(({ value }, source) => {
      expect(perSource.get(source)).toBe((value as { messages: unknown[] }).messages.length / 2);
    });
  });

  it('v1_sft_demo.jsonl: 500 pairs read from {type, value} content parts', () => {
    const records = load('v1_sft_demo.jsonl');
    expect(records).toHaveLength(500);
    for (const policy of ['skip', 'first', 'split'] as const) {
      const { format, pairs, skips } = convert(records, policy);
      expect(format).toBe('messages');
      expect(pairs).toHaveLength(500);
      expect(skips).toEqual({});
    }
    const { pairs } = convert(records, 'skip');
    expect(pairs[0]).toEqual({
      source: 0,
      prompt: 'hi',
      response: 'Hello! I am {{name}}, an AI assistant developed by {{author}}. How can I assist you today?',
    });
  });
});
