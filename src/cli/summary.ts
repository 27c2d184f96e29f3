import type { SkipReason } from '../formats/format-names.js';
import type { AugmentSummary } from '../mosaic/augment.js';

/**
 * A few short lines for stderr: what went in, what came out, what was left out. Skipped
 * records get a line, by reason, only when there are some.
 */
export function formatSummary(
  s: AugmentSummary,
  destination: string,
  epochs: number,
  seed: number,
  skipped: Readonly<Record<SkipReason, number>> = {} as Record<SkipReason, number>,
): string {
  const strategies = (Object.entries(s.byStrategy) as Array<[string, number]>)
    .filter(([, n]) => n > 0)
    .map(([name, n]) => `${name} ${n}`)
    .join(', ');
  const lines = [
    `mosaic-it: ${s.pairs} pairs -> ${s.mosaics} mosaics in ${destination} (${epochs} epochs, seed ${seed})`,
    `  strategies: ${strategies || 'none'}`,
    `  dropped: ${s.droppedOverBudget} pairs over the budget of ${s.maxTokens} tokens (${s.tokenizer})`,
  ];
  const skips = describeSkips(skipped);
  if (skips !== null) lines.push(`  skipped: ${skips}`);
  return `${lines.join('\n')}\n`;
}

/** "77 records (multi-turn 77, tool-use 2)", or null when nothing was skipped. */
export function describeSkips(skipped: Readonly<Record<SkipReason, number>>): string | null {
  const skips = (Object.entries(skipped) as Array<[string, number]>).filter(([, n]) => n > 0);
  if (skips.length === 0) return null;
  const total = skips.reduce((sum, [, n]) => sum + n, 0);
  return `${total} records (${skips.map(([reason, n]) => `${reason} ${n}`).join(', ')})`;
}
