import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { DataError, errnoText } from '../errors.js';
import { COUNTS_KEY, COUNTS_VERSION, headerSchema, type CountsHeader } from './counts-format.js';

/** Every pair's counts, in typed arrays shared with worker threads: no object per pair. */
export interface CountColumns {
  /** Tokens of the prompt. */
  readonly prompt: Uint32Array;
  /** Tokens of prompt + response. */
  readonly content: Uint32Array;
  /** Tokens of the pair's system prompt; 0 without one. */
  readonly system: Uint32Array;
  /** Tokens of the pair alone: its chat template rendering, or its texts and system prompt. */
  readonly alone: Uint32Array;
}

/** A counts file read whole and checked in itself (its parts consistent, [0, N) covered once). */
export interface CountsFile extends CountColumns {
  /** The file as named to the user. */
  readonly name: string;
  /** The first part's header: every part's but for its range. */
  readonly header: CountsHeader;
  /** N. */
  readonly pairs: number;
}

export interface CountsSource {
  /** As the user named it, for messages. */
  readonly name: string;
  /** Where the file system finds it. */
  readonly path: string;
}

// A header longer than this is not one (a huge line of something else).
const MAX_HEADER_BYTES = 64 << 20;
const NEWLINE = 0x0a;
const SPACE = 0x20;
const ZERO = 0x30;
const NINE = 0x39;
const BRACE = 0x7b;
const OPEN_BRACE = Buffer.from('{');

/** Reads a counts file into typed arrays; any fault is a DataError naming the file and line. */
export async function readCountsFile(source: CountsSource, signal?: AbortSignal): Promise<CountsFile> {
  const failed = (error: unknown): never => {
    throw new DataError(`cannot read counts file: ${errnoText(error, 'read') ?? (error as Error).message}`, { file: source.name });
  };
  const size = (await stat(source.path).catch(failed)).size;
  const parser = new CountsParser(source.name, size);
  try {
    for await (const chunk of createReadStream(source.path, { highWaterMark: 1 << 20, signal })) parser.feed(chunk as Buffer);
  } catch (error) {
    if (error instanceof DataError || signal?.aborted) throw error;
    failed(error);
  }
  return parser.end();
}

interface Part {
  readonly line: number;
  readonly lo: number;
  readonly hi: number;
}

/**
 * The counts file's grammar, byte by byte: a header line ("{" first) opens a part; a line
 * of decimal numbers separated by single spaces, as many as the header's fields, is the
 * next pair of that part; every line ends with a newline, the last one included (a file
 * cut short mid-line is refused, not read as a smaller number).
 */
class CountsParser {
  private line = 1;
  private header: CountsHeader | null = null;
  private headerText: Buffer[] | null = null;
  private headerBytes = 0;
  private columns: CountColumns | null = null;
  private readonly parts: Part[] = [];
  private part: Part | null = null;
  private next = 0;
  private fields = 0;
  private field = 0;
  private value = 0;
  private digits = 0;
  private readonly values = [0, 0, 0, 0];

  constructor(
    private readonly name: string,
    private readonly size: number,
  ) {}

  private fail(message: string, line = this.line): never {
    throw new DataError(message, { file: this.name, line });
  }

  feed(chunk: Buffer): void {
    for (let i = 0; i < chunk.length; i++) {
      if (this.headerText !== null) {
        const end = chunk.indexOf(NEWLINE, i);
        const piece = chunk.subarray(i, end === -1 ? chunk.length : end);
        this.headerText.push(piece);
        this.headerBytes += piece.length;
        if (this.headerBytes > MAX_HEADER_BYTES) this.fail(`expected a counts header line, found a line of over ${MAX_HEADER_BYTES} bytes`);
        if (end === -1) return;
        this.openPart(Buffer.concat(this.headerText).toString('utf8'));
        i = end;
        continue;
      }
      const b = chunk[i] as number;
      if (b >= ZERO && b <= NINE) {
        // 10 digits reach past 2^32; more is no count.
        if (++this.digits > 10) this.fail('expected a count below 2^32, found a longer number');
        this.value = this.value * 10 + (b - ZERO);
      } else if (b === SPACE) {
        this.endNumber();
      } else if (b === NEWLINE) {
        this.endNumber();
        this.endLine();
      } else if (b === BRACE && this.field === 0 && this.digits === 0) {
        // A header line: the branch above takes the rest of it at once.
        this.headerText = [OPEN_BRACE];
        this.headerBytes = 1;
      } else if (this.part === null) {
        this.fail(`expected a counts file (a header line made by mosaic-it count first), found ${describeByte(b)}`);
      } else {
        this.fail(`expected digits, spaces or a header, found ${describeByte(b)}`);
      }
    }
  }

  private endNumber(): void {
    if (this.digits === 0) this.fail('expected numbers separated by single spaces, found an empty field');
    if (this.value > 0xffffffff) this.fail(`expected a count below 2^32, found ${this.value}`);
    if (this.part === null) this.fail('expected a counts header before the first numbers (is this a counts file?)');
    if (this.field >= this.fields) this.fail(`expected ${this.fields} numbers a line (${(this.header as CountsHeader).fields.join(', ')}), found more`);
    this.values[this.field++] = this.value;
    this.value = 0;
    this.digits = 0;
  }

  private endLine(): void {
    const part = this.part as Part;
    if (this.field !== this.fields) this.fail(`expected ${this.fields} numbers a line (${(this.header as CountsHeader).fields.join(', ')}), found ${this.field}`);
    if (this.next >= part.hi) this.fail(`expected ${part.hi - part.lo} pair lines in the part of line ${part.line} (pairs [${part.lo}, ${part.hi})), found more`);
    const { prompt, content, system, alone } = this.columns as CountColumns;
    const [p, r, s, a] = this.values as [number, number, number, number];
    const at = this.next++;
    prompt[at] = p;
    content[at] = p + r;
    system[at] = s;
    alone[at] = this.fields === 4 ? a : p + r + s;
    this.field = 0;
    this.line++;
  }

  private openPart(text: string): void {
    this.headerText = null;
    this.closePart();
    const header = parseHeader(text, (message) => this.fail(message));
    if (this.header === null) {
      // Each line takes at least two bytes a field ("0 0 0\n"): a larger N cannot be this file's.
      if (header.pairs * 2 * header.fields.length > this.size) {
        this.fail(`expected a file of at least ${header.pairs * 2 * header.fields.length} bytes for ${header.pairs} pairs, found ${this.size} (cut short?)`);
      }
      this.header = header;
      this.fields = header.fields.length;
      this.columns = allocate(header.pairs);
    } else {
      const differs = differingKey(this.header, header);
      if (differs !== null) this.fail(`expected every part to be counted alike, found "${differs}" other than in the part of line ${this.parts[0]?.line ?? 1} (parts of different counts files?)`);
    }
    const [lo, hi] = header.range;
    this.part = { line: this.line, lo, hi };
    this.parts.push(this.part);
    this.next = lo;
    this.line++;
  }

  /** The part read so far must have all its lines. */
  private closePart(): void {
    const part = this.part;
    if (part !== null && this.next !== part.hi) {
      this.fail(`expected ${part.hi - part.lo} pair lines in the part of line ${part.line} (pairs [${part.lo}, ${part.hi})), found ${this.next - part.lo}`, part.line);
    }
  }

  end(): CountsFile {
    if (this.headerText !== null || this.field > 0 || this.digits > 0) this.fail('expected the last line to end with a newline, found the file ending mid-line (cut short?)');
    if (this.header === null) this.fail('expected a counts header (made by mosaic-it count), found an empty file');
    this.closePart();
    checkCoverage(this.parts, this.header.pairs, (message, line) => this.fail(message, line));
    return { name: this.name, header: this.header, pairs: this.header.pairs, ...(this.columns as CountColumns) };
  }
}

function parseHeader(text: string, fail: (message: string) => never): CountsHeader {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    fail('expected a counts header, found a line that is not JSON');
  }
  const version = typeof value === 'object' && value !== null ? (value as Record<string, unknown>)[COUNTS_KEY] : undefined;
  if (version === undefined) fail(`expected a counts header (made by mosaic-it count), found JSON without "${COUNTS_KEY}" (is this a dataset?)`);
  if (version !== COUNTS_VERSION) fail(`expected counts file version ${COUNTS_VERSION}, found ${JSON.stringify(version)} (made by another mosaic-it version)`);
  const parsed = headerSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    fail(`expected a valid counts header, found ${issue?.path.join('.') || 'it'}: ${issue?.message ?? 'invalid'}`);
  }
  return parsed.data;
}

/** The first top-level key whose value differs, the range aside. */
function differingKey(a: CountsHeader, b: CountsHeader): string | null {
  for (const key of Object.keys(a) as Array<keyof CountsHeader>) {
    if (key !== 'range' && JSON.stringify(a[key]) !== JSON.stringify(b[key])) return key;
  }
  return null;
}

function allocate(pairs: number): CountColumns {
  // Shared memory: worker threads are sent these arrays without a copy.
  const column = () => new Uint32Array(new SharedArrayBuffer(4 * pairs));
  return { prompt: column(), content: column(), system: column(), alone: column() };
}

/** The parts, in any order, must cover [0, pairs) exactly once; empty parts cover nothing. */
function checkCoverage(parts: readonly Part[], pairs: number, fail: (message: string, line: number) => never): void {
  const sorted = parts.filter((p) => p.hi > p.lo).sort((a, b) => a.lo - b.lo || a.line - b.line);
  let covered = 0;
  let last: Part | null = null;
  for (const part of sorted) {
    if (part.lo > covered) fail(`expected parts covering pairs [0, ${pairs}), found pairs [${covered}, ${part.lo}) in no part (a part missing?)`, part.line);
    if (part.lo < covered) {
      fail(`expected each pair in one part, found pairs [${part.lo}, ${Math.min(part.hi, covered)}) also in the part of line ${(last as Part).line} (a part given twice?)`, part.line);
    }
    covered = part.hi;
    last = part;
  }
  if (covered < pairs) fail(`expected parts covering pairs [0, ${pairs}), found pairs [${covered}, ${pairs}) in no part (a part missing?)`, last?.line ?? 1);
}

function describeByte(b: number): string {
  if (b === 0x0d) return 'a carriage return (the file was changed by an editor?)';
  return b >= 0x21 && b < 0x7f ? `"${String.fromCharCode(b)}"` : `byte 0x${b.toString(16).padStart(2, '0')}`;
}
