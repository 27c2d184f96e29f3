import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import type { TokenCounter } from './counter.js';
import { localPipeline } from './local-pieces.js';
import { PieceMemo, type CountBatch } from './piece-memo.js';

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

/** A loaded counter, with the memo's statistics when the memo is in use. */
export interface HfCounter extends TokenCounter {
  readonly memo: PieceMemo | null;
}

// Texts per encodeBatch call: large enough to keep both cores busy, small enough that
// the returned encodings (ids, offsets, masks per token) stay a few megabytes. Pieces
// are a word or so each, so many more fit in the same memory.
const BATCH = 512;
const PIECE_BATCH = 8192;

export async function loadHfCounter(name: string, json: string, options: HfCounterOptions = {}): Promise<HfCounter> {
  const config = JSON.parse(json) as Record<string, unknown>;
  // A tokenizer.json may carry truncation or padding settings from its training setup;
  // either would change what a count means, so both are off.
  const counting = config.truncation || config.padding ? JSON.stringify({ ...config, truncation: null, padding: null }) : json;
  const pipeline = localPipeline(config);
  const pure = await loadPure(counting);
  const countWholeSync = (text: string): number => (text === '' ? 0 : pure.encode(text, { add_special_tokens: false }).ids.length);
  const purePieces = pipeline && (await loadPure(pipeline.pieceTokenizerJson));
  const countPieceSync = (piece: string): number => (purePieces as PureTokenizer).encode(piece, { add_special_tokens: false }).ids.length;
  const native = await loadNative(counting, options.nativeModule ?? 'tokenizers', options.onNotice);
  const countWhole: CountBatch = native ? batchedNative(native, BATCH) : async (texts) => texts.map(countWholeSync);
  const memo =
    pipeline &&
    new PieceMemo(
      pipeline,
      native ? batchedNative(await loadNative(pipeline.pieceTokenizerJson, options.nativeModule ?? 'tokenizers'), PIECE_BATCH) : async (pieces) => pieces.map(countPieceSync),
      countWhole,
    );
  const countSync = (text: string): number => (memo ? memo.countSync(text, countPieceSync, countWholeSync) : countWholeSync(text));
  // Without memo or native engine, counting is synchronous and stays so: the pipeline
  // then counts sample by sample without batching.
  if (!native && !memo) return { name, exact: true, memo, countSync, count: countSync };
  const countMany = (texts: readonly string[]): Promise<number[]> => (memo ? memo.countMany(texts) : countWhole(texts as string[]));
  return {
    name,
    exact: true,
    memo,
    countSync,
    async count(text) {
      return (await countMany([text]))[0] as number;
    },
    countMany,
  };
}

function batchedNative(native: NativeTokenizer | null, batch: number): CountBatch {
  if (!native) throw new Error('the native engine loaded one tokenizer.json but not its per-piece form');
  const noSpecial = { addSpecialTokens: false };
  return async (texts) => {
    const out = new Array<number>(texts.length);
    for (let from = 0; from < texts.length; from += batch) {
      const slice = texts.slice(from, from + batch);
      const encodings = await native.encodeBatch(slice, noSpecial);
      let chars = 0;
      for (let i = 0; i < encodings.length; i++) {
        out[from + i] = slice[i] === '' ? 0 : (encodings[i] as { getLength(): number }).getLength();
        chars += (slice[i] as string).length;
      }
      releaseAfter(chars);
    }
    return out;
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
