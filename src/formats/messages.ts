import type { Mosaic, MosaicMeta } from '../types.js';

/** A chat message as OpenAI's fine-tuning API, TRL and axolotl take it: string content only. */
export interface ChatMessage {
  role: 'system' | 'user' | 'assistant';
  content: string;
}

/** A messages record as mosaic-it writes it. */
export interface MessagesRecord {
  messages: ChatMessage[];
  meta?: MosaicMeta;
}

/**
 * Writes `{messages: [system?, user, assistant]}`, which OpenAI's chat fine-tuning files,
 * TRL's conversational datasets and axolotl's chat_template datasets all accept. With
 * `withMeta` the record gains a `meta` field last; strict consumers such as OpenAI's file
 * validation may refuse extra fields, so --meta output is for inspection, not upload.
 */
export function mosaicToMessages(mosaic: Mosaic, withMeta: boolean): MessagesRecord {
  const record: MessagesRecord = { messages: chatMessages(mosaic) };
  if (withMeta) record.meta = mosaic.meta;
  return record;
}

/** The system prompt (when there is one), the prompt and the response as chat messages. */
export function chatMessages(mosaic: Mosaic): ChatMessage[] {
  const messages: ChatMessage[] = [];
  if (mosaic.system !== undefined) messages.push({ role: 'system', content: mosaic.system });
  messages.push({ role: 'user', content: mosaic.prompt }, { role: 'assistant', content: mosaic.response });
  return messages;
}
