import type { EvalItem, EvalKey } from './eval-item.js';

/**
 * The parts of a meta-instruction a program can judge in an answer, each an "instruction"
 * in the instruction-level score:
 * - complete: every instruction not skipped is answered;
 * - order: the answers found come in the stated order;
 * - skip: no skipped instruction is answered (maskout only);
 * - labels: every answer starts with its label (prompts whose answers carry labels);
 * - markers: every answer is wrapped in the stated markers (prompts that ask for them).
 */
export const EVAL_CHECKS = ['complete', 'order', 'skip', 'labels', 'markers'] as const;
export type EvalCheck = (typeof EVAL_CHECKS)[number];

/** strict: labels and markers as written; loose: forgiving case, whitespace, markdown emphasis and label punctuation. */
export type EvalVariant = 'strict' | 'loose';

export type CheckResults = Partial<Record<EvalCheck, boolean>>;

/**
 * Judges one answer against its key. Where each answer starts is found by its label, or,
 * when the label is missing, by the opening of its reference answer (see openingOf): the
 * structure is judged, never the quality of what is said.
 */
export function judgeAnswer(key: EvalKey, response: string, variant: EvalVariant): CheckResults {
  const k = key.k;
  const labelAt = (n: number, how: EvalVariant) => findLabel(response, key.labels[n - 1] as string, how);
  const positions = new Map<number, number>();
  for (let n = 1; n <= k; n++) {
    const at = labelAt(n, variant);
    const found = at >= 0 ? at : findOpening(response, key.references[n - 1] as string, variant);
    if (found >= 0) positions.set(n, found);
  }
  const answered = key.order.filter((n) => positions.has(n));
  const seen = [...answered].sort((a, b) => (positions.get(a) as number) - (positions.get(b) as number));
  const results: CheckResults = {
    complete: answered.length === key.order.length,
    order: seen.every((n, i) => n === answered[i]),
  };
  if (key.masked.length > 0) {
    // A skipped instruction counts as answered when its strict label or its reference's
    // opening is there: loose label matching would make the loose score the harsher one.
    results.skip = key.masked.every((n) => labelAt(n, 'strict') < 0 && findOpening(response, key.references[n - 1] as string, variant) < 0);
  }
  results.labels = key.order.every((n) => labelAt(n, variant) >= 0);
  if (key.markers) results.markers = wrapped(response, key.markers, key.order.map((n) => positions.get(n) ?? -1), variant);
  return results;
}

/** Whether every check that applies passed: the whole meta-instruction was followed. */
export function followed(results: CheckResults): boolean {
  return Object.values(results).every(Boolean);
}

/**
 * Where a label starts a line. strict: the label as written (a label ending in its number
 * not followed by a digit: "A1" is not "A10"). loose: letters and digits of the label in order, any whitespace,
 * punctuation and markdown emphasis around them skipped, in any case ("**answer 1**"
 * is "Answer 1:").
 */
export function findLabel(response: string, label: string, variant: EvalVariant): number {
  let lineStart = 0;
  while (lineStart <= response.length) {
    const end = response.indexOf('\n', lineStart);
    const line = response.slice(lineStart, end < 0 ? response.length : end);
    if (variant === 'strict' ? line.startsWith(label) && !(endsInDigit(label) && /^\d/.test(line.slice(label.length))) : looseStart(line, label)) return lineStart;
    if (end < 0) break;
    lineStart = end + 1;
  }
  return -1;
}

const IGNORABLE = /[\s\p{P}\p{S}]/u;

function looseStart(line: string, label: string): boolean {
  const core = [...label.toLowerCase()].filter((c) => !IGNORABLE.test(c));
  let i = 0;
  const chars = [...line.toLowerCase()];
  for (const want of core) {
    while (i < chars.length && chars[i] !== want && IGNORABLE.test(chars[i] as string)) i++;
    if (chars[i] !== want) return false;
    i++;
  }
  return core.length > 0 && !(endsInDigit(label) && /\d/.test(chars[i] ?? ''));
}

/** Only a label that ends in its number can be mistaken for a longer one ("A1" in "A10"). */
function endsInDigit(label: string): boolean {
  return /\d$/.test(label);
}

/** Shorter openings are too common to tell one answer from another. */
export const MIN_OPENING = 12;
const OPENING_LENGTH = 40;

/**
 * The first words of a reference answer (its first non-empty line, at most 40
 * characters), or null when that is under 12 characters: "Yes." could open any answer.
 */
export function openingOf(reference: string): string | null {
  const first = reference.split('\n').find((line) => line.trim() !== '')?.trim() ?? '';
  const opening = [...first].slice(0, OPENING_LENGTH).join('');
  return opening.length >= MIN_OPENING ? opening : null;
}

function findOpening(response: string, reference: string, variant: EvalVariant): number {
  const opening = openingOf(reference);
  if (opening === null) return -1;
  if (variant === 'strict') return response.indexOf(opening);
  const words = opening.split(/\s+/).filter(Boolean).map(escapeRegExp);
  return response.search(new RegExp(words.join('\\s+'), 'iu'));
}

/** Every located answer inside its own open/close pair, and as many pairs as answers. */
function wrapped(response: string, markers: { open: string; close: string }, positions: readonly number[], variant: EvalVariant): boolean {
  const find = (text: string, from: number) => {
    if (variant === 'strict') return response.indexOf(text, from);
    const re = new RegExp(text.trim().split(/\s+/).map(escapeRegExp).join('\\s*'), 'giu');
    re.lastIndex = from;
    return re.exec(response)?.index ?? -1;
  };
  const spans: Array<[number, number]> = [];
  let from = 0;
  for (;;) {
    const open = find(markers.open, from);
    if (open < 0) break;
    const close = find(markers.close, open + markers.open.length);
    if (close < 0) return false;
    spans.push([open, close]);
    from = close + markers.close.length;
  }
  if (spans.length !== positions.length) return false;
  return positions.every((at, i) => {
    const span = spans[i];
    return at >= 0 && span !== undefined && at > span[0] && at < span[1];
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** One row of the score table: a strategy, or one of its rules. */
export interface ScoreRow {
  readonly task: string;
  readonly prompts: number;
  /** Prompts whose whole meta-instruction was followed, over prompts. */
  readonly promptStrict: number;
  readonly promptLoose: number;
  /** Checks passed, over checks that applied. */
  readonly instructionStrict: number;
  readonly instructionLoose: number;
  /** Per check: passed and applied, strict. */
  readonly checks: Partial<Record<EvalCheck, { readonly passed: number; readonly of: number }>>;
}

export interface EvalScore {
  readonly rows: readonly ScoreRow[];
  readonly overall: ScoreRow;
  /** Items without an answer: scored as answers that follow nothing. */
  readonly unanswered: readonly string[];
}

/** Scores answers (by id) against the items; a missing answer is scored as an empty one. */
export function scoreAnswers(items: readonly EvalItem[], answers: ReadonlyMap<string, string>): EvalScore {
  const tallies = new Map<string, Tally>();
  const overall = new Tally('overall');
  const unanswered: string[] = [];
  for (const item of items) {
    const response = answers.get(item.id);
    if (response === undefined) unanswered.push(item.id);
    const task = taskName(item.key);
    const tally = tallies.get(task) ?? new Tally(task);
    tallies.set(task, tally);
    const strict = judgeAnswer(item.key, response ?? '', 'strict');
    const loose = judgeAnswer(item.key, response ?? '', 'loose');
    tally.add(strict, loose);
    overall.add(strict, loose);
  }
  return { rows: [...tallies.values()].map((t) => t.row()), overall: overall.row(), unanswered };
}

export function taskName(key: Pick<EvalKey, 'strategy' | 'rule'>): string {
  return key.rule === null ? key.strategy : `${key.strategy}:${key.rule}`;
}

class Tally {
  private prompts = 0;
  private followedStrict = 0;
  private followedLoose = 0;
  private passedStrict = 0;
  private passedLoose = 0;
  private applied = 0;
  private readonly checks: Partial<Record<EvalCheck, { passed: number; of: number }>> = {};
  constructor(private readonly task: string) {}

  add(strict: CheckResults, loose: CheckResults): void {
    this.prompts++;
    if (followed(strict)) this.followedStrict++;
    if (followed(loose)) this.followedLoose++;
    for (const check of EVAL_CHECKS) {
      const s = strict[check];
      if (s === undefined) continue;
      this.applied++;
      if (s) this.passedStrict++;
      if (loose[check]) this.passedLoose++;
      const c = (this.checks[check] ??= { passed: 0, of: 0 });
      c.of++;
      if (s) c.passed++;
    }
  }

  row(): ScoreRow {
    const ratio = (n: number, d: number) => (d === 0 ? 0 : n / d);
    return {
      task: this.task,
      prompts: this.prompts,
      promptStrict: ratio(this.followedStrict, this.prompts),
      promptLoose: ratio(this.followedLoose, this.prompts),
      instructionStrict: ratio(this.passedStrict, this.applied),
      instructionLoose: ratio(this.passedLoose, this.applied),
      checks: this.checks,
    };
  }
}
