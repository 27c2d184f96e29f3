import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { TokenCounter } from './counter.js';

/**
 * A Hugging Face tokenizer.json as a TokenCounter, counting without special tokens.
 *
 * Two engines load the same file:
 * - the official native binding `tokenizers` (Rust): used for bulk counting through
 *   encodeBatch, which tokenizes on all cores; its calls are async;
 * - the official pure-JS port `@huggingface/tokenizers`: synchronous, used for small
 *   texts where an async round trip costs more than the work, and as the whole engine
 *   when the native binding cannot load on this platform (same counts, slower).
 */
export interface HfCounterOptions {
  /** Receives one line when the native binding is unavailable. */
  readonly onNotice?: (message: string) => void;
  /**
   * The module to load the native engine from; tests name a missing one to exercise
   * the fallback exactly as a platform without a prebuilt binding would.
   */
  readonly nativeModule?: string;
}

interface NativeTokenizer {
  encode(text: string, pair: null, options: { addSpecialTokens: boolean }): Promise<{ getLength(): number }>;
  encodeBatch(texts: string[], options: { addSpecialTokens: boolean }): Promise<Array<{ getLength(): number }>>;
}

interface PureTokenizer {
  encode(text: string, options: { add_special_tokens: boolean }): { ids: number[] };
}

// Texts per encodeBatch call: large enough to keep both cores busy, small enough that
// the returned encodings (ids, offsets, masks per token) stay a few megabytes.
const BATCH = 512;

export async function loadHfCounter(name: string, json: string, options: HfCounterOptions = {}): Promise<TokenCounter> {
  const pure = await loadPure(json);
  const countSync = (text: string): number => (text === '' ? 0 : pure.encode(text, { add_special_tokens: false }).ids.length);
  const native = await loadNative(json, options.nativeModule ?? 'tokenizers', options.onNotice);
  if (!native) {
    return { name, exact: true, count: countSync, countSync };
  }
  const noSpecial = { addSpecialTokens: false };
  return {
    name,
    exact: true,
    countSync,
    async count(text) {
      return text === '' ? 0 : (await native.encode(text, null, noSpecial)).getLength();
    },
    async countMany(texts) {
      const out = new Array<number>(texts.length);
      for (let from = 0; from < texts.length; from += BATCH) {
        const slice = texts.slice(from, from + BATCH);
        const encodings = await native.encodeBatch(slice, noSpecial);
        let chars = 0;
        for (let i = 0; i < encodings.length; i++) {
          out[from + i] = slice[i] === '' ? 0 : (encodings[i] as { getLength(): number }).getLength();
          chars += (slice[i] as string).length;
        }
        releaseAfter(chars);
      }
      return out;
    },
  };
}

/**
 * Each native Encoding holds ids, offsets, masks and token strings outside the V8 heap,
 * where the collector does not see them. A full collection after every RELEASE_CHARS of
 * encoded text frees them: `npm run bench`, llama2, 100k pairs, 4 epochs, peak RSS
 * 2,137 MB without it, 512 MB with it; a 32M interval gave 533 MB against 434 MB for 8M
 * on 20k pairs, at the same speed. The collector is reached
 * through V8's own flag; if that is refused, nothing else changes.
 */
const RELEASE_CHARS = 8 * 1024 * 1024;
let sinceRelease = 0;
let collect: (() => void) | null | undefined;

function releaseAfter(chars: number): void {
  sinceRelease += chars;
  if (sinceRelease < RELEASE_CHARS) return;
  sinceRelease = 0;
  if (collect === undefined) {
    try {
      setFlagsFromString('--expose-gc');
      collect = runInNewContext('gc') as () => void;
    } catch {
      collect = null;
    }
  }
  collect?.();
}

async function loadNative(json: string, module: string, onNotice?: (message: string) => void): Promise<NativeTokenizer | null> {
  try {
    const { Tokenizer } = (await import(module)) as unknown as {
      Tokenizer: { fromString(json: string): NativeTokenizer };
    };
    return Tokenizer.fromString(json);
  } catch (error) {
    const reason = error instanceof Error ? error.message.split('\n')[0] : String(error);
    onNotice?.(`native tokenizers binding unavailable (${reason}); counting with the pure-JS engine, same counts, slower`);
    return null;
  }
}

async function loadPure(json: string): Promise<PureTokenizer> {
  const { Tokenizer } = (await import('@huggingface/tokenizers')) as unknown as {
    Tokenizer: new (tokenizer: object, config: object) => PureTokenizer;
  };
  return new Tokenizer(JSON.parse(json) as object, {});
}
