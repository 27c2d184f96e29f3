import { UsageError } from '../errors.js';
import type { SourceLocation } from '../location.js';
import { readAlpaca } from './alpaca.js';
import { readMessageRecord, type DialogueOrSkip } from './conversation.js';
import { readDolly } from './dolly.js';
import { MESSAGE_KEYS, ROLE_KEYS, type FieldMap, type FieldMapKey } from './field-keys.js';
import type { OutputFormat } from './format-names.js';
import type { JsonObject } from './json-object.js';
import { readPromptCompletion } from './prompt-completion.js';
import { buildReadSpec, type FormatFields, type ReadSpec } from './read-spec.js';

/** Reads one record of a format, already checked to have the format's required fields. */
export type Reader = (record: JsonObject, spec: ReadSpec, location: SourceLocation) => DialogueOrSkip;

/** One input format: what it reads (FormatFields), how it is told from the others, its reader, where it goes back to. */
export interface InputFormatEntry extends FormatFields {
  /**
   * Rank among the formats that fit a record equally well (1 first). Only a --map makes ties
   * likely (messages=x fits both list formats; prompt=x,response=y fits alpaca, dolly and
   * prompt-completion), and there the earlier one reads at least as much as the later ones.
   */
  readonly detection: number;
  readonly read: Reader;
  /** The output format written when none is asked for: the input's own family, so that a file goes back to the tool it came from. */
  readonly output: OutputFormat;
}

/**
 * The record layouts mosaic-it reads, in the order --format lists them and messages name
 * them. Adding a format is an entry here (its reader beside the others) and its tests.
 * A layout that is another format's record in disguise (preference data) is a rewrite in
 * record-pairs.ts viewsOf, not a format.
 */
export const INPUT_FORMAT_TABLE = {
  alpaca: {
    fields: { prompt: 'instruction', input: 'input', response: 'output', system: 'system', history: 'history' },
    required: ['prompt', 'response'],
    message: null,
    detection: 3,
    read: readAlpaca,
    output: 'alpaca',
  },
  sharegpt: {
    fields: { messages: 'conversations', system: 'system' },
    required: ['messages'],
    message: { role: 'from', content: 'value' },
    detection: 2,
    read: readMessageRecord,
    output: 'sharegpt',
  },
  messages: {
    fields: { messages: 'messages', system: null },
    required: ['messages'],
    message: { role: 'role', content: 'content' },
    detection: 1,
    read: readMessageRecord,
    output: 'messages',
  },
  // TRL's prompt-completion, standard (strings) or conversational (message lists).
  'prompt-completion': {
    fields: { prompt: 'prompt', response: 'completion', system: null },
    required: ['prompt', 'response'],
    message: { role: 'role', content: 'content' },
    detection: 4,
    read: readPromptCompletion,
    output: 'prompt-completion',
  },
  // Dolly's context plays alpaca's input part; it is written as alpaca, its closest kin
  // (its other columns say nothing alpaca's do not).
  dolly: {
    fields: { prompt: 'instruction', input: 'context', response: 'response', system: null },
    required: ['prompt', 'response'],
    message: null,
    detection: 5,
    read: readDolly,
    output: 'alpaca',
  },
} as const satisfies Record<string, InputFormatEntry>;

export type InputFormat = keyof typeof INPUT_FORMAT_TABLE;

/** Record layouts mosaic-it reads. Field names and accepted roles are documented in each reader. */
// A non-empty tuple, so that zod enums and commander choices can be built from it.
export const INPUT_FORMATS = Object.keys(INPUT_FORMAT_TABLE) as unknown as readonly [InputFormat, ...InputFormat[]];

/** The entry of a format, under the interface's type. */
export function inputFormat(format: InputFormat): InputFormatEntry {
  return INPUT_FORMAT_TABLE[format];
}

/** The output format used when none is asked for (see InputFormatEntry.output). */
export const DEFAULT_OUTPUT_FORMAT = Object.fromEntries(INPUT_FORMATS.map((format) => [format, inputFormat(format).output])) as Readonly<
  Record<InputFormat, OutputFormat>
>;

/** The order in which detection tries the formats: a format that fits no better than an earlier one loses. */
export const DETECTION_ORDER: readonly InputFormat[] = [...INPUT_FORMATS].sort((a, b) => inputFormat(a).detection - inputFormat(b).detection);

const MESSAGE_MAP_KEYS: readonly FieldMapKey[] = [...MESSAGE_KEYS, ...ROLE_KEYS];

/** Whether --map `key` applies to records of `format`: a field it reads, or a message key of a message-list format. */
function takes(format: InputFormat, key: FieldMapKey): boolean {
  const entry = inputFormat(format);
  return Object.hasOwn(entry.fields, key) || (entry.message !== null && MESSAGE_MAP_KEYS.includes(key));
}

/** The input formats that can use every key of `map`, in INPUT_FORMATS order. */
export function formatsTaking(map: FieldMap): InputFormat[] {
  const keys = Object.keys(map) as FieldMapKey[];
  return INPUT_FORMATS.filter((format) => keys.every((key) => takes(format, key)));
}

/** Throws the usage error for a map that `format` cannot use; the caller knows the format only after detection. */
export function assertMapFits(map: FieldMap, format: InputFormat): void {
  const misfit = (Object.keys(map) as FieldMapKey[]).find((key) => !takes(format, key));
  if (misfit !== undefined) {
    const takers = INPUT_FORMATS.filter((f) => takes(f, misfit));
    throw new UsageError(`key "${misfit}" does not apply to ${format} records (it applies to ${takers.join(', ')})`, '--map');
  }
}

const NO_MAP: FieldMap = Object.freeze({});
// Specs are asked for once per record; maps from parseFieldMap are reused objects, so caching by identity pays.
const cache = new WeakMap<FieldMap, Map<InputFormat, ReadSpec<InputFormat>>>();

/** The read spec for `format` under `map`; throws a UsageError when the map has a key the format cannot use. */
export function readSpecFor(format: InputFormat, map: FieldMap = NO_MAP): ReadSpec<InputFormat> {
  let byFormat = cache.get(map);
  if (byFormat === undefined) {
    byFormat = new Map();
    cache.set(map, byFormat);
  }
  let spec = byFormat.get(format);
  if (spec === undefined) {
    assertMapFits(map, format);
    spec = buildReadSpec(format, inputFormat(format), map);
    byFormat.set(format, spec);
  }
  return spec;
}
