import type { AugmentSummary } from '../mosaic/augment.js';

/** At most three short lines for stderr: what went in, what came out, what was left out. */
export function formatSummary(s: AugmentSummary, destination: string, epochs: number, seed: number): string {
  const strategies = (Object.entries(s.byStrategy) as Array<[string, number]>)
    .filter(([, n]) => n > 0)
    .map(([name, n]) => `${name} ${n}`)
    .join(', ');
  const lines = [
    `mosaic-it: ${s.pairs} pairs -> ${s.mosaics} mosaics in ${destination} (${epochs} epochs, seed ${seed})`,
    `  strategies: ${strategies || 'none'}`,
    `  dropped: ${s.droppedOverBudget} pairs over the budget of ${s.maxTokens} tokens (${s.tokenizer})`,
  ];
  return `${lines.join('\n')}\n`;
}
