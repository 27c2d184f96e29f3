import { DataError, describeValue } from '../errors.js';
import type { Mosaic, Pair } from '../types.js';
import type { SourceLocation } from '../location.js';
import { withSystem, type Dialogue, type Exchange } from './conversation.js';
import { isObject, joinInput, optionalString, requireText, type JsonObject } from './record-fields.js';
import type { ReadSpec } from './read-spec.js';

/** An alpaca record as mosaic-it writes it. `input` stays, empty, because trainers expect the column. */
export interface AlpacaRecord {
  instruction: string;
  input: string;
  output: string;
  /** LLaMA-Factory's alpaca system column; present only when the pairs had one. */
  system?: string;
  meta?: Mosaic['meta'];
}

/**
 * Reads one alpaca record (instruction, optional input, output; other fields ignored).
 * The prompt is the instruction, plus "\n" and the input when the input is not empty.
 * Texts are kept byte for byte: nothing is trimmed.
 *
 * @deprecated Ignores `system` and `history`; use `recordToPairs` with format "alpaca".
 */
export function alpacaToPair(value: unknown, location: SourceLocation, source: number): Pair {
  if (!isObject(value)) {
    throw new DataError(`expected an object with "instruction" and "output", found ${describeValue(value)}`, location);
  }
  const instruction = requireText(value, 'instruction', location);
  const output = requireText(value, 'output', location);
  const input = optionalString(value, 'input', location);
  return { source, prompt: joinInput(instruction, input), response: output };
}

/**
 * Reads an alpaca record in LLaMA-Factory's full form: instruction, optional input, output,
 * optional `system`, and optional `history`, a list of earlier [prompt, response] pairs.
 * History comes first in the conversation, so a record with history has several exchanges.
 */
export function readAlpaca(record: JsonObject, spec: ReadSpec, location: SourceLocation): Dialogue {
  const { fields } = spec;
  const instruction = requireText(record, fields.prompt as string, location);
  const input = optionalString(record, fields.input, location);
  const output = requireText(record, fields.response as string, location);
  const exchanges = [...readHistory(record, fields.history, location), { prompt: joinInput(instruction, input), response: output }];
  return withSystem(exchanges, optionalString(record, fields.system, location), undefined);
}

function readHistory(record: JsonObject, field: string | undefined, location: SourceLocation): Exchange[] {
  const history = field === undefined ? undefined : record[field];
  if (history === undefined || history === null) return [];
  if (!Array.isArray(history)) {
    throw new DataError(`field "${field}": expected a list of [prompt, response] pairs, found ${describeValue(history)}`, location);
  }
  return history.map((item: unknown, index) => {
    if (!Array.isArray(item) || item.length !== 2) {
      const found = Array.isArray(item) ? `an array of ${item.length} items` : describeValue(item);
      throw new DataError(`field "${field}" item ${index}: expected a [prompt, response] pair, found ${found}`, location);
    }
    const [prompt, response] = item.map((text: unknown, side) => {
      if (typeof text !== 'string' || text.trim() === '') {
        const name = side === 0 ? 'prompt' : 'response';
        throw new DataError(`field "${field}" item ${index} ${name}: expected non-empty text, found ${describeValue(text)}`, location);
      }
      return text;
    }) as [string, string];
    return { prompt, response };
  });
}

export function mosaicToAlpaca(mosaic: Mosaic, withMeta: boolean): AlpacaRecord {
  const record: AlpacaRecord = { instruction: mosaic.prompt, input: '', output: mosaic.response };
  if (mosaic.system !== undefined) record.system = mosaic.system;
  if (withMeta) record.meta = mosaic.meta;
  return record;
}
