import type { LocalPipeline } from './local-pieces.js';

/** Counts many texts with an engine; the memo's source for pieces and whole texts. */
export type CountBatch = (texts: string[]) => Promise<number[]>;

// Pieces per generation of the memo. A piece costs about 100 bytes with its map entry,
// so two full generations stay near 100 MB however many distinct words the data has.
const GENERATION = 1 << 19;
// Longer pieces (long URLs, runs of symbols) are rare and rarely repeat: counted, not kept.
const LONGEST_KEPT = 64;
// Except in decoration, counted synchronously: a marker or separator run between items
// ("▁<<<\n\n>>>\n\n---\n\n<<<...") is one long piece, the same in every sample of a
// layout and size. A few hundred of them recur; these bounds keep that at a few MB.
const LONG_SYNC_KEPT = 1024;
const LONGEST_SYNC_KEPT = 4096;
// Texts per round of lookups. Each occurrence of an unknown piece is remembered until
// the engine has counted it, so a round bounds that list (on a cold memo nearly every
// piece is unknown); later rounds then find most pieces known.
const CHUNK = 4096;
// V8 keeps substrings of 13 or more characters as views into their parent; a key kept
// in the memo must be copied, or it would hold a whole sample text alive.
const SHORTEST_VIEW = 13;

/**
 * Exact counts through a memo of pre-token counts: see local-pieces.ts for why the sum
 * of the pieces' counts is the text's count. Pieces not yet known are counted together,
 * in one engine batch per call, which spreads them over every core.
 */
export class PieceMemo {
  private young = new Map<string, number>();
  private old = new Map<string, number>();
  /** Long pieces counted by countSync (see LONG_SYNC_KEPT). */
  private longSync = new Map<string, number>();
  /** Pieces looked up and pieces that had to be counted, for the benchmark. */
  lookups = 0;
  misses = 0;

  constructor(
    private readonly pipeline: LocalPipeline,
    private readonly countPieces: CountBatch,
    private readonly countWhole: CountBatch,
    private readonly generation = GENERATION,
  ) {}

  /** Pieces currently remembered, both generations. */
  get size(): number {
    return this.young.size + this.old.size;
  }

  async countMany(texts: readonly string[]): Promise<number[]> {
    if (texts.length <= CHUNK) return this.countChunk(texts);
    const out: number[] = [];
    for (let from = 0; from < texts.length; from += CHUNK) {
      for (const n of await this.countChunk(texts.slice(from, from + CHUNK))) out.push(n);
    }
    return out;
  }

  private async countChunk(texts: readonly string[]): Promise<number[]> {
    const out = new Array<number>(texts.length).fill(0);
    const whole: number[] = [];
    // Unknown piece -> the texts it occurs in (once per occurrence).
    const unknown = new Map<string, number[]>();
    for (let i = 0; i < texts.length; i++) {
      const text = texts[i] as string;
      const split = text === '' ? { pieces: [], addedTokens: 0 } : this.pipeline.split(text);
      if (split === null) {
        whole.push(i);
        continue;
      }
      let total = split.addedTokens;
      this.lookups += split.pieces.length;
      for (const piece of split.pieces) {
        const known = this.get(piece);
        if (known !== undefined) total += known;
        else {
          const holders = unknown.get(piece);
          if (holders) holders.push(i);
          else unknown.set(piece, [i]);
        }
      }
      out[i] = total;
    }
    if (unknown.size > 0) {
      const pieces = [...unknown.keys()];
      this.misses += pieces.length;
      const counts = await this.countPieces(pieces);
      for (let p = 0; p < pieces.length; p++) {
        const piece = pieces[p] as string;
        const count = counts[p] as number;
        for (const i of unknown.get(piece) as number[]) out[i] = (out[i] as number) + count;
        this.set(piece, count);
      }
    }
    if (whole.length > 0) {
      const counts = await this.countWhole(whole.map((i) => texts[i] as string));
      whole.forEach((i, k) => (out[i] = counts[k] as number));
    }
    return out;
  }

  /**
   * The same count without awaiting, for short texts (meta-instructions, labels) that
   * are counted one at a time; unknown pieces go to a synchronous engine.
   */
  countSync(text: string, countPiece: (piece: string) => number, countWhole: (text: string) => number): number {
    if (text === '') return 0;
    const split = this.pipeline.split(text);
    if (split === null) return countWhole(text);
    let total = split.addedTokens;
    for (const piece of split.pieces) total += this.pieceSync(piece, countPiece);
    return total;
  }

  /** One normalized piece's count, remembered; an unknown piece goes to `countPiece`. */
  pieceSync(piece: string, countPiece: (piece: string) => number): number {
    this.lookups++;
    const long = piece.length > LONGEST_KEPT;
    let count = long ? this.longSync.get(piece) : this.get(piece);
    if (count === undefined) {
      this.misses++;
      count = countPiece(piece);
      if (long) this.keepLong(piece, count);
      else this.set(piece, count);
    }
    return count;
  }

  private keepLong(piece: string, count: number): void {
    if (piece.length > LONGEST_SYNC_KEPT) return;
    if (this.longSync.size >= LONG_SYNC_KEPT) this.longSync.clear();
    this.longSync.set(copyOf(piece), count);
  }

  /** Young generation first; a hit in the old one is promoted so it survives the next turn. */
  private get(piece: string): number | undefined {
    const count = this.young.get(piece);
    if (count !== undefined) return count;
    const aged = this.old.get(piece);
    if (aged !== undefined) this.set(piece, aged);
    return aged;
  }

  private set(piece: string, count: number): void {
    if (piece.length > LONGEST_KEPT) return;
    if (this.young.size >= this.generation) {
      this.old = this.young;
      this.young = new Map();
    }
    this.young.set(piece.length >= SHORTEST_VIEW ? copyOf(piece) : piece, count);
  }
}

/** A fresh flat string with the same code units (a UTF-8 round trip would change lone surrogates). */
function copyOf(text: string): string {
  return text.split('').join('');
}
