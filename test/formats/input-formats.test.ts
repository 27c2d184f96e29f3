/**
 * The input format table against what derives from it: the name lists, the default output
 * family, the detection order (ties go to the lower rank), the --map keys each format
 * takes, and the read specs. Written over the table, so a new format is checked here too.
 */
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/errors.js';
import { detectFormat } from '../../src/formats/detect.js';
import { FIELD_MAP_KEYS, MESSAGE_KEYS, ROLE_KEYS, type FieldMapKey } from '../../src/formats/field-keys.js';
import { parseFieldMap } from '../../src/formats/field-map.js';
import { OUTPUT_FORMATS } from '../../src/formats/format-names.js';
import {
  assertMapFits,
  DEFAULT_OUTPUT_FORMAT,
  DETECTION_ORDER,
  formatsTaking,
  INPUT_FORMAT_TABLE,
  INPUT_FORMATS,
  inputFormat,
  readSpecFor,
  type InputFormat,
} from '../../src/formats/input-formats.js';

const entries = INPUT_FORMATS.map((format) => [format, inputFormat(format)] as const);

/** Whether the entry says the format takes --map `key`. */
function takesByEntry(format: InputFormat, key: FieldMapKey): boolean {
  const entry = inputFormat(format);
  if ((MESSAGE_KEYS as readonly string[]).includes(key) || (ROLE_KEYS as readonly string[]).includes(key)) return entry.message !== null;
  return key in entry.fields;
}

describe('the input format table', () => {
  it('gives the format names, in the order --format and messages list them', () => {
    expect(INPUT_FORMATS).toEqual(Object.keys(INPUT_FORMAT_TABLE));
    expect(INPUT_FORMATS).toEqual(['alpaca', 'sharegpt', 'messages', 'prompt-completion', 'dolly']);
  });

  it('gives each format its output family', () => {
    for (const [format, entry] of entries) {
      expect(OUTPUT_FORMATS).toContain(entry.output);
      expect(DEFAULT_OUTPUT_FORMAT[format]).toBe(entry.output);
    }
    expect(DEFAULT_OUTPUT_FORMAT.dolly).toBe('alpaca');
    expect(Object.keys(DEFAULT_OUTPUT_FORMAT).sort()).toEqual([...INPUT_FORMATS].sort());
  });

  it('ranks every format for detection once, and DETECTION_ORDER follows the ranks', () => {
    const ranks = entries.map(([, entry]) => entry.detection);
    expect(new Set(ranks).size).toBe(ranks.length);
    expect(DETECTION_ORDER).toEqual([...INPUT_FORMATS].sort((a, b) => inputFormat(a).detection - inputFormat(b).detection));
    expect(DETECTION_ORDER).toEqual(['messages', 'sharegpt', 'alpaca', 'prompt-completion', 'dolly']);
  });

  it('names a default for every field a format requires', () => {
    for (const [format, entry] of entries) {
      for (const key of entry.required) expect(typeof (entry.fields as Record<string, unknown>)[key], `${format} ${key}`).toBe('string');
    }
  });

  it('gives read specs with the defaults, mapped names in their place', () => {
    for (const [format, entry] of entries) {
      const defaults = Object.fromEntries(Object.entries(entry.fields).filter(([, name]) => name !== null));
      const spec = readSpecFor(format);
      expect(spec.format).toBe(format);
      expect(spec.fields).toEqual(defaults);
      expect(spec.required).toEqual(entry.required);
      if (entry.message !== null) expect([spec.roleKey, spec.contentKey]).toEqual([entry.message.role, entry.message.content]);
    }
    expect(readSpecFor('dolly', parseFieldMap('system=sys')).fields).toEqual({ prompt: 'instruction', input: 'context', response: 'response', system: 'sys' });
    expect(readSpecFor('sharegpt', parseFieldMap('role=speaker')).roleKey).toBe('speaker');
  });
});

describe('the --map keys a format takes', () => {
  it('are its fields and, for message lists, the message and role keys', () => {
    for (const key of FIELD_MAP_KEYS) {
      const map = { [key]: 'x' };
      expect(formatsTaking(map), key).toEqual(INPUT_FORMATS.filter((format) => takesByEntry(format, key)));
      for (const format of INPUT_FORMATS) {
        if (takesByEntry(format, key)) expect(() => assertMapFits(map, format)).not.toThrow();
        else expect(() => assertMapFits(map, format), `${key} ${format}`).toThrow(UsageError);
      }
    }
  });

  it('name the formats a misfit key applies to', () => {
    expect(() => assertMapFits({ input: 'q' }, 'sharegpt')).toThrow('key "input" does not apply to sharegpt records (it applies to alpaca, dolly)');
    expect(() => assertMapFits({ role: 'r' }, 'alpaca')).toThrow('key "role" does not apply to alpaca records (it applies to sharegpt, messages, prompt-completion)');
  });
});

describe('detection', () => {
  it('gives a tie to the format ranked first', () => {
    // Both list formats read "x" and find the role key in its first message: equal fits.
    const lists = { x: [{ r: 'user', content: 'Hi' }, { r: 'assistant', content: 'Hello' }] };
    const listMap = parseFieldMap('messages=x,role=r');
    expect(formatsTaking(listMap)).toEqual(['sharegpt', 'messages']);
    expect(detectFormat(lists, listMap)).toBe(DETECTION_ORDER.find((f) => f === 'sharegpt' || f === 'messages'));
    expect(detectFormat(lists, listMap)).toBe('messages');

    // Three formats read q and a and nothing else.
    const plainMap = parseFieldMap('prompt=q,response=a');
    const fitting = formatsTaking(plainMap);
    expect(fitting).toEqual(['alpaca', 'prompt-completion', 'dolly']);
    expect(detectFormat({ q: 'Question', a: 'Answer' }, plainMap)).toBe(DETECTION_ORDER.find((f) => fitting.includes(f)));
  });

  it('finds every format from a record with its default fields', () => {
    const records: Record<InputFormat, unknown> = {
      alpaca: { instruction: 'I', input: '', output: 'O' },
      sharegpt: { conversations: [{ from: 'human', value: 'Hi' }, { from: 'gpt', value: 'Hello' }] },
      messages: { messages: [{ role: 'user', content: 'Hi' }, { role: 'assistant', content: 'Hello' }] },
      'prompt-completion': { prompt: 'P', completion: 'C' },
      dolly: { instruction: 'I', context: 'C', response: 'R', category: 'qa' },
    };
    for (const format of INPUT_FORMATS) expect(detectFormat(records[format]), format).toBe(format);
  });
});
