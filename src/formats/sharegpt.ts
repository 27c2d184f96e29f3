import type { Mosaic, MosaicMeta } from '../types.js';

/** A LLaMA-Factory ShareGPT record as mosaic-it writes it. */
export interface ShareGptRecord {
  conversations: [{ from: 'human'; value: string }, { from: 'gpt'; value: string }];
  /** LLaMA-Factory reads the system prompt from this column (`columns.system`). */
  system?: string;
  meta?: MosaicMeta;
}

/**
 * Writes LLaMA-Factory's ShareGPT layout with its default tags (from/value, human/gpt). The
 * system prompt goes in the `system` column rather than a system turn, which is where
 * LLaMA-Factory's documented layout keeps it.
 */
export function mosaicToShareGpt(mosaic: Mosaic, withMeta: boolean): ShareGptRecord {
  const record: ShareGptRecord = {
    conversations: [
      { from: 'human', value: mosaic.prompt },
      { from: 'gpt', value: mosaic.response },
    ],
  };
  if (mosaic.system !== undefined) record.system = mosaic.system;
  if (withMeta) record.meta = mosaic.meta;
  return record;
}
