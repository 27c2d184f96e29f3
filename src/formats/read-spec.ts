import { FIELD_KEYS, type FieldKey, type FieldMap, type RoleKey } from './field-keys.js';

/** What a message means once its role value is looked up. */
export type Role = 'user' | 'assistant' | 'system' | 'tool';

/**
 * What a format reads, as its entry in the input format table (input-formats.ts) gives it.
 * Kept here, apart from the table, because the readers the table names import ReadSpec.
 */
export interface FormatFields {
  /**
   * The record fields it reads, by --map key, with their default names; null for a field it
   * reads only when --map names it. The --map record keys it takes are these keys.
   */
  readonly fields: Readonly<Partial<Record<FieldKey, string | null>>>;
  /** Fields a record must have for this format. */
  readonly required: readonly FieldKey[];
  /**
   * For a format of message lists: the keys inside each message. It then takes the --map
   * message keys (role, content) and role values (user-role, ...). Null otherwise.
   */
  readonly message: { readonly role: string; readonly content: string } | null;
}

/** How to read records of one format under one --map: the field names and role values in force. */
export interface ReadSpec<F extends string = string> {
  readonly format: F;
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

/**
 * The read spec of a format (`fields` its table entry) under `map`; the caller has checked
 * that the map fits the format.
 */
export function buildReadSpec<F extends string>(format: F, entry: FormatFields, map: FieldMap): ReadSpec<F> {
  const fields: Partial<Record<FieldKey, string>> = {};
  for (const [key, name] of Object.entries(entry.fields) as [FieldKey, string | null][]) if (name !== null) fields[key] = name;
  const mapped = new Map<FieldKey, string>();
  for (const key of FIELD_KEYS) {
    const name = map[key];
    if (name === undefined) continue;
    fields[key] = name;
    mapped.set(key, name);
  }
  // A format without messages reads no role or content; the keys are there for the type's sake.
  const message = entry.message ?? { role: 'role', content: 'content' };
  return {
    format,
    fields,
    mapped,
    required: entry.required,
    roleKey: map.role ?? message.role,
    contentKey: map.content ?? message.content,
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
