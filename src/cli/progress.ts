import type { Writable } from 'node:stream';
import type { ReadProgress } from '../io/read-pairs.js';
import type { AugmentProgress } from '../mosaic/augment.js';

/** A clock in milliseconds; tests pass their own. */
export type Clock = () => number;

// Redraws at most this often: fast enough to look alive, rare enough to cost nothing.
const REDRAW_MS = 100;
const BAR_WIDTH = 20;

/**
 * One line on an interactive stderr, redrawn in place: what phase the run is in, how far
 * it got, the rate and the time left. When disabled every method does nothing, so the
 * command can report unconditionally.
 */
export class ProgressLine {
  private phase = '';
  private phaseStart = 0;
  private lastDraw = 0;
  private drawn = false;

  constructor(
    private readonly stream: Writable,
    readonly enabled: boolean,
    private readonly now: Clock = Date.now,
    /** Stored bytes of all inputs, when every input is a file whose size is known. */
    private readonly totalBytes?: number,
  ) {}

  reading(p: ReadProgress): void {
    if (!this.enabled) return;
    const at = this.enter('reading');
    if (!this.due(at)) return;
    const seconds = (at - this.phaseStart) / 1000;
    const parts = [`reading   ${count(p.pairs)} ${p.pairs === 1 ? "pair" : "pairs"}`];
    if (this.totalBytes !== undefined && this.totalBytes > 0) {
      parts.push(`${megabytes(p.bytes)}/${megabytes(this.totalBytes)} MB`);
      parts.push(...rateAndEta(p.bytes / 1e6, this.totalBytes / 1e6, seconds, 'MB/s', 1));
    } else {
      parts.push(`${megabytes(p.bytes)} MB`);
      if (seconds > 0) parts.push(`${(p.bytes / 1e6 / seconds).toFixed(1)} MB/s`);
    }
    this.draw(parts.filter(Boolean).join('  '), at);
  }

  augmenting(p: AugmentProgress): void {
    if (!this.enabled) return;
    const at = this.enter(p.phase);
    if (!this.due(at) && p.done < p.total) return;
    const seconds = (at - this.phaseStart) / 1000;
    const head = p.phase === 'count' ? 'counting ' : 'building ';
    const what =
      p.phase === 'count' ? `${count(p.done)}/${count(p.total)} pairs counted` : `${count(p.done)}/${count(p.total)} pairs placed  ${count(p.mosaics)} ${p.mosaics === 1 ? 'mosaic' : 'mosaics'}`;
    const [rate, eta] = rateAndEta(p.done, p.total, seconds, 'pairs/s', 0);
    this.draw([`${head} ${bar(p.done, p.total)}`, what, rate, eta].filter(Boolean).join('  '), at);
  }

  /** Clears the line, so the summary starts on a clean one. */
  finish(): void {
    if (!this.enabled || !this.drawn) return;
    this.stream.write('\r\x1b[2K');
    this.drawn = false;
  }

  /** Starts the phase's clock on its first report; a new phase is drawn at once. */
  private enter(phase: string): number {
    const at = this.now();
    if (phase !== this.phase) {
      this.phase = phase;
      this.phaseStart = at;
      this.lastDraw = -Infinity;
    }
    return at;
  }

  private due(at: number): boolean {
    return at - this.lastDraw >= REDRAW_MS;
  }

  private draw(text: string, at: number): void {
    this.lastDraw = at;
    const columns = (this.stream as { columns?: number }).columns;
    // Wider than the terminal, the line would wrap and \r would no longer reach its start.
    const line = columns !== undefined && columns > 1 && text.length >= columns ? text.slice(0, columns - 1) : text;
    this.stream.write(`\r\x1b[2K${line}`);
    this.drawn = true;
  }
}

function bar(done: number, total: number): string {
  const share = total > 0 ? Math.min(1, done / total) : 1;
  const full = Math.round(share * BAR_WIDTH);
  return `[${'#'.repeat(full)}${'.'.repeat(BAR_WIDTH - full)}] ${String(Math.floor(share * 100)).padStart(3)}%`;
}

/** "1,234 pairs/s" and "ETA 0:42", or empty strings while there is nothing to go on. */
function rateAndEta(done: number, total: number, seconds: number, unit: string, digits: number): [string, string] {
  if (seconds <= 0 || done <= 0) return ['', ''];
  const rate = done / seconds;
  const shown = digits > 0 ? rate.toFixed(digits) : count(Math.round(rate));
  return [`${shown} ${unit}`, `ETA ${clock(Math.max(0, total - done) / rate)}`];
}

export function clock(seconds: number): string {
  const s = Math.ceil(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const rest = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${rest}` : `${m}:${rest}`;
}

function count(n: number): string {
  return n.toLocaleString('en-US');
}

function megabytes(bytes: number): string {
  return (bytes / 1e6).toFixed(1);
}
