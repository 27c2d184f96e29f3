import { DataError, describeValue } from '../errors.js';
import type { SourceLocation } from '../location.js';
import { quoteList } from './field-keys.js';
import type { SkipReason } from './format-names.js';
import { isObject, meaningfulSystem, optionalString, quoteFound, type JsonObject } from './record-fields.js';
import type { ReadSpec, Role } from './read-spec.js';

/** One user→assistant exchange. */
export interface Exchange {
  readonly prompt: string;
  readonly response: string;
}

/** A record reduced to its exchanges, oldest first, and the system prompt it states (if any). */
export interface Dialogue {
  readonly system?: string;
  readonly exchanges: readonly Exchange[];
}

export type DialogueOrSkip = Dialogue | { readonly skip: SkipReason };

/** A list of messages and the field it came from, for error paths such as `messages[3]`. */
export interface MessageList {
  readonly field: string;
  readonly list: readonly unknown[];
}

interface Message {
  readonly role: Exclude<Role, 'tool'>;
  readonly text: string;
}

/**
 * Reads consecutive message lists (prompt-completion splits one conversation in two) into
 * exchanges. Tool and non-text records are recognised before anything is validated, because
 * their messages legitimately lack text (an assistant turn holding only tool_calls).
 * Content is a string or a list of parts; text parts carry `text` (OpenAI, TRL) or `value`
 * (LLaMA-Factory v1) and are joined with nothing between them, as chat templates render them.
 * A leading system message's text is returned as `system`; the caller decides how it ranks
 * against a system column.
 */
export function readConversation(lists: readonly MessageList[], spec: ReadSpec, location: SourceLocation): DialogueOrSkip {
  const skip = scanForSkip(lists, spec);
  if (skip !== undefined) return { skip };
  const messages: Message[] = [];
  for (const { field, list } of lists) {
    list.forEach((value, index) => messages.push(readMessage(value, `${field}[${index}]`, spec, location)));
  }
  return pairUp(messages);
}

function scanForSkip(lists: readonly MessageList[], spec: ReadSpec): SkipReason | undefined {
  let nonText = false;
  for (const { list } of lists) {
    for (const message of list) {
      if (!isObject(message)) continue;
      const role = message[spec.roleKey];
      if (typeof role === 'string' && spec.roles.get(role) === 'tool') return 'tool-use';
      if (callsTool(message)) return 'tool-use';
      const content = message[spec.contentKey];
      if (Array.isArray(content) && content.some(isNonTextPart)) nonText = true;
    }
  }
  return nonText ? 'non-text' : undefined;
}

// OpenAI's current (tool_calls) and legacy (function_call) ways for an assistant to call a tool.
function callsTool(message: JsonObject): boolean {
  const calls = message.tool_calls;
  if (calls !== undefined && calls !== null && !(Array.isArray(calls) && calls.length === 0)) return true;
  const call = message.function_call;
  return call !== undefined && call !== null;
}

function isNonTextPart(part: unknown): boolean {
  return isObject(part) && typeof part.type === 'string' && part.type !== 'text';
}

function readMessage(value: unknown, where: string, spec: ReadSpec, location: SourceLocation): Message {
  const { roleKey, contentKey } = spec;
  if (!isObject(value)) {
    const expected = `a message object with "${roleKey}" and "${contentKey}"`;
    throw new DataError(`${where}: expected ${expected}, found ${describeValue(value)}`, location);
  }
  const roleValue = value[roleKey];
  const role = typeof roleValue === 'string' ? spec.roles.get(roleValue) : undefined;
  if (role === undefined || role === 'tool') {
    const accepted = [...spec.roles].filter(([, r]) => r !== 'tool').map(([name]) => name);
    throw new DataError(`${where}: field "${roleKey}": expected one of ${quoteList(accepted)}, found ${quoteFound(roleValue)}`, location);
  }
  const text = contentText(value[contentKey], `${where}: field "${contentKey}"`, location);
  if (role !== 'system' && text.trim() === '') {
    throw new DataError(`${where}: field "${contentKey}": expected non-empty text, found ${describeValue(text)}`, location);
  }
  return { role, text };
}

function contentText(content: unknown, where: string, location: SourceLocation): string {
  if (typeof content === 'string') return content;
  if (!Array.isArray(content)) {
    throw new DataError(`${where}: expected text or a list of text parts, found ${describeValue(content)}`, location);
  }
  let text = '';
  content.forEach((part, index) => {
    const body = isObject(part) && part.type === 'text' ? (part.text ?? part.value) : undefined;
    if (typeof body !== 'string') {
      const found = isObject(part) && part.type === 'text' ? `a text part without a string "text"` : describeValue(part);
      throw new DataError(`${where}: part ${index}: expected {"type": "text", "text": ...}, found ${found}`, location);
    }
    text += body;
  });
  return text;
}

function pairUp(messages: readonly Message[]): DialogueOrSkip {
  let start = 0;
  let system: string | undefined;
  if (messages[0]?.role === 'system') {
    system = messages[0].text;
    start = 1;
  }
  const exchanges: Exchange[] = [];
  for (let i = start; i < messages.length; i += 2) {
    const ask = messages[i] as Message;
    const answer = messages[i + 1];
    if (ask.role !== 'user') return { skip: 'turn-order' };
    if (answer === undefined) return { skip: 'no-answer' };
    if (answer.role !== 'assistant') return { skip: 'turn-order' };
    exchanges.push({ prompt: ask.text, response: answer.text });
  }
  if (exchanges.length === 0) return { skip: 'no-answer' };
  return system === undefined ? { exchanges } : { system, exchanges };
}

/**
 * Reads a record whose conversation is one list (sharegpt, messages). A leading system
 * message wins over the system column, as in LLaMA-Factory; a blank one counts as none.
 */
export function readMessageRecord(record: JsonObject, spec: ReadSpec, location: SourceLocation): DialogueOrSkip {
  const field = spec.fields.messages as string;
  const list = record[field];
  if (!Array.isArray(list)) {
    throw new DataError(`field "${field}": expected a list of messages, found ${describeValue(list)}`, location);
  }
  const dialogue = readConversation([{ field, list }], spec, location);
  if ('skip' in dialogue) return dialogue;
  return withSystem(dialogue.exchanges, dialogue.system, optionalString(record, spec.fields.system, location));
}

/** The dialogue with the first meaningful system prompt among `preferred` and `fallback`. */
export function withSystem(exchanges: readonly Exchange[], preferred: string | undefined, fallback: string | undefined): Dialogue {
  const system = meaningfulSystem(preferred) ?? meaningfulSystem(fallback);
  return system === undefined ? { exchanges } : { system, exchanges };
}
