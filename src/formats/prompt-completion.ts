import { DataError, describeValue } from '../errors.js';
import type { Mosaic, MosaicMeta } from '../types.js';
import type { SourceLocation } from '../location.js';
import { readConversation, withSystem, type DialogueOrSkip } from './conversation.js';
import { chatMessages, type ChatMessage } from './messages.js';
import { optionalString, requireText, type JsonObject } from './record-fields.js';
import type { ReadSpec } from './read-spec.js';

/**
 * Reads a TRL prompt-completion record. Both fields are strings (standard form) or both are
 * lists of messages (conversational form, whose prompt may open with a system message and
 * hold earlier turns); TRL does not mix the two, so a mixed record is a data error. The
 * conversational form is read as the one conversation prompt + completion.
 */
export function readPromptCompletion(record: JsonObject, spec: ReadSpec, location: SourceLocation): DialogueOrSkip {
  const promptField = spec.fields.prompt as string;
  const completionField = spec.fields.response as string;
  const prompt = record[promptField];
  const completion = record[completionField];
  const system = optionalString(record, spec.fields.system, location);
  if (!Array.isArray(prompt) && !Array.isArray(completion)) {
    const exchange = { prompt: requireText(record, promptField, location), response: requireText(record, completionField, location) };
    return withSystem([exchange], system, undefined);
  }
  for (const [field, value, other] of [
    [promptField, prompt, completionField],
    [completionField, completion, promptField],
  ] as const) {
    if (!Array.isArray(value)) {
      throw new DataError(`field "${field}": expected a list of messages as in "${other}", found ${describeValue(value)}`, location);
    }
  }
  const dialogue = readConversation(
    [
      { field: promptField, list: prompt as unknown[] },
      { field: completionField, list: completion as unknown[] },
    ],
    spec,
    location,
  );
  if ('skip' in dialogue) return dialogue;
  return withSystem(dialogue.exchanges, dialogue.system, system);
}

/** TRL's standard form: plain strings. */
export interface StringPromptCompletionRecord {
  prompt: string;
  completion: string;
  meta?: MosaicMeta;
}

/** TRL's conversational form: the prompt holds the system (if any) and user messages, the completion the answer. */
export interface ConversationalPromptCompletionRecord {
  prompt: ChatMessage[];
  completion: ChatMessage[];
  meta?: MosaicMeta;
}

export type PromptCompletionRecord = StringPromptCompletionRecord | ConversationalPromptCompletionRecord;

/**
 * Writes a prompt-completion record. The string form has nowhere to put a system prompt, so
 * a mosaic with one needs `conversational`; callers choose the form once per file (from
 * whether any pair has a system prompt) so that every record shares one schema.
 */
export function mosaicToPromptCompletion(mosaic: Mosaic, withMeta: boolean, conversational: boolean): PromptCompletionRecord {
  let record: PromptCompletionRecord;
  if (conversational) {
    const messages = chatMessages(mosaic);
    record = { prompt: messages.slice(0, -1), completion: messages.slice(-1) };
  } else {
    if (mosaic.system !== undefined) {
      throw new Error('a mosaic with a system prompt needs the conversational prompt-completion form');
    }
    record = { prompt: mosaic.prompt, completion: mosaic.response };
  }
  if (withMeta) record.meta = mosaic.meta;
  return record;
}
