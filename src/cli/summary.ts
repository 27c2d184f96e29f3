import type { InvalidReason } from '../errors.js';
import type { SkipReason } from '../formats/format-names.js';
import type { AugmentSummary } from '../mosaic/augment.js';

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
  /** Pairs left out of every mosaic, by reason. */
  readonly dropped: { readonly overBudget: number };
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
    dropped: { overBudget: s.droppedOverBudget },
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
  const skips = describeSkips({ ...s.skipped, ...s.invalid });
  if (skips !== null) left.push(`skipped: ${skips}`);
  const how = [plural(s.epochs, 'epoch'), `seed ${s.seed}`];
  if (s.shard !== null) how.push(`shard ${s.shard}`);
  if (s.spilled) how.push('texts on disk');
  how.push(seconds(s.elapsedSeconds));
  return [
    `mosaic-it: ${plural(s.pairs, 'pair')} -> ${plural(s.mosaics, 'mosaic')} in ${destination} (${how.join(', ')})`,
    `  strategies: ${strategies || 'none'}`,
    `  ${left.join('; ')}`,
    '',
  ].join('\n');
}

/** "77 records (multi-turn 77, invalid-json 2)", or null when nothing was skipped. */
export function describeSkips(skipped: Readonly<Record<string, number>>): string | null {
  const skips = (Object.entries(skipped) as Array<[string, number]>).filter(([, n]) => n > 0);
  if (skips.length === 0) return null;
  const total = skips.reduce((sum, [, n]) => sum + n, 0);
  return `${plural(total, 'record')} (${skips.map(([reason, n]) => `${reason} ${n}`).join(', ')})`;
}

/** "1 pair", "2 pairs", "0 pairs". */
export function plural(n: number, noun: string): string {
  return `${n} ${noun}${n === 1 ? '' : 's'}`;
}

function seconds(s: number): string {
  return s < 10 ? `${s.toFixed(1)} s` : s < 600 ? `${Math.round(s)} s` : `${Math.floor(s / 60)} min ${Math.round(s % 60)} s`;
}

/** Rule counts in a fixed order, so JSON written from two runs compares equal. */
export function sortedKeys(counts: Readonly<Record<string, number>>): Record<string, number> {
  return Object.fromEntries(Object.entries(counts).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}
