import type { Pair } from '../types.js';

/**
 * The names the readers and writers share: a leaf, imported by the readers that the input
 * format table (input-formats.ts, where INPUT_FORMATS come from) names.
 */

/** Record layouts mosaic-it writes. Dolly is read only: its columns say nothing alpaca's do not. */
export const OUTPUT_FORMATS = ['alpaca', 'sharegpt', 'messages', 'prompt-completion', 'dpo', 'dpo-sharegpt', 'dpo-trl'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

/** The output formats that pair each mosaic's response with a rejected one (formats/preference-output.ts). */
export const PREFERENCE_FORMATS = ['dpo', 'dpo-sharegpt', 'dpo-trl'] as const satisfies readonly OutputFormat[];
export type PreferenceFormat = (typeof PREFERENCE_FORMATS)[number];

/**
 * What to do with a record holding more than one user→assistant exchange:
 * - `skip`: drop the record (reported as the `multi-turn` skip reason);
 * - `first`: keep only its first exchange;
 * - `split`: make every exchange its own pair, without the earlier turns as context.
 * Mosaic-IT concatenates independent instructions, so later turns cannot keep their history.
 */
export const MULTI_TURN_POLICIES = ['skip', 'first', 'split'] as const;
export type MultiTurn = (typeof MULTI_TURN_POLICIES)[number];

/**
 * Why a well-formed record gave no pairs. Malformed records are DataErrors instead; these are
 * records that are valid in their own format but have no place in a text instruction mosaic.
 * - `multi-turn`: more than one exchange, under `--multi-turn skip`;
 * - `tool-use`: a tool/function call or result, or a non-empty `tools`/`functions` column;
 * - `non-text`: an image, audio, video or other non-text content part, or a non-empty
 *   `images`/`videos`/`audios` column;
 * - `no-answer`: the conversation does not end with an assistant message (prompt-only
 *   data, or an empty conversation), so there is nothing to learn from;
 * - `turn-order`: roles do not alternate user, assistant, user, ... after at most one
 *   leading system message (LLaMA-Factory drops such records too);
 * - `preference`: a preference record (`chosen` and `rejected`), under `--preference skip`;
 * - `kto-undesirable`: a KTO record labelled false (an answer marked undesirable), under
 *   `--kto-undesirable skip`: it must not become a training target.
 */
export const SKIP_REASONS = ['multi-turn', 'tool-use', 'non-text', 'no-answer', 'turn-order', 'preference', 'kto-undesirable'] as const;
export type SkipReason = (typeof SKIP_REASONS)[number];

/** What one record became: its pairs (at least one), or why it gave none. */
export type RecordPairs = { readonly pairs: Pair[] } | { readonly skip: SkipReason };
