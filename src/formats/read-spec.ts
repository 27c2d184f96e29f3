import { assertMapFits, type FieldKey, type FieldMap, type RoleKey } from './field-map.js';
import type { InputFormat } from './format-names.js';

/** What a message means once its role value is looked up. */
export type Role = 'user' | 'assistant' | 'system' | 'tool';

/** How to read records of one format under one --map: the field names and role values in force. */
export interface ReadSpec {
  readonly format: InputFormat;
  /** Record field for each key the format reads; a key left out is not read at all. */
  readonly fields: Readonly<Partial<Record<FieldKey, string>>>;
  /** Fields the map named: they must be present in every record. */
  readonly mapped: ReadonlyMap<FieldKey, string>;
  /** Fields a record must have for this format. */
  readonly required: readonly FieldKey[];
  readonly roleKey: string;
  readonly contentKey: string;
  readonly roles: ReadonlyMap<string, Role>;
}

const DEFAULT_FIELDS: Readonly<Record<InputFormat, Partial<Record<FieldKey, string>>>> = {
  alpaca: { prompt: 'instruction', input: 'input', response: 'output', system: 'system', history: 'history' },
  // Dolly's context plays alpaca's input part.
  dolly: { prompt: 'instruction', input: 'context', response: 'response' },
  'prompt-completion': { prompt: 'prompt', response: 'completion' },
  sharegpt: { messages: 'conversations', system: 'system' },
  messages: { messages: 'messages' },
};

const REQUIRED: Readonly<Record<InputFormat, readonly FieldKey[]>> = {
  alpaca: ['prompt', 'response'],
  dolly: ['prompt', 'response'],
  'prompt-completion': ['prompt', 'response'],
  sharegpt: ['messages'],
  messages: ['messages'],
};

/**
 * Role values accepted by every conversational format. ShareGPT and OpenAI-style files mix
 * vocabularies in the wild (ShareGPT files with user/assistant, message lists with
 * human/gpt), and no value means one thing in one vocabulary and another in the other, so
 * one table serves both. Tool values exist only so that such records are recognised and skipped.
 */
export const DEFAULT_ROLE_VALUES: readonly (readonly [string, Role])[] = [
  ['user', 'user'],
  ['human', 'user'],
  ['assistant', 'assistant'],
  ['gpt', 'assistant'],
  ['system', 'system'],
  ['developer', 'system'],
  ['tool', 'tool'],
  ['function', 'tool'],
  ['function_call', 'tool'],
  ['observation', 'tool'],
  ['ipython', 'tool'],
];

const ROLE_OF_KEY: Readonly<Record<RoleKey, Role>> = {
  'user-role': 'user',
  'assistant-role': 'assistant',
  'system-role': 'system',
};

const NO_MAP: FieldMap = Object.freeze({});
// Specs are asked for once per record; maps from parseFieldMap are reused objects, so caching by identity pays.
const cache = new WeakMap<FieldMap, Map<InputFormat, ReadSpec>>();

/** The read spec for `format` under `map`; throws a UsageError when the map has a key the format cannot use. */
export function readSpecFor(format: InputFormat, map: FieldMap = NO_MAP): ReadSpec {
  let byFormat = cache.get(map);
  if (byFormat === undefined) {
    byFormat = new Map();
    cache.set(map, byFormat);
  }
  let spec = byFormat.get(format);
  if (spec === undefined) {
    spec = buildSpec(format, map);
    byFormat.set(format, spec);
  }
  return spec;
}

function buildSpec(format: InputFormat, map: FieldMap): ReadSpec {
  assertMapFits(map, format);
  const fields: Partial<Record<FieldKey, string>> = { ...DEFAULT_FIELDS[format] };
  const mapped = new Map<FieldKey, string>();
  for (const key of ['prompt', 'input', 'response', 'system', 'history', 'messages'] as const) {
    const name = map[key];
    if (name === undefined) continue;
    fields[key] = name;
    mapped.set(key, name);
  }
  const sharegpt = format === 'sharegpt';
  return {
    format,
    fields,
    mapped,
    required: REQUIRED[format],
    roleKey: map.role ?? (sharegpt ? 'from' : 'role'),
    contentKey: map.content ?? (sharegpt ? 'value' : 'content'),
    roles: roleTable(map),
  };
}

/**
 * A mapped role value replaces that role's defaults rather than adding to them, so that a
 * swap such as `user-role=assistant,assistant-role=user` means what it says.
 */
function roleTable(map: FieldMap): Map<string, Role> {
  const mappedRoles = (Object.keys(ROLE_OF_KEY) as RoleKey[]).filter((key) => map[key] !== undefined);
  const replaced = new Set(mappedRoles.map((key) => ROLE_OF_KEY[key]));
  const table = new Map(DEFAULT_ROLE_VALUES.filter(([, role]) => !replaced.has(role)));
  for (const key of mappedRoles) table.set(map[key] as string, ROLE_OF_KEY[key]);
  return table;
}
