import type { DataError } from '../errors.js';
import type { SourceLocation } from '../location.js';

/** One parsed record and where it came from. */
export interface LocatedValue {
  readonly value: unknown;
  readonly location: SourceLocation;
  /**
   * For a JSON array element, the 1-based line where it starts. Kept out of `location`
   * while formatLocation prints a line in preference to an index: every element of a
   * one-line array would otherwise be reported as `file:1`.
   */
  readonly startLine?: number;
  /**
   * Set instead of `value` when this one record cannot be read (bad JSON, bad UTF-8, a
   * repeated key) but the records after it can: the reader decides to fail or skip.
   */
  readonly invalid?: DataError;
}
