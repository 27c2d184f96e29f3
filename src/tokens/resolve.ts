import { readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { DataError, UsageError } from '../errors.js';
import { approxCounter } from './approx.js';
import type { TokenCounter } from './counter.js';
import { loadOpenAiCounter, OPENAI_ENCODINGS } from './openai.js';

/** Names accepted by --tokenizer besides a path to a tokenizer.json or a model folder. */
export const TOKENIZER_NAMES = ['llama2', ...OPENAI_ENCODINGS, 'approx'] as const;

export const DEFAULT_TOKENIZER = 'llama2';

export interface ResolveTokenizerOptions {
  /** Receives one-line notices (a fallback engine in use). */
  readonly onNotice?: (message: string) => void;
}

/**
 * Turns a --tokenizer value into a counter: a bundled name, a tokenizer.json file, or a
 * folder holding one (as downloaded from the Hugging Face hub). Nothing is fetched.
 * An unknown name or a missing path is a usage error; a file that is not a tokenizer is
 * a data error.
 */
export async function resolveTokenizer(name: string, options: ResolveTokenizerOptions = {}): Promise<TokenCounter> {
  if (name === 'approx') return approxCounter;
  if (name === 'llama2' || (OPENAI_ENCODINGS as readonly string[]).includes(name)) {
    // A bundled tokenizer is the same in every load; loading it again (hundreds of
    // milliseconds) would buy nothing.
    let loading = bundled.get(name);
    if (!loading) {
      loading = loadBundled(name, options);
      bundled.set(name, loading);
      loading.catch(() => bundled.delete(name));
    }
    return loading;
  }
  const file = await tokenizerFile(name);
  const json = await readFile(file, 'utf8').catch((error: NodeJS.ErrnoException) => {
    throw new DataError(`cannot read tokenizer: ${error.code ?? error.message}`, { file });
  });
  checkTokenizerJson(json, file);
  // Engines are imported where a counter is loaded: runs with the estimate, and the
  // --version and --help that load this module for its names, never load them.
  const { loadHfCounter } = await import('./hf-engine.js');
  try {
    return await loadHfCounter(name, json, options);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    throw new DataError(`not a usable tokenizer.json: ${reason}`, { file });
  }
}

const bundled = new Map<string, Promise<TokenCounter>>();

async function loadBundled(name: string, options: ResolveTokenizerOptions): Promise<TokenCounter> {
  if (name === 'llama2') {
    // The copy written at build time, or built now from the vocabulary package.
    const [{ llama2Json }, { loadHfCounter }] = await Promise.all([import('./llama2-file.js'), import('./hf-engine.js')]);
    return loadHfCounter('llama2', await llama2Json(), options);
  }
  return loadOpenAiCounter(name as (typeof OPENAI_ENCODINGS)[number]);
}

/** The tokenizer.json a path names: the file itself, or tokenizer.json inside a folder. */
export async function tokenizerFile(path: string): Promise<string> {
  const info = await stat(path).catch(() => null);
  if (!info) {
    throw new UsageError(
      `"${path}" is not a known tokenizer name (${TOKENIZER_NAMES.join(', ')}) and no file or folder has that path`,
      '--tokenizer',
    );
  }
  if (!info.isDirectory()) return path;
  const inside = join(path, 'tokenizer.json');
  if (!(await stat(inside).catch(() => null))?.isFile()) {
    throw new DataError('folder has no tokenizer.json (a Hugging Face model folder holds one)', { file: path });
  }
  return inside;
}

/**
 * The model folder a --tokenizer value names (where tokenizer_config.json lives), or null
 * for a bundled name. Called after resolveTokenizer has checked the path exists.
 */
export async function tokenizerFolder(value: string): Promise<string | null> {
  if ((TOKENIZER_NAMES as readonly string[]).includes(value)) return null;
  const info = await stat(value).catch(() => null);
  if (!info) return null;
  return info.isDirectory() ? value : dirname(value);
}

/** A cheap look before handing the text to an engine, for a clearer message. */
function checkTokenizerJson(json: string, file: string): void {
  let parsed: unknown;
  try {
    parsed = JSON.parse(json);
  } catch {
    throw new DataError('not a tokenizer.json: not valid JSON', { file });
  }
  const model = (parsed as { model?: unknown } | null)?.model;
  if (typeof model !== 'object' || model === null) {
    throw new DataError('not a tokenizer.json: no "model" object (expected a Hugging Face tokenizer file)', { file });
  }
}
