import { plainPair } from '../mosaic/compose.js';
import type { Composition } from '../mosaic/composition.js';
import type { Mosaic } from '../types.js';
import { mosaicToAlpaca, type AlpacaRecord } from './alpaca.js';
import type { OutputFormat, PreferenceFormat } from './format-names.js';
import { mosaicToPreference, type PreferenceRecord, type RejectionSettings } from './preference-output.js';
import { mosaicToMessages, type MessagesRecord } from './messages.js';
import { mosaicToPromptCompletion, type PromptCompletionRecord } from './prompt-completion.js';
import { mosaicToShareGpt, type ShareGptRecord } from './sharegpt.js';

export type OutputRecord = AlpacaRecord | ShareGptRecord | MessagesRecord | PromptCompletionRecord | PreferenceRecord;

export interface OutputOptions {
  /** Add the mosaic's provenance as a last `meta` field. */
  readonly withMeta: boolean;
  /**
   * prompt-completion only: write message lists instead of strings. Required when any
   * mosaic has a system prompt; decide once per file so that all records share a schema.
   */
  readonly conversational?: boolean;
  /** Preference formats only: how each mosaic's rejected response is drawn. */
  readonly rejections?: RejectionSettings;
}

/**
 * One output record for `mosaic`. Key order is fixed here, so output bytes do not depend on
 * input key order. Null only for a preference format and a mosaic with nothing to break.
 */
export function mosaicToRecord(format: Exclude<OutputFormat, PreferenceFormat>, mosaic: Mosaic, options: OutputOptions): OutputRecord;
export function mosaicToRecord(format: OutputFormat, mosaic: Mosaic, options: OutputOptions): OutputRecord | null;
export function mosaicToRecord(format: OutputFormat, mosaic: Mosaic, options: OutputOptions): OutputRecord | null {
  switch (format) {
    case 'alpaca':
      return mosaicToAlpaca(mosaic, options.withMeta);
    case 'sharegpt':
      return mosaicToShareGpt(mosaic, options.withMeta);
    case 'messages':
      return mosaicToMessages(mosaic, options.withMeta);
    case 'prompt-completion':
      return mosaicToPromptCompletion(mosaic, options.withMeta, options.conversational ?? false);
    case 'dpo':
    case 'dpo-sharegpt':
    case 'dpo-trl':
      if (!options.rejections) throw new Error('bug: preference records need rejection settings');
      return mosaicToPreference(format, mosaic, { withMeta: options.withMeta, conversational: options.conversational ?? false, rejections: options.rejections });
  }
}

/**
 * A record with every field the output can hold (system prompt included when any pair
 * has one, meta with each field of its type). Column-typed containers take their schema
 * from it: inferred from the first records, a column first met late (a system prompt
 * after many records without) would not fit.
 */
export function fullestRecord(format: OutputFormat, options: OutputOptions & { readonly hasSystem: boolean }): OutputRecord {
  const meta = { epoch: 0, sources: [0, 1], strategy: 'permute' as const, rule: 'reverse' as const, order: [2, 1], masked: [1], numbered: true, lang: 'en', tokens: 1 };
  // Two answers and a swap to draw, so that a preference record (and its meta.rejected) exists.
  const composition: Composition = { ...plainPair(), strategy: 'permute', rule: 'reverse', order: [2, 1] };
  const mosaic: Mosaic = {
    prompt: 'p',
    response: 'r',
    ...(options.hasSystem && { system: 's' }),
    meta,
    parts: { composition, prompts: ['p', 'q'], responses: ['r', 's'] },
  };
  const rejections = { seed: 0, weights: { order: 1, masked: 0, label: 0, marker: 0, missing: 0 } };
  return mosaicToRecord(format, mosaic, { ...options, rejections }) as OutputRecord;
}
