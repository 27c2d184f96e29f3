/** The keys --map takes: a leaf that the readers and the map's checks share. */

/** Keys naming a top-level field of the record. */
export const FIELD_KEYS = ['prompt', 'input', 'response', 'system', 'history', 'messages'] as const;
export type FieldKey = (typeof FIELD_KEYS)[number];

/** Keys naming a field inside each message of a conversation. */
export const MESSAGE_KEYS = ['role', 'content'] as const;
export type MessageKey = (typeof MESSAGE_KEYS)[number];

/** Keys naming the role value that marks a kind of message. */
export const ROLE_KEYS = ['user-role', 'assistant-role', 'system-role'] as const;
export type RoleKey = (typeof ROLE_KEYS)[number];

export type FieldMapKey = FieldKey | MessageKey | RoleKey;
export const FIELD_MAP_KEYS: readonly FieldMapKey[] = [...FIELD_KEYS, ...MESSAGE_KEYS, ...ROLE_KEYS];

/** A parsed `--map`: which record field (or role value) stands for each key. */
export type FieldMap = Readonly<Partial<Record<FieldMapKey, string>>>;

/** "a", "b": names quoted for a message. */
export function quoteList(names: readonly string[]): string {
  return names.map((n) => JSON.stringify(n)).join(', ');
}
