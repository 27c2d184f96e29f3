import type { SourceLocation } from '../location.js';
import { withSystem, type Dialogue } from './conversation.js';
import { joinInput, optionalString, requireText, type JsonObject } from './record-fields.js';
import type { ReadSpec } from './read-spec.js';

/**
 * Reads a Dolly record: instruction, optional context, response (category and other fields
 * ignored). The context joins the instruction exactly as alpaca's input does, "\n" between
 * them when the context is not empty, so that both datasets give the same prompts for the
 * same content. Dolly has no system column; a mapped one is read.
 */
export function readDolly(record: JsonObject, spec: ReadSpec, location: SourceLocation): Dialogue {
  const { fields } = spec;
  const instruction = requireText(record, fields.prompt as string, location);
  const context = optionalString(record, fields.input, location);
  const response = requireText(record, fields.response as string, location);
  return withSystem([{ prompt: joinInput(instruction, context), response }], optionalString(record, fields.system, location), undefined);
}
