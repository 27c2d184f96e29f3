import { readFile } from 'node:fs/promises';
import { errnoText, UsageError } from '../errors.js';
import { findDuplicateKey, findSyntaxFault } from './json-check.js';

/**
 * A settings file a user writes by hand (a --config file, a --templates pack): JSON when
 * the name ends in .json, YAML otherwise. Every problem (no such file, not UTF-8, a syntax
 * error with its line and column, a key given twice) is one UsageError naming the path
 * and the flag, never a stack trace. The bytes are returned too, for hashing.
 */
export async function readSettingsFile(path: string, flag: string, at = path): Promise<{ value: unknown; bytes: Buffer }> {
  const bytes = await readFile(at).catch((error: NodeJS.ErrnoException) => {
    throw new UsageError(`cannot read "${path}": ${errnoText(error, 'read') ?? error.code ?? error.message}`, flag);
  });
  let text: string;
  try {
    text = new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new UsageError(`${path}: not UTF-8 text`, flag);
  }
  if (text.startsWith('\uFEFF')) text = text.slice(1);
  // The YAML parser is loaded only for a YAML file: a run without one never pays for it.
  const value = /\.json$/i.test(path) ? parseJson(text, path, flag) : parseYamlText(await import('yaml'), text, path, flag);
  return { value, bytes };
}

function parseJson(text: string, path: string, flag: string): unknown {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const fault = findSyntaxFault(text);
    if (fault === null) throw new UsageError(`${path}: not valid JSON: ${(error as Error).message}`, flag);
    throw new UsageError(`${path}:${position(text, fault.offset)}: not valid JSON: ${fault.message.replace(/the end of the record$/, 'the end of the file')}`, flag);
  }
  // JSON.parse keeps the last of two equal keys without a word; a pack should not lose a sentence list that way.
  const duplicate = findDuplicateKey(text);
  if (duplicate !== null) throw new UsageError(`${path}:${position(text, duplicate.offset)}: ${duplicate.message}`, flag);
  return value;
}

/** `line:column`, both 1-based, of a UTF-16 offset. */
function position(text: string, offset: number): string {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  const column = offset - (before.lastIndexOf('\n') + 1) + 1;
  return `${line}:${column}`;
}

function parseYamlText(yaml: typeof import('yaml'), text: string, path: string, flag: string): unknown {
  try {
    return yaml.parse(text);
  } catch (error) {
    if (error instanceof yaml.YAMLParseError) {
      const at = error.linePos?.[0];
      const where = at ? `:${at.line}:${at.col}` : '';
      // The message ends with " at line L, column C:" and a snippet; the place goes in front instead.
      const reason = (error.message.split('\n')[0] ?? '').replace(/ at line \d+, column \d+:?$/, '');
      throw new UsageError(`${path}${where}: not valid YAML: ${reason}`, flag);
    }
    throw error;
  }
}

