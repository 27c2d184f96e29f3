import { UsageError } from '../errors.js';
import { assertOneList, fieldPath } from './field-paths.js';
import { FIELD_KEYS, FIELD_MAP_KEYS, MESSAGE_KEYS, quoteList, ROLE_KEYS, type FieldMap, type FieldMapKey } from './field-keys.js';
import { formatsTaking } from './input-formats.js';

export * from './field-keys.js';
// Which formats take which keys follows from the input format table.
export { assertMapFits, formatsTaking } from './input-formats.js';

// Names people reach for from other tools' vocabularies; only used to suggest the right key.
const HINTS: Readonly<Record<string, FieldMapKey>> = {
  instruction: 'prompt',
  question: 'prompt',
  query: 'input',
  context: 'input',
  output: 'response',
  completion: 'response',
  answer: 'response',
  conversations: 'messages',
  from: 'role',
  value: 'content',
  text: 'content',
  user: 'user-role',
  human: 'user-role',
  assistant: 'assistant-role',
  gpt: 'assistant-role',
};

/**
 * Parses `--map key=name,key=name` so that records with other field or role names read as
 * one of the input formats. Names cannot contain "," or "=". A record field's name may be
 * a path (see field-paths.ts): `instances.0.output` reads inside objects and lists, and
 * one "*" step (`instances.*.output`) makes one pair per element of that list, every
 * "*" of a map standing for the same list. Message keys and role values are taken
 * literally. Keys:
 *
 * Record fields:
 * - `prompt`: the instruction (alpaca and dolly "instruction", prompt-completion "prompt")
 * - `input`: text added to the prompt after a newline (alpaca "input", dolly "context")
 * - `response`: the answer (alpaca "output", dolly "response", prompt-completion "completion")
 * - `system`: the system prompt column (alpaca and sharegpt "system"; other formats read one
 *   only when it is mapped)
 * - `history`: earlier [prompt, response] turns (alpaca "history")
 * - `messages`: the conversation list (sharegpt "conversations", messages "messages")
 *
 * Inside each message (sharegpt, messages, conversational prompt-completion):
 * - `role`: who speaks (sharegpt "from", otherwise "role")
 * - `content`: the text (sharegpt "value", otherwise "content")
 *
 * Role values, each replacing that role's default values:
 * - `user-role` (default: user, human)
 * - `assistant-role` (default: assistant, gpt)
 * - `system-role` (default: system, developer)
 *
 * A field named by the map must be present in every record (null is allowed where the field
 * is optional), so that a misspelt name fails instead of being silently ignored.
 */
export function parseFieldMap(spec: string): FieldMap {
  const map: Partial<Record<FieldMapKey, string>> = {};
  for (const raw of spec.split(',')) {
    const item = raw.trim();
    if (item === '') throw new UsageError(`empty entry in "${spec}"`, '--map');
    const eq = item.indexOf('=');
    if (eq < 0) throw new UsageError(`"${item}" is not key=name`, '--map');
    const key = item.slice(0, eq).trim();
    const name = item.slice(eq + 1).trim();
    if (!isFieldMapKey(key)) throw new UsageError(unknownKeyMessage(key), '--map');
    if (name === '' || name.includes('=')) throw new UsageError(`"${item}" is not key=name`, '--map');
    if (map[key] !== undefined) throw new UsageError(`"${key}" is mapped twice`, '--map');
    map[key] = name;
  }
  for (const group of [FIELD_KEYS, MESSAGE_KEYS, ROLE_KEYS] as const) requireDistinct(map, group);
  // Paths are checked now, so that a malformed one is a usage error before any reading.
  for (const key of FIELD_KEYS) if (map[key] !== undefined) fieldPath(map[key]);
  assertOneList(map);
  if (formatsTaking(map).length === 0) {
    throw new UsageError(`keys ${quoteList(Object.keys(map))} do not belong to one input format`, '--map');
  }
  return Object.freeze(map);
}

function isFieldMapKey(key: string): key is FieldMapKey {
  return (FIELD_MAP_KEYS as readonly string[]).includes(key);
}

function unknownKeyMessage(key: string): string {
  const hint = Object.hasOwn(HINTS, key) ? ` (did you mean "${HINTS[key]}"?)` : '';
  return `unknown key "${key}"${hint}; accepted: ${FIELD_MAP_KEYS.join(', ')}`;
}

function requireDistinct(map: Partial<Record<FieldMapKey, string>>, keys: readonly FieldMapKey[]): void {
  const byName = new Map<string, FieldMapKey>();
  for (const key of keys) {
    const name = map[key];
    if (name === undefined) continue;
    const other = byName.get(name);
    if (other !== undefined) throw new UsageError(`"${other}" and "${key}" both name "${name}"`, '--map');
    byName.set(name, key);
  }
}
