import { createRequire } from 'node:module';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { bpePieceCounter } from './bpe-count.js';
import type { TokenCounter } from './counter.js';
import { JointCount } from './joint-count.js';
import { localPipeline, type LocalPipeline } from './local-pieces.js';
import { PieceMemo, type CountBatch } from './piece-memo.js';

/**
 * A Hugging Face tokenizer.json as a TokenCounter, counting without special tokens.
 *
 * Engines:
 * - the official native binding `tokenizers` (Rust): bulk counting through encodeBatch,
 *   which tokenizes on all cores; its calls are async;
 * - synchronous counts of short texts (the planner's decoration), where an async round
 *   trip costs more than the work: from bpe-count.ts for the pieces of a split text, and
 *   from the official pure-JS port `@huggingface/tokenizers` otherwise;
 * - the pure-JS port as the whole engine when the native binding cannot load on this
 *   platform (same counts, slower).
 * Each is loaded when first needed: a run that splits every text never builds the
 * native engine for whole texts, and one with the native engine never builds the port
 * unless a text cannot be split (building the port for Llama-2 costs about 0.3 s).
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
  const module = options.nativeModule ?? 'tokenizers';
  // The first engine loaded is the one every run uses, and the one whose failure means
  // no native binding here: the per-piece engine when every text splits, else the whole.
  const nativeFirst = await loadNative(pipeline?.splitsEverything ? pipeline.pieceTokenizerJson : counting, module, options.onNotice);
  if (!nativeFirst) return pureCounter(name, counting, pipeline);

  const countWholeSync = lazy(() => pureCount(counting));
  let countWhole: CountBatch;
  if (pipeline?.splitsEverything) {
    // Every text splits, so this is not expected to run; loaded on a first call only.
    const whole = lazy(async (): Promise<CountBatch> => {
      const engine = await loadNative(counting, module);
      return engine ? batchedNative(engine, BATCH) : async (texts) => texts.map(countWholeSync());
    });
    countWhole = async (texts) => (await whole())(texts);
  } else countWhole = batchedNative(nativeFirst, BATCH);
  if (!pipeline) {
    return { name, exact: true, memo: null, countSync: (text) => countWholeSync()(text), count: countOne(countWhole), countMany: (texts) => countWhole(texts as string[]) };
  }
  const countPieces = batchedNative(pipeline.splitsEverything ? nativeFirst : await loadNative(pipeline.pieceTokenizerJson, module), PIECE_BATCH);
  const countPieceSync = lazy(() => bpePieceCounter(pipeline.pieceConfig) ?? pureCount(pipeline.pieceTokenizerJson));
  const memo = new PieceMemo(pipeline, countPieces, countWhole);
  const countMany = (texts: readonly string[]): Promise<number[]> => memo.countMany(texts);
  const countPiece = (piece: string): number => countPieceSync()(piece);
  return {
    name,
    exact: true,
    memo,
    countSync: (text) => memo.countSync(text, countPiece, (whole) => countWholeSync()(whole)),
    count: countOne(countMany),
    countMany,
    ...jointsOf(pipeline, memo, countPiece),
  };
}

/** Without the native binding: the pure-JS port does all the counting, synchronously. */
function pureCounter(name: string, counting: string, pipeline: LocalPipeline | null): HfCounter {
  const countWholeSync = pureCount(counting);
  if (!pipeline) return { name, exact: true, memo: null, countSync: countWholeSync, count: countWholeSync };
  const countPieceSync = pureCount(pipeline.pieceTokenizerJson);
  const memo = new PieceMemo(
    pipeline,
    async (pieces) => pieces.map(countPieceSync),
    async (texts) => texts.map(countWholeSync),
  );
  const countSync = (text: string): number => memo.countSync(text, countPieceSync, countWholeSync);
  const countMany = (texts: readonly string[]): Promise<number[]> => memo.countMany(texts);
  return { name, exact: true, memo, countSync, count: countOne(countMany), countMany, ...jointsOf(pipeline, memo, countPieceSync) };
}

/** Counting joined texts from their parts, where the pipeline's split allows it; pieces go through the memo. */
function jointsOf(pipeline: LocalPipeline, memo: PieceMemo, countPiece: (piece: string) => number): { joints?: JointCount } {
  return pipeline.joints ? { joints: new JointCount(pipeline.joints, (piece) => memo.pieceSync(piece, countPiece)) } : {};
}

function countOne(countMany: (texts: string[]) => Promise<number[]>): (text: string) => Promise<number> {
  return async (text) => (await countMany([text]))[0] as number;
}

/** A value made on first use and kept. */
function lazy<T>(make: () => T): () => T {
  let made: { value: T } | undefined;
  return () => (made ??= { value: make() }).value;
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

/**
 * A synchronous count from the pure-JS port. Its CommonJS build is required rather than
 * imported because the first need for it may come in a synchronous call (the package
 * maps `require` to dist/tokenizers.cjs, the same code as its ES build).
 */
function pureCount(json: string): (text: string) => number {
  const { Tokenizer } = createRequire(import.meta.url)('@huggingface/tokenizers') as {
    Tokenizer: new (tokenizer: object, config: object) => PureTokenizer;
  };
  const tokenizer = new Tokenizer(JSON.parse(json) as object, {});
  return (text) => (text === '' ? 0 : tokenizer.encode(text, { add_special_tokens: false }).ids.length);
}
