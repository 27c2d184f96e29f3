import { loadChatTemplate } from '../tokens/chat-template.js';
import { resolveTokenizer, tokenizerFolder } from '../tokens/resolve.js';
import type { ResolvedAugmentOptions } from '../options.js';

/**
 * Resolved options as plain data, for a worker thread (they cross threads by copy). The
 * numbers, strategy choices and language packs go as they are: the packs are data, so a
 * worker speaks exactly the packs the main thread resolved (user packs included) without
 * reading a pack file again. A token counter and a chat template hold functions and
 * engine state, so they go as where they load from, and each thread loads its own.
 */
export type PortableOptions = Omit<ResolvedAugmentOptions, 'tokenizer' | 'tokenizerSource' | 'chatTemplate'> & {
  /** The tokenizer's name or path (ResolvedAugmentOptions.tokenizerSource). */
  readonly tokenizer: string;
  /** The model folder whose chat template counts samples; null without one. */
  readonly chatTemplateFolder: string | null;
};

/**
 * The options as a worker thread can receive them, or null when they cannot be rebuilt
 * there: a TokenCounter object given by the caller has no name or path to load from.
 */
export async function portableOptions(options: ResolvedAugmentOptions): Promise<PortableOptions | null> {
  const { tokenizer: _counter, tokenizerSource, chatTemplate, ...plain } = options;
  if (tokenizerSource === undefined) return null;
  // The folder the template was loaded from, found the way resolveAugmentOptions found it.
  const chatTemplateFolder = chatTemplate === null ? null : await tokenizerFolder(tokenizerSource);
  if (chatTemplate !== null && chatTemplateFolder === null) return null;
  return { ...plain, tokenizer: tokenizerSource, chatTemplateFolder };
}

/** The worker's side: loads the tokenizer and chat template again; the rest is used as sent. */
export async function resolvePortable(portable: PortableOptions): Promise<ResolvedAugmentOptions> {
  const { tokenizer, chatTemplateFolder, ...plain } = portable;
  return {
    ...plain,
    tokenizer: await resolveTokenizer(tokenizer),
    tokenizerSource: tokenizer,
    chatTemplate: chatTemplateFolder === null ? null : await loadChatTemplate(chatTemplateFolder),
  };
}
