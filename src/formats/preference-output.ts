import { drawRejection, rejectedResponse, type Rejection, type RejectionWeights } from '../preference/rejection.js';
import { rngFor } from '../rng/random.js';
import type { Mosaic, MosaicMeta } from '../types.js';
import { PREFERENCE_FORMATS, type PreferenceFormat } from './format-names.js';
import type { ChatMessage } from './messages.js';

/**
 * The preference layouts: the mosaic's true response is chosen, and the same answers broken
 * in one stated way (preference/rejection.ts) are rejected.
 * - `dpo`: LLaMA-Factory's alpaca-like ranking data (`instruction`, `input`, `chosen`,
 *   `rejected`, `system`);
 * - `dpo-sharegpt`: LLaMA-Factory's sharegpt-like ranking data (`conversations` with the
 *   prompt, `chosen` and `rejected` as messages, `system`);
 * - `dpo-trl`: TRL's preference data, `prompt`/`chosen`/`rejected` as text, or as message
 *   lists when a system prompt must travel in the prompt.
 */

/** How rejections are drawn: every mosaic has its own stream, named by its first pair. */
export interface RejectionSettings {
  readonly seed: number;
  readonly weights: RejectionWeights;
}

/** Provenance of a preference pair: the mosaic's, and what its rejected response breaks. */
export interface PreferenceMeta extends MosaicMeta {
  readonly rejected: Rejection;
}

export interface DpoRecord {
  instruction: string;
  input: string;
  chosen: string;
  rejected: string;
  system?: string;
  meta?: PreferenceMeta;
}

export interface DpoShareGptRecord {
  conversations: [{ from: 'human'; value: string }];
  chosen: { from: 'gpt'; value: string };
  rejected: { from: 'gpt'; value: string };
  system?: string;
  meta?: PreferenceMeta;
}

export type DpoTrlRecord =
  | { prompt: string; chosen: string; rejected: string; meta?: PreferenceMeta }
  | { prompt: ChatMessage[]; chosen: ChatMessage[]; rejected: ChatMessage[]; meta?: PreferenceMeta };

export type PreferenceRecord = DpoRecord | DpoShareGptRecord | DpoTrlRecord;

/**
 * The preference record of a mosaic, or null when nothing in it can be broken (a single
 * pair without labels or markers: there is no meta-instruction to disobey).
 * The stream (seed, "reject", epoch, first source) depends on the mosaic alone: the
 * same pair is drawn whichever thread or shard writes it.
 */
export function mosaicToPreference(
  format: PreferenceFormat,
  mosaic: Mosaic,
  options: { readonly withMeta: boolean; readonly conversational: boolean; readonly rejections: RejectionSettings },
): PreferenceRecord | null {
  const parts = mosaic.parts;
  if (!parts) throw new Error('bug: a preference record needs the mosaic\'s parts');
  const rng = rngFor(options.rejections.seed, 'reject', mosaic.meta.epoch, mosaic.meta.sources[0] as number);
  const rejection = drawRejection(parts.composition, parts.responses, options.rejections.weights, rng);
  if (rejection === null) return null;
  const rejected = rejectedResponse(parts.responses, parts.composition, rejection);
  const meta = options.withMeta ? { meta: { ...mosaic.meta, rejected: rejection } } : {};
  const system = mosaic.system === undefined ? {} : { system: mosaic.system };
  switch (format) {
    case 'dpo':
      return { instruction: mosaic.prompt, input: '', chosen: mosaic.response, rejected, ...system, ...meta };
    case 'dpo-sharegpt':
      return {
        conversations: [{ from: 'human', value: mosaic.prompt }],
        chosen: { from: 'gpt', value: mosaic.response },
        rejected: { from: 'gpt', value: rejected },
        ...system,
        ...meta,
      };
    case 'dpo-trl':
      if (!options.conversational) return { prompt: mosaic.prompt, chosen: mosaic.response, rejected, ...meta };
      return {
        prompt: [...(mosaic.system === undefined ? [] : [{ role: 'system' as const, content: mosaic.system }]), { role: 'user', content: mosaic.prompt }],
        chosen: [{ role: 'assistant', content: mosaic.response }],
        rejected: [{ role: 'assistant', content: rejected }],
        ...meta,
      };
  }
}

export function isPreferenceFormat(format: string): format is PreferenceFormat {
  return (PREFERENCE_FORMATS as readonly string[]).includes(format);
}
