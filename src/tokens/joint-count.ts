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
  /** Normalized fragments of the piece not yet closed: it may still grow across the next joint. */
  private open: string[] = [];
  private openEndsInSpace = false;
  /** Whether no piece has been closed yet: the next closed one takes the prefix. */
  private first = true;
  private total = 0;
  private refused = false;
  private readonly cut: string;
  private readonly cutCode: number;
  /** Raw space characters' codes; the first two are tested before the set (Llama-2 has exactly two). */
  private readonly spaceCodes: ReadonlySet<number>;
  private readonly space0: number;
  private readonly space1: number;
  /** Spaces other than the cut character, which normalizing replaces by it (one unit for one). */
  private readonly mapped: readonly string[];
  private readonly barrierCodes: ReadonlySet<number>;
  /** JointRule.addedStarts: a part holding none of them holds no added token. */
  private readonly addedStarts: string;

  constructor(
    private readonly rule: JointRule,
    /** A normalized piece's count (the memo in front of the engine). */
    private readonly countPiece: (piece: string) => number,
  ) {
    this.cut = rule.cut;
    this.cutCode = rule.cut.charCodeAt(0);
    this.spaceCodes = new Set(rule.spaces.map((space) => space.charCodeAt(0)));
    this.space0 = rule.spaces[0]?.charCodeAt(0) ?? -1;
    this.space1 = rule.spaces[1]?.charCodeAt(0) ?? this.space0;
    this.mapped = rule.spaces.filter((space) => space !== rule.cut);
    this.barrierCodes = new Set([...rule.barriers].map((c) => c.charCodeAt(0)));
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

  /**
   * A part counted here, piece by piece (decoration: short texts). A space is one unit
   * and becomes one unit, so the normalized part has its cuts at the same places, found
   * with indexOf of the cut character.
   */
  text(part: string): this {
    if (part === '' || this.refuses(part)) return this;
    const normal = this.normalize(part);
    const head = this.nextCut(normal, 1);
    this.join(head === normal.length ? normal : normal.slice(0, head), head, normal);
    if (head === normal.length) return this;
    let from = head;
    for (let at = this.nextCut(normal, from + 1); at < normal.length; at = this.nextCut(normal, at + 1)) {
      this.total += this.countPiece(normal.slice(from, at));
      from = at;
    }
    this.setOpen(normal.slice(from));
    return this;
  }

  /**
   * A part whose count alone (normalized whole, with the prefix) is `tokens`: only its
   * first and last pieces are found (on the raw text, not normalized whole) and counted.
   */
  known(part: string, tokens: number): this {
    if (part === '' || this.refuses(part)) return this;
    const head = this.headEnd(part);
    if (head === part.length) {
      const whole = this.normalize(part);
      this.join(whole, whole.length, whole);
      return this;
    }
    const first = this.normalize(part.slice(0, head));
    this.join(first, head, part);
    const last = this.normalize(part.slice(this.tailStart(part)));
    this.total += tokens - this.countPiece(this.rule.prefix + first) - this.countPiece(last);
    this.setOpen(last);
    return this;
  }

  /** The text's count, or null when a part or joint holds an added token. */
  end(): number | null {
    this.close();
    return this.refused ? null : this.total;
  }

  /**
   * Joins a part's first piece (normalized, `head` units long) to the open piece: it
   * closes the open piece first when the joint is a cut, and closes the grown piece when
   * the part goes on past it. `part` is the part itself, raw or normalized.
   */
  private join(firstPiece: string, head: number, part: string): void {
    if (this.open.length > 0 && !this.openEndsInSpace && this.isSpace(part, 0)) this.close();
    this.open.push(firstPiece);
    if (head === part.length) this.openEndsInSpace = this.isSpace(part, part.length - 1);
    else this.close();
  }

  private setOpen(lastPiece: string): void {
    this.open = [lastPiece];
    this.openEndsInSpace = lastPiece.charCodeAt(lastPiece.length - 1) === this.cutCode;
  }

  private close(): void {
    if (this.open.length === 0) return;
    const rebuilt = this.open.length > 1;
    const piece = rebuilt ? this.open.join('') : (this.open[0] as string);
    // Added tokens hold no space, so they match the normalized text where they match the raw.
    if (rebuilt && this.mayHoldAdded(piece) && this.rule.added?.test(piece)) this.refused = true;
    this.open = [];
    const whole = this.first ? this.rule.prefix + piece : piece;
    this.total += rebuilt && this.barrierCodes.size > 0 ? this.countAcross(whole) : this.countPiece(whole);
    this.first = false;
  }

  /**
   * A piece rebuilt across a joint is new text (a word of one part and a number or
   * marker of the next), which the memo would count afresh every time. Cut at the
   * model's barriers (JointRule.barriers: "\n" for Llama-2), its stretches are ones
   * the memo has seen, each counted apart as the model would.
   */
  private countAcross(piece: string): number {
    let total = 0;
    let from = 0;
    for (let i = 0; i < piece.length; i++) {
      if (!this.barrierCodes.has(piece.charCodeAt(i))) continue;
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
    for (const space of this.mapped) if (out.includes(space)) out = out.replaceAll(space, this.cut);
    return out;
  }

  /** Whether the unit at `at` is a space, in a raw or a normalized text alike. */
  private isSpace(text: string, at: number): boolean {
    const code = text.charCodeAt(at);
    return code === this.space0 || code === this.space1 || this.spaceCodes.has(code);
  }

  /** In a normalized text: the first cut at or after `from` (from >= 1), or the text's length. */
  private nextCut(normal: string, from: number): number {
    for (let at = normal.indexOf(this.cut, from); at !== -1; at = normal.indexOf(this.cut, at + 1)) {
      if (normal.charCodeAt(at - 1) !== this.cutCode) return at;
    }
    return normal.length;
  }

  /** In a raw text: where the first piece ends, the first cut, or the text's length. */
  private headEnd(text: string): number {
    for (let i = 1; i < text.length; i++) if (this.isSpace(text, i) && !this.isSpace(text, i - 1)) return i;
    return text.length;
  }

  /** In a raw text with at least one cut: where the last piece starts. */
  private tailStart(text: string): number {
    for (let i = text.length - 1; i >= 1; i--) if (this.isSpace(text, i) && !this.isSpace(text, i - 1)) return i;
    return 0;
  }
}
