import type { JointCounting } from './counter.js';
import type { JointRule } from './local-pieces.js';

/**
 * Exact counts of joined texts from their parts' own counts, for the splits described by
 * a JointRule (Llama-2's among them).
 *
 * Why it is exact: a text's count is the sum of its pieces' counts (local-pieces.ts),
 * and under a JointRule a cut falls before character i exactly when i is a space (a
 * character the normalizer turns into the cut character) and i - 1 is not. Which places
 * are cuts inside a part therefore does not depend on its neighbours; only the joint
 * itself is decided by the last character before it and the first after. So the pieces
 * of a + b are a's pieces and b's pieces, except that a's last piece and b's first become
 * one piece when the joint is not a cut. A part whose count alone is known then needs
 * only its first and last pieces looked at: its inner pieces count what they counted
 * alone. The normalizer's prefix goes in front of the whole text's first piece, as it
 * went in front of each part's first piece when the part was counted alone.
 *
 * A part or rebuilt piece holding an added token is refused (end() gives null), and the
 * caller counts the whole text instead: the engine cuts added tokens out first.
 */
export class JointCount implements JointCounting {
  /** Raw fragments of the piece not yet closed: it may still grow across the next joint. */
  private open: string[] = [];
  private openEndsInSpace = false;
  /** Whether no piece has been closed yet: the next closed one takes the prefix. */
  private first = true;
  private total = 0;
  private refused = false;
  private readonly spaceCodes: ReadonlySet<number>;
  /** The first two space characters' codes, tested before the set (Llama-2 has exactly two). */
  private readonly space0: number;
  private readonly space1: number;
  private readonly mapped: readonly string[];
  /** JointRule.addedStarts: a part holding none of them holds no added token. */
  private readonly addedStarts: string;

  constructor(
    private readonly rule: JointRule,
    /** A normalized piece's count (the memo in front of the engine). */
    private readonly countPiece: (piece: string) => number,
  ) {
    this.spaceCodes = new Set(rule.spaces.map((space) => space.charCodeAt(0)));
    this.space0 = rule.spaces[0]?.charCodeAt(0) ?? -1;
    this.space1 = rule.spaces[1]?.charCodeAt(0) ?? this.space0;
    this.mapped = rule.spaces.filter((space) => space !== rule.cut);
    this.addedStarts = rule.addedStarts;
  }

  /** Starts a new text. */
  start(): this {
    this.open = [];
    this.openEndsInSpace = false;
    this.first = true;
    this.total = 0;
    this.refused = false;
    return this;
  }

  /** A part counted here, piece by piece (decoration: short texts). */
  text(part: string): this {
    if (part === '' || this.refuses(part)) return this;
    const head = this.headEnd(part);
    this.join(part, head);
    if (head === part.length) return this;
    let from = head;
    for (let at = this.nextCut(part, from + 1); at < part.length; at = this.nextCut(part, at + 1)) {
      this.total += this.countPiece(this.normalize(part.slice(from, at)));
      from = at;
    }
    this.setOpen(part.slice(from), part);
    return this;
  }

  /** A part whose count alone (normalized whole, with the prefix) is `tokens`. */
  known(part: string, tokens: number): this {
    if (part === '' || this.refuses(part)) return this;
    const head = this.headEnd(part);
    this.join(part, head);
    if (head === part.length) return this;
    const tail = this.tailStart(part);
    const edges = this.countPiece(this.rule.prefix + this.normalize(part.slice(0, head))) + this.countPiece(this.normalize(part.slice(tail)));
    this.total += tokens - edges;
    this.setOpen(part.slice(tail), part);
    return this;
  }

  /** The text's count, or null when a part or joint holds an added token. */
  end(): number | null {
    this.close();
    return this.refused ? null : this.total;
  }

  /**
   * Joins a part's first piece [0, head) to the open piece: it closes the open piece
   * first when the joint is a cut, and closes the grown piece when the part goes on.
   */
  private join(part: string, head: number): void {
    if (this.open.length > 0 && !this.openEndsInSpace && this.isSpace(part, 0)) this.close();
    this.open.push(head === part.length ? part : part.slice(0, head));
    if (head === part.length) this.openEndsInSpace = this.isSpace(part, part.length - 1);
    else this.close();
  }

  private setOpen(piece: string, part: string): void {
    this.open = [piece];
    this.openEndsInSpace = this.isSpace(part, part.length - 1);
  }

  private close(): void {
    if (this.open.length === 0) return;
    const rebuilt = this.open.length > 1;
    const raw = rebuilt ? this.open.join('') : (this.open[0] as string);
    if (rebuilt && this.mayHoldAdded(raw) && this.rule.added?.test(raw)) this.refused = true;
    this.open = [];
    const piece = this.normalize(raw);
    const whole = this.first ? this.rule.prefix + piece : piece;
    this.total += rebuilt && this.rule.barriers !== '' ? this.countAcross(whole) : this.countPiece(whole);
    this.first = false;
  }

  /**
   * A piece rebuilt across a joint is new text (a word of one part and a number or
   * marker of the next), which the memo would count afresh every time. Cut at the
   * model's barriers (JointRule.barriers: "\n" for Llama-2), its stretches are ones
   * the memo has seen, each counted apart as the model would.
   */
  private countAcross(piece: string): number {
    const { barriers } = this.rule;
    let total = 0;
    let from = 0;
    for (let i = 0; i < piece.length; i++) {
      if (!barriers.includes(piece[i] as string)) continue;
      if (i > from) total += this.countPiece(piece.slice(from, i));
      total += this.countPiece(piece[i] as string);
      from = i + 1;
    }
    return from === 0 ? this.countPiece(piece) : total + (from < piece.length ? this.countPiece(piece.slice(from)) : 0);
  }

  private refuses(part: string): boolean {
    if (this.mayHoldAdded(part) && this.rule.added?.test(part)) this.refused = true;
    return this.refused;
  }

  private mayHoldAdded(text: string): boolean {
    for (const start of this.addedStarts) if (text.includes(start)) return true;
    return false;
  }

  private normalize(raw: string): string {
    let out = raw;
    for (const space of this.mapped) if (out.includes(space)) out = out.replaceAll(space, this.rule.cut);
    return out;
  }

  private isSpace(text: string, at: number): boolean {
    const code = text.charCodeAt(at);
    return code === this.space0 || code === this.space1 || this.spaceCodes.has(code);
  }

  /** The first cut at or after `from` (from >= 1), or the text's length. */
  private nextCut(text: string, from: number): number {
    for (let i = from; i < text.length; i++) if (this.isSpace(text, i) && !this.isSpace(text, i - 1)) return i;
    return text.length;
  }

  /** Where the first piece ends: the first cut, or the text's length when it is one piece. */
  private headEnd(text: string): number {
    return this.nextCut(text, 1);
  }

  /** Where the last piece starts (the text has at least one cut). */
  private tailStart(text: string): number {
    for (let i = text.length - 1; i >= 1; i--) if (this.isSpace(text, i) && !this.isSpace(text, i - 1)) return i;
    return 0;
  }
}

