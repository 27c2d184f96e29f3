/**
 * Token counts of single pre-tokens for a tokenizer.json whose per-piece stage is a BPE
 * model alone (what local-pieces.ts hands the engines as `pieceTokenizerJson`), computed
 * synchronously in JavaScript.
 *
 * Why: the planner counts a sample's decoration synchronously, and the native engine only
 * answers with promises. The pure-JS port of the engine could answer, but building it from
 * a tokenizer.json takes hundreds of milliseconds per file (Llama-2: two files, about
 * 0.3 s), paid by every run for a few thousand short pieces. A piece's count needs only
 * the vocabulary, the merge ranks and the merge loop, built here from the parsed file in
 * a few tens of milliseconds, on the first piece that needs it.
 *
 * The loop is Hugging Face's own (tokenizers/src/models/bpe: merge_word, merge_all),
 * step for step, so the count is the engine's: characters (or their fallback bytes, or
 * unknown tokens) become symbols, then merges are applied from a min-heap ordered by
 * (rank, position), an entry being skipped when its pair no longer maps to the same
 * result. Configurations this does not follow (subword prefixes or suffixes, dropout,
 * malformed merges) get null, and the caller uses the port instead.
 */

type Json = Record<string, unknown>;

export type PieceCount = (piece: string) => number;

/**
 * The counter for a piece-stage config (normalizer and added tokens already removed,
 * pre-tokenizer null or a regex-free ByteLevel), or null when it is not one this follows.
 */
export function bpePieceCounter(config: Json): PieceCount | null {
  const model = config.model as Json | undefined;
  if (!model || model.type !== 'BPE' || (model.dropout !== null && model.dropout !== undefined && model.dropout !== 0)) return null;
  if (model.continuing_subword_prefix || model.end_of_word_suffix) return null;
  if (config.normalizer !== null && config.normalizer !== undefined) return null;
  if (Array.isArray(config.added_tokens) && config.added_tokens.length > 0) return null;
  const pre = config.pre_tokenizer as Json | null | undefined;
  let byteLevel = false;
  if (pre !== null && pre !== undefined) {
    if (pre.type !== 'ByteLevel' || pre.use_regex !== false || pre.add_prefix_space !== false) return null;
    byteLevel = true;
  }
  const tables = buildTables(model);
  if (!tables) return null;
  return byteLevel ? (piece) => countWord(tables, toByteLevel(piece)) : (piece) => countWord(tables, wellFormed(piece));
}

/**
 * The engine gets text as UTF-8, where a lone surrogate (possible in a JS string) has
 * already become U+FFFD; the same replacement keeps the counts equal.
 */
function wellFormed(text: string): string {
  return LONE_SURROGATE.test(text) ? text.replace(LONE_SURROGATES, '\uFFFD') : text;
}
// With the u flag a paired surrogate is one code point, so only lone halves match.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;
const LONE_SURROGATES = /[\uD800-\uDFFF]/gu;

interface Tables {
  /** The parsed vocabulary object itself: building a Map of it would cost more than the lookups. */
  readonly vocab: Json;
  /** Merge rank of two adjacent symbols, by `pairKey`. */
  readonly ranks: Map<string, number>;
  readonly pairKey: (left: string, right: string) => string;
  readonly unk: string | null;
  readonly fuseUnk: boolean;
  readonly byteFallback: boolean;
  readonly ignoreMerges: boolean;
}

const has = (object: Json, key: string): boolean => Object.prototype.hasOwnProperty.call(object, key);

/**
 * Only the merge ranks are indexed, once, by the merge's own text where it is "left right"
 * (no new string per merge). The file is the one the native engine has loaded, which
 * already refused merges of pieces outside the vocabulary.
 */
function buildTables(model: Json): Tables | null {
  const vocab = model.vocab as Json | undefined;
  const merges = model.merges;
  if (!vocab || typeof vocab !== 'object' || Array.isArray(vocab) || !Array.isArray(merges)) return null;
  const ranks = new Map<string, number>();
  let pairKey: Tables['pairKey'];
  if (merges.every((m) => typeof m === 'string')) {
    for (let rank = 0; rank < merges.length; rank++) {
      const merge = merges[rank] as string;
      const space = merge.indexOf(' ');
      // With one space, "left right" names one pair; the engine reads others differently.
      if (space <= 0 || space === merge.length - 1 || merge.indexOf(' ', space + 1) !== -1) return null;
      // A pair listed twice keeps its last rank, as the engine's map does.
      ranks.set(merge, rank);
    }
    pairKey = (left, right) => `${left} ${right}`;
  } else {
    // ["left", "right"]: pieces may hold spaces, so the key says where the left one ends.
    pairKey = (left, right) => `${left.length}:${left}${right}`;
    for (let rank = 0; rank < merges.length; rank++) {
      const pair = merges[rank] as unknown;
      if (!Array.isArray(pair) || pair.length !== 2 || typeof pair[0] !== 'string' || typeof pair[1] !== 'string') return null;
      ranks.set(pairKey(pair[0], pair[1]), rank);
    }
  }
  let unk: string | null = null;
  if (typeof model.unk_token === 'string') {
    // The engine fails on the first unknown character then; not a case to imitate.
    if (!has(vocab, model.unk_token)) return null;
    unk = model.unk_token;
  } else if (model.unk_token !== null && model.unk_token !== undefined) return null;
  return { vocab, ranks, pairKey, unk, fuseUnk: model.fuse_unk === true, byteFallback: model.byte_fallback === true, ignoreMerges: model.ignore_merges === true };
}

function countWord(tables: Tables, word: string): number {
  if (word === '') return 0;
  if (tables.ignoreMerges && has(tables.vocab, word)) return 1;
  const symbols = initialSymbols(tables, word);
  return symbols.length < 2 ? symbols.length : mergeAll(tables, symbols);
}

/** merge_word's first half: one symbol per character, its bytes, or an unknown token. */
function initialSymbols(tables: Tables, word: string): string[] {
  const symbols: string[] = [];
  // A pending unknown token, added before the next known character (fused or not).
  let pendingUnk = false;
  for (const char of word) {
    if (has(tables.vocab, char)) {
      if (pendingUnk) symbols.push(tables.unk as string);
      pendingUnk = false;
      symbols.push(char);
      continue;
    }
    if (tables.byteFallback) {
      const bytes = byteTokens(tables.vocab, char);
      if (bytes) {
        // As in the engine, a pending unknown token waits past the bytes.
        for (const b of bytes) symbols.push(b);
        continue;
      }
    }
    if (tables.unk !== null) {
      if (pendingUnk && !tables.fuseUnk) symbols.push(tables.unk);
      pendingUnk = true;
    }
  }
  if (pendingUnk) symbols.push(tables.unk as string);
  return symbols;
}

const encoder = new TextEncoder();

function byteTokens(vocab: Json, char: string): string[] | null {
  const out: string[] = [];
  for (const byte of encoder.encode(char)) {
    const token = `<0x${byte.toString(16).toUpperCase().padStart(2, '0')}>`;
    if (!has(vocab, token)) return null;
    out.push(token);
  }
  return out;
}

/**
 * merge_all: returns how many symbols remain. Heap entries are (rank, position), the
 * position being the left symbol's index in the first list, which merging keeps. The
 * engine drops an entry whose pair no longer gives the same merged id; here an entry is
 * dropped when the pair at its position no longer has its rank, which is the same test:
 * a symbol only grows to the right by absorbing its whole neighbour, so the pair at a
 * position either is still the pair that was queued (same rank, same id) or spells
 * another string (another id).
 */
function mergeAll(tables: Tables, symbols: string[]): number {
  const n = symbols.length;
  const prev: number[] = [];
  const next: number[] = [];
  const alive: boolean[] = [];
  for (let i = 0; i < n; i++) {
    prev.push(i - 1);
    next.push(i + 1 < n ? i + 1 : -1);
    alive.push(true);
  }
  const { ranks, pairKey } = tables;
  const heap = new MergeHeap();
  for (let i = 0; i + 1 < n; i++) {
    const rank = ranks.get(pairKey(symbols[i] as string, symbols[i + 1] as string));
    if (rank !== undefined) heap.push(rank, i);
  }
  let remaining = n;
  while (heap.size > 0) {
    const rank = heap.topRank;
    const pos = heap.pop();
    if (!alive[pos]) continue;
    const right = next[pos] as number;
    if (right === -1) continue;
    const left = symbols[pos] as string;
    const other = symbols[right] as string;
    if (ranks.get(pairKey(left, other)) !== rank) continue;
    const merged = left + other;
    symbols[pos] = merged;
    alive[right] = false;
    remaining--;
    const after = next[right] as number;
    next[pos] = after;
    if (after !== -1) prev[after] = pos;
    const before = prev[pos] as number;
    if (before >= 0) {
      const r = ranks.get(pairKey(symbols[before] as string, merged));
      if (r !== undefined) heap.push(r, before);
    }
    if (after !== -1) {
      const r = ranks.get(pairKey(merged, symbols[after] as string));
      if (r !== undefined) heap.push(r, pos);
    }
  }
  return remaining;
}

/** A binary min-heap on (rank, pos): the order the engine pops its merges in. */
class MergeHeap {
  private readonly ranks: number[] = [];
  private readonly positions: number[] = [];

  get size(): number {
    return this.ranks.length;
  }

  get topRank(): number {
    return this.ranks[0] as number;
  }

  push(rank: number, pos: number): void {
    const { ranks, positions } = this;
    let i = ranks.length;
    ranks.push(rank);
    positions.push(pos);
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(i, parent)) break;
      this.swap(i, parent);
      i = parent;
    }
  }

  /** Removes the least entry; returns its position. */
  pop(): number {
    const { ranks, positions } = this;
    const top = positions[0] as number;
    const last = ranks.length - 1;
    this.swap(0, last);
    ranks.pop();
    positions.pop();
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let least = i;
      if (l < last && this.less(l, least)) least = l;
      if (r < last && this.less(r, least)) least = r;
      if (least === i) break;
      this.swap(i, least);
      i = least;
    }
    return top;
  }

  private less(a: number, b: number): boolean {
    const ra = this.ranks[a] as number;
    const rb = this.ranks[b] as number;
    return ra !== rb ? ra < rb : (this.positions[a] as number) < (this.positions[b] as number);
  }

  private swap(a: number, b: number): void {
    swapIn(this.ranks, a, b);
    swapIn(this.positions, a, b);
  }
}

function swapIn(list: number[], a: number, b: number): void {
  const t = list[a] as number;
  list[a] = list[b] as number;
  list[b] = t;
}

/**
 * ByteLevel's mapping (GPT-2's bytes_to_unicode): printable Latin-1 bytes stand for
 * themselves, the other 68 bytes for U+0100 onwards in byte order.
 */
const BYTE_CHARS: readonly string[] = (() => {
  const chars = new Array<string>(256);
  let extra = 0;
  for (let b = 0; b < 256; b++) {
    const printable = (b >= 0x21 && b <= 0x7e) || (b >= 0xa1 && b <= 0xac) || (b >= 0xae && b <= 0xff);
    chars[b] = String.fromCharCode(printable ? b : 0x100 + extra++);
  }
  return chars;
})();

/** The piece's UTF-8 bytes (a lone surrogate as U+FFFD's, as the engine gets it) as ByteLevel characters. */
function toByteLevel(piece: string): string {
  let out = '';
  for (const byte of encoder.encode(piece)) out += BYTE_CHARS[byte] as string;
  return out;
}
