import type { DataError } from '../errors.js';
import { GrowingArray } from '../growing-array.js';
import type { PendingFile } from '../io/pending-file.js';
import type { ReadOptions, RecordRead } from '../io/read-pairs.js';
import type { SourceLocation } from '../location.js';

// Lines are gathered into blocks of about this many characters before they are written.
const BLOCK_CHARS = 1 << 20;

/**
 * `--rejects`: one JSON line for every record, or pair, that became part of no mosaic:
 * invalid records (under --on-invalid skip) and skipped ones as they are read, with their
 * reason, then pairs over the budget with their token count. Each line says where the
 * record is (file and line, or file and array index) and its `source` index, as
 * meta.sources counts records. Records are not copied: the location finds them.
 */
export class Rejects {
  private pending: string[] = [];
  private chars = 0;
  // Where each pair came from, by pair index, for the budget drops known only once all are counted.
  private readonly pairInput = GrowingArray.uint32();
  private readonly pairPlace = GrowingArray.uint32();
  private readonly pairSource = GrowingArray.uint32();
  private readonly files: string[] = [];
  private readonly byLine: boolean[] = [];

  constructor(private readonly file: PendingFile) {}

  invalid(error: DataError, source: number): void {
    this.add({ ...place(error.location), source, reason: error.reason ?? 'bad-field', message: error.detail });
  }

  /** Sees every record read: a skipped one is a line now; a read one's pairs are remembered by place. */
  record(record: RecordRead, source: number): Promise<void> | undefined {
    if (record.skip !== undefined) {
      this.add({ ...place(record.location), source, reason: record.skip });
    } else if (record.pairs.length > 0) {
      const input = this.inputIndex(record.location);
      const at = record.location.line ?? record.location.index ?? 0;
      for (let i = 0; i < record.pairs.length; i++) {
        this.pairInput.push(input);
        this.pairPlace.push(at);
        this.pairSource.push(source);
      }
    }
    return this.chars >= BLOCK_CHARS ? this.flush() : undefined;
  }

  /** The read hooks that feed it: every invalid record left out, every record read. */
  readHooks(): Required<Pick<ReadOptions, 'onInvalid' | 'onRecord'>> {
    return { onInvalid: (error, source) => this.invalid(error, source), onRecord: (record) => this.record(record, record.source) };
  }

  /**
   * The pairs over the budget, in input order, each with its count (pairs of one record
   * told apart by `exchange`). `tokens`: every pair's own count, in the order read.
   */
  async overBudget(tokens: Uint32Array, maxTokens: number): Promise<void> {
    const n = this.pairSource.length;
    for (let i = 0, exchange = 0; i < n; i++) {
      const source = this.pairSource.at(i);
      exchange = i > 0 && this.pairSource.at(i - 1) === source ? exchange + 1 : 0;
      const count = tokens[i] as number;
      if (count <= maxTokens) continue;
      const input = this.pairInput.at(i);
      const several = exchange > 0 || (i + 1 < n && this.pairSource.at(i + 1) === source);
      const where = this.byLine[input] ? { line: this.pairPlace.at(i) } : { index: this.pairPlace.at(i) };
      this.add({
        file: this.files[input] as string,
        ...where,
        source,
        ...(several ? { exchange } : {}),
        reason: 'over-budget',
        tokens: count,
        maxTokens,
      });
      if (this.chars >= BLOCK_CHARS) await this.flush();
    }
    await this.flush();
  }

  async flush(): Promise<void> {
    if (this.pending.length === 0) return;
    const text = this.pending.join('');
    this.pending = [];
    this.chars = 0;
    await this.file.sink(text);
  }

  private add(line: object): void {
    const text = `${JSON.stringify(line)}\n`;
    this.pending.push(text);
    this.chars += text.length;
  }

  // Files are numbered as first seen; a file's records are all located by line or all by index.
  private inputIndex(location: SourceLocation): number {
    const last = this.files.length - 1;
    if (last >= 0 && this.files[last] === location.file) return last;
    this.files.push(location.file);
    this.byLine.push(location.line !== undefined);
    return last + 1;
  }
}

function place(location: SourceLocation | undefined): { file: string; line?: number; index?: number } {
  if (location === undefined) return { file: '' };
  if (location.line !== undefined) return { file: location.file, line: location.line };
  if (location.index !== undefined) return { file: location.file, index: location.index };
  return { file: location.file };
}
