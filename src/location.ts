/** Where a record came from, so every data error can point at it. */
export interface SourceLocation {
  /** File path as the user gave it, or "<stdin>". */
  readonly file: string;
  /** 1-based line for line-oriented containers (JSONL). */
  readonly line?: number;
  /** 1-based column (in characters) on that line, where a syntax error was found. */
  readonly column?: number;
  /** 0-based position inside a JSON array. */
  readonly index?: number;
}
