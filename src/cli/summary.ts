import type { InvalidReason } from '../errors.js';
import type { SkipReason } from '../formats/format-names.js';
import type { AugmentSummary } from '../mosaic/run-summary.js';
import { describeSkips } from '../run-collect.js';

// The library words the skips in its own errors (no usable pair); the CLI's lines say them the same way.
export { describeSkips };

/** What --summary-json writes: the end-of-run summary, as numbers. */
export interface RunSummary {
  /** The output path, or "-" for stdout. */
  readonly output: string;
  /** Records read from the inputs, skipped ones included. */
  readonly records: number;
  /** Pairs the records gave. */
  readonly pairs: number;
  readonly mosaics: number;
  readonly epochs: number;
  readonly seed: number;
  readonly tokenizer: string;
  readonly maxTokens: number;
  readonly byStrategy: Readonly<Record<string, number>>;
  /** "permute:reverse", "maskout:odd", ... */
  readonly byRule: Readonly<Record<string, number>>;
  /** Mosaics of two or more pairs, where a rule could apply. */
  readonly grouped: number;
  /**
   * For each rule the options allow, in how many of the `grouped` mosaics it could not be
   * stated, by reason: size, script, ties, readings, too-close, collision (README: "When a
   * rule is offered").
   */
  readonly unavailable: Readonly<Record<string, Readonly<Record<string, number>>>>;
  /** Pairs left out of every mosaic, by reason. */
  /** unpaired: preference output only, mosaics with nothing to break (absent otherwise). */
  readonly dropped: { readonly overBudget: number; readonly unpaired?: number };
  /** Records that gave no pair, by reason. */
  readonly skipped: Readonly<Record<SkipReason, number>>;
  /** Invalid records left out with --on-invalid skip, by reason. */
  readonly invalid: Readonly<Record<InvalidReason, number>>;
  readonly elapsedSeconds: number;
  /** This run's part with --shard ("i/n"), else null. */
  readonly shard: string | null;
  /** Whether pair texts outgrew --memory (and so waited in a temporary file). */
  readonly spilled: boolean;
}

export function runSummary(
  s: AugmentSummary,
  run: {
    output: string;
    records: number;
    epochs: number;
    seed: number;
    skipped: Readonly<Record<SkipReason, number>>;
    invalid: Readonly<Record<InvalidReason, number>>;
    elapsedSeconds: number;
    shard?: { readonly index: number; readonly count: number };
    spilled?: boolean;
  },
): RunSummary {
  return {
    output: run.output,
    records: run.records,
    pairs: s.pairs,
    mosaics: s.mosaics,
    epochs: run.epochs,
    seed: run.seed,
    tokenizer: s.tokenizer,
    maxTokens: s.maxTokens,
    byStrategy: { ...s.byStrategy },
    byRule: sortedKeys(s.byRule),
    grouped: s.grouped,
    unavailable: Object.fromEntries(
      Object.entries(sortedKeys(s.unavailable)).map(([kind, reasons]) => [kind, sortedKeys(reasons as Record<string, number>)]),
    ),
    dropped: { overBudget: s.droppedOverBudget, ...(s.unpaired > 0 && { unpaired: s.unpaired }) },
    skipped: { ...run.skipped },
    invalid: { ...run.invalid },
    elapsedSeconds: Math.round(run.elapsedSeconds * 1000) / 1000,
    shard: run.shard ? `${run.shard.index}/${run.shard.count}` : null,
    spilled: run.spilled === true,
  };
}

/**
 * Three short lines for stderr: what went in and came out, the strategy mix, and what
 * was left out and why.
 */
export function formatSummary(s: RunSummary): string {
  const destination = s.output === '-' ? 'stdout' : s.output;
  const strategies = Object.entries(s.byStrategy)
    .filter(([, n]) => n > 0)
    .map(([name, n]) => `${name} ${n}`)
    .join(', ');
  const left = [`dropped: ${plural(s.dropped.overBudget, 'pair')} over ${s.maxTokens} tokens (${s.tokenizer})`];
  const unpaired = s.dropped.unpaired ?? 0;
  if (unpaired > 0) left.push(`no preference pair for ${plural(unpaired, 'single plain pair')}: nothing in it to break`);
  const skips = describeSkips({ ...s.skipped, ...s.invalid });
  if (skips !== null) left.push(`skipped: ${skips}`);
  const how = [plural(s.epochs, 'epoch'), `seed ${s.seed}`];
  if (s.shard !== null) how.push(`shard ${s.shard}`);
  if (s.spilled) how.push('texts on disk');
  how.push(seconds(s.elapsedSeconds));
  const lines = [
    `mosaic-it: ${plural(s.pairs, 'pair')} -> ${plural(s.mosaics, 'mosaic')} in ${destination} (${how.join(', ')})`,
    `  strategies: ${strategies || 'none'}`,
    `  ${left.join('; ')}`,
  ];
  const unavailable = describeUnavailable(s);
  if (unavailable !== null) lines.push(`  ${unavailable}`);
  return `${lines.join('\n')}\n`;
}

/** Most often unavailable first, at most this many named on the line (all in --summary-json). */
const UNAVAILABLE_SHOWN = 3;

/**
 * "unavailable in mosaics of 2+ pairs: permute:chars, chars-desc 72% (too-close 40%, ...); ...":
 * why the mix holds fewer of some rules than their weights ask for. Rules of one strategy
 * with the same counts (a sort and its descending twin) share an entry. Null when no rule
 * was unavailable.
 */
export function describeUnavailable(s: Pick<RunSummary, 'grouped' | 'unavailable'>): string | null {
  if (s.grouped === 0) return null;
  const percent = (n: number): string => `${Math.round((100 * n) / s.grouped)}%`;
  const entries = new Map<string, { kinds: string[]; total: number }>();
  for (const [kind, reasons] of Object.entries(s.unavailable)) {
    const byReason = Object.entries(reasons).sort(([, a], [, b]) => b - a);
    const total = byReason.reduce((sum, [, n]) => sum + n, 0);
    if (total === 0) continue;
    const [strategy, rule] = kind.split(':');
    const figures = `${percent(total)} (${byReason.map(([r, n]) => `${r} ${percent(n)}`).join(', ')})`;
    const key = `${strategy} ${figures}`;
    const entry = entries.get(key);
    if (entry) entry.kinds.push(rule ?? kind);
    else entries.set(key, { kinds: [kind], total });
  }
  if (entries.size === 0) return null;
  const rows = [...entries.entries()]
    .sort(([, a], [, b]) => b.total - a.total)
    .map(([key, e]) => `${e.kinds.join(', ')} ${key.slice(key.indexOf(' ') + 1)}`);
  const more = rows.length > UNAVAILABLE_SHOWN ? `; ${rows.length - UNAVAILABLE_SHOWN} more in --summary-json` : '';
  return `unavailable in mosaics of 2+ pairs: ${rows.slice(0, UNAVAILABLE_SHOWN).join('; ')}${more}`;
}

/** "1 pair", "2 pairs", "0 pairs". */
export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function seconds(s: number): string {
  return s < 10 ? `${s.toFixed(1)} s` : s < 600 ? `${Math.round(s)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

/** Rule counts in a fixed order, so JSON written from two runs compares equal. */
export function sortedKeys<V>(counts: Readonly<Record<string, V>>): Record<string, V> {
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
