import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { OptionError } from '../errors.js';
import { FIELD_MAP_KEYS } from '../formats/field-keys.js';
import { Digest } from '../io/digest.js';
import { parseFieldMap } from '../formats/field-map.js';
import type { ReadOptions } from '../io/read-pairs.js';
import type { ResolvedAugmentOptions } from '../resolved-options.js';
import { APPROX_VERSION } from '../tokens/approx.js';
import { TEMPLATE_FILES } from '../tokens/chat-template.js';
import { llama2Json } from '../tokens/llama2-file.js';
import { OPENAI_ENCODINGS } from '../tokens/openai.js';
import { tokenizerFile, tokenizerFolder } from '../tokens/resolve.js';

/**
 * What a counts file was counted with and from, so that a run can tell whether the
 * numbers are its own: the same tokenizer (by what defines it, not by the name it was
 * given under), the same chat template, the same input bytes read the same way.
 */

/** A tokenizer's name as given (for messages) and what defines it (compared). */
export interface TokenizerIdentity {
  readonly name: string;
  /** "sha256:<hex>" of a tokenizer.json, or "<package> <version>" of a built-in. */
  readonly id: string;
}

/** The files of a model folder that make a chat template's rendering, by content. */
export interface TemplateIdentity {
  readonly sha256: string;
}

/** The read settings that change which pairs come out of the same bytes. */
export interface ReadIdentity {
  readonly format: string | null;
  readonly map: Readonly<Record<string, string>> | null;
  readonly multiTurn: string;
  readonly preference: string;
  readonly ktoUndesirable: string;
  readonly onInvalid: string;
}

/** Each input's bytes, in order, and the read settings. */
export interface InputIdentity {
  /** sha256 over the inputs' digests and the read settings: equal inputs read alike. */
  readonly sha256: string;
  readonly inputs: ReadonlyArray<{ readonly sha256: string; readonly bytes: number }>;
  readonly read: ReadIdentity;
}

const sha256 = (data: string | Uint8Array): string => createHash('sha256').update(data).digest('hex');

/**
 * The tokenizer's identity: a tokenizer.json by its text's sha256 (a file or a model
 * folder's), llama2 by the text of the tokenizer.json it is built from, the OpenAI
 * encodings by gpt-tokenizer's version, the estimate by its rules' version. A counter
 * object given by a library caller has nothing to be known by.
 */
export async function tokenizerIdentity(options: ResolvedAugmentOptions): Promise<TokenizerIdentity> {
  const source = options.tokenizerSource;
  if (source === undefined) {
    throw new OptionError('tokenizer', 'a counts file needs the tokenizer given by name or path, so that what it counts with can be recorded; a counter object has no identity');
  }
  const name = options.tokenizer.name;
  if (source === 'approx') return { name, id: `mosaic-it approx ${APPROX_VERSION}` };
  if (source === 'llama2') return { name, id: `sha256:${sha256(await llama2Json())}` };
  if ((OPENAI_ENCODINGS as readonly string[]).includes(source)) return { name, id: `gpt-tokenizer ${await packageVersion('gpt-tokenizer')} ${source}` };
  return { name, id: `sha256:${sha256(await readFile(await tokenizerFile(source)))}` };
}

async function packageVersion(name: string): Promise<string> {
  const manifest = createRequire(import.meta.url).resolve(`${name}/package.json`);
  return String((JSON.parse(await readFile(manifest, 'utf8')) as { version?: unknown }).version);
}

/**
 * The chat template's identity, or null without one: the sha256 of each file of the
 * model folder that a template is read from, those present, in a fixed order.
 */
export async function templateIdentity(options: ResolvedAugmentOptions): Promise<TemplateIdentity | null> {
  if (options.chatTemplate === null) return null;
  const folder = options.tokenizerSource === undefined ? null : await tokenizerFolder(options.tokenizerSource);
  if (folder === null) throw new OptionError('chatTemplate', 'a counts file needs the chat template loaded from a model folder');
  const hash = createHash('sha256');
  for (const name of TEMPLATE_FILES) {
    const bytes = await readFile(join(folder, name)).catch(() => null);
    if (bytes !== null) hash.update(`${name} ${sha256(bytes)}\n`);
  }
  return { sha256: hash.digest('hex') };
}

/** The read settings as they decide the pairs: defaults written out, a --map parsed and in key order. */
export function readIdentity(read: ReadOptions): ReadIdentity {
  const parsed = typeof read.map === 'string' ? parseFieldMap(read.map) : read.map;
  const map = parsed === undefined ? null : Object.fromEntries(FIELD_MAP_KEYS.flatMap((key) => (parsed[key] === undefined ? [] : [[key, parsed[key]]])));
  return {
    format: read.format ?? null,
    map,
    multiTurn: read.multiTurn ?? 'skip',
    preference: read.preference ?? 'skip',
    ktoUndesirable: read.ktoUndesirable ?? 'skip',
    onInvalid: read.invalidRecords ?? 'fail',
  };
}

/**
 * Hashes the inputs as they are read (ReadOptions.onBytes sees every stored byte of each),
 * then gives their identity with the read settings.
 */
export class InputHasher {
  private readonly digests: Digest[] = [];

  /** The onBytes hook; `then` is another hook to pass the bytes on to. */
  tap(then?: (index: number, chunk: Uint8Array) => void): (index: number, chunk: Uint8Array) => void {
    return (index, chunk) => {
      this.at(index).update(chunk);
      then?.(index, chunk);
    };
  }

  private at(index: number): Digest {
    while (this.digests.length <= index) this.digests.push(new Digest());
    return this.digests[index] as Digest;
  }

  /** The identity of `inputs` inputs read with `read`; an input that gave no byte is the empty one. */
  identity(inputs: number, read: ReadOptions): InputIdentity {
    const files = Array.from({ length: inputs }, (_, i) => {
      const digest = this.at(i);
      return { sha256: digest.hex(), bytes: digest.bytes };
    });
    const settings = readIdentity(read);
    return { sha256: sha256(JSON.stringify({ inputs: files.map((f) => f.sha256), read: settings })), inputs: files, read: settings };
  }
}
