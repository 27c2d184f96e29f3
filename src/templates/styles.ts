/**
 * The visible scaffolding of a mosaic besides its sentences: how instructions and answers
 * are numbered, which markers wrap answers, what separates unnumbered items. Data only;
 * mosaic/render.ts assembles them. `{n}` stands for an instruction number.
 */

export interface NumberingStyle {
  /** Put before an instruction's text. */
  readonly instruction: string;
  /** Put before the answer to that instruction. */
  readonly answer: string;
}

export const NUMBERING_STYLES: readonly NumberingStyle[] = [
  { instruction: '{n}. ', answer: '{n}. ' },
  { instruction: 'Instruction {n}:\n', answer: 'Answer {n}:\n' },
  { instruction: '[{n}] ', answer: '[{n}] ' },
  { instruction: '({n}) ', answer: '({n}) ' },
  { instruction: '### Task {n}\n', answer: '### Answer {n}\n' },
  { instruction: 'Q{n}: ', answer: 'A{n}: ' },
  { instruction: 'Prompt #{n}\n', answer: 'Response #{n}\n' },
];

export interface MarkerStyle {
  readonly open: string;
  readonly close: string;
}

export const MARKER_STYLES: readonly MarkerStyle[] = [
  { open: '<answer>', close: '</answer>' },
  { open: '<response>', close: '</response>' },
  { open: '[BEGIN]', close: '[END]' },
  { open: '<<<', close: '>>>' },
  { open: '=== START ===', close: '=== END ===' },
  { open: '@@ begin @@', close: '@@ end @@' },
];

/** Between items when nothing numbers them, so item boundaries stay visible. */
export const UNNUMBERED_SEPARATORS: readonly string[] = ['\n\n', '\n\n---\n\n', '\n\n* * *\n\n', '\n\n###\n\n'];

/** Between numbered items: the numbers already mark the boundaries. */
export const NUMBERED_SEPARATOR = '\n\n';

/** Between the meta-instruction and the block of instructions. */
export const META_SEPARATOR = '\n\n';

/** How a rule's sentence and the numbering and marker clauses are joined. */
export const CLAUSE_SEPARATOR = ' ';
