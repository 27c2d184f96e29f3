import { DataError, describeValue } from '../errors.js';
import type { Mosaic, Pair, SourceLocation } from '../types.js';

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
 */
export function alpacaToPair(value: unknown, location: SourceLocation, source: number): Pair {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new DataError(`expected an object with "instruction" and "output", found ${describeValue(value)}`, location);
  }
  const record = value as Record<string, unknown>;
  const instruction = requireText(record, 'instruction', location);
  const output = requireText(record, 'output', location);
  const input = record.input;
  if (input !== undefined && input !== null && typeof input !== 'string') {
    throw new DataError(`field "input": expected a string, found ${describeValue(input)}`, location);
  }
  const prompt = typeof input === 'string' && input !== '' ? `${instruction}\n${input}` : instruction;
  return { source, prompt, response: output };
}

export function mosaicToAlpaca(mosaic: Mosaic, withMeta: boolean): AlpacaRecord {
  const record: AlpacaRecord = { instruction: mosaic.prompt, input: '', output: mosaic.response };
  if (mosaic.system !== undefined) record.system = mosaic.system;
  if (withMeta) record.meta = mosaic.meta;
  return record;
}

function requireText(record: Record<string, unknown>, field: string, location: SourceLocation): string {
  const value = record[field];
  if (typeof value !== 'string' || value.trim() === '') {
    throw new DataError(`field "${field}": expected non-empty text, found ${describeValue(value)}`, location);
  }
  return value;
}
