import type { Mosaic } from '../types.js';
import { mosaicToAlpaca, type AlpacaRecord } from './alpaca.js';
import type { OutputFormat } from './format-names.js';
import { mosaicToMessages, type MessagesRecord } from './messages.js';
import { mosaicToPromptCompletion, type PromptCompletionRecord } from './prompt-completion.js';
import { mosaicToShareGpt, type ShareGptRecord } from './sharegpt.js';

export type OutputRecord = AlpacaRecord | ShareGptRecord | MessagesRecord | PromptCompletionRecord;

export interface OutputOptions {
  /** Add the mosaic's provenance as a last `meta` field. */
  readonly withMeta: boolean;
  /**
   * prompt-completion only: write message lists instead of strings. Required when any
   * mosaic has a system prompt; decide once per file so that all records share a schema.
   */
  readonly conversational?: boolean;
}

/** One output record for `mosaic`. Key order is fixed here, so output bytes do not depend on input key order. */
export function mosaicToRecord(format: OutputFormat, mosaic: Mosaic, options: OutputOptions): OutputRecord {
  switch (format) {
    case 'alpaca':
      return mosaicToAlpaca(mosaic, options.withMeta);
    case 'sharegpt':
      return mosaicToShareGpt(mosaic, options.withMeta);
    case 'messages':
      return mosaicToMessages(mosaic, options.withMeta);
    case 'prompt-completion':
      return mosaicToPromptCompletion(mosaic, options.withMeta, options.conversational ?? false);
  }
}

/**
 * A record with every field the output can hold (system prompt included when any pair
 * has one, meta with each field of its type). Column-typed containers take their schema
 * from it: inferred from the first records, a column first met late (a system prompt
 * after many records without) would not fit.
 */
export function fullestRecord(format: OutputFormat, options: OutputOptions & { readonly hasSystem: boolean }): OutputRecord {
  const mosaic: Mosaic = {
    prompt: 'p',
    response: 'r',
    ...(options.hasSystem && { system: 's' }),
    meta: { epoch: 0, sources: [0], strategy: 'permute', rule: 'reverse', order: [1], masked: [1], numbered: true, lang: 'en', tokens: 1 },
  };
  return mosaicToRecord(format, mosaic, options);
}
