import type { Composition } from './compose.js';
import type { AugmentSummary } from './run-summary.js';

/**
 * Counts one mosaic into the run's summary as it is yielded: the mosaic, whether it
 * groups pairs, its strategy and rule, and why each rule it could not take was not
 * offered. Counted per mosaic yielded, never per trial, so the summary is the output's.
 */
export function tallyMosaic(summary: AugmentSummary, composition: Composition, pairs: number): void {
  summary.mosaics++;
  if (pairs > 1) summary.grouped++;
  summary.byStrategy[composition.strategy]++;
  if (composition.rule !== null) {
    const key = `${composition.strategy}:${composition.rule}`;
    summary.byRule[key] = (summary.byRule[key] ?? 0) + 1;
  }
  for (const { kind, reason } of composition.unoffered) {
    const reasons = (summary.unavailable[kind] ??= {});
    reasons[reason] = (reasons[reason] ?? 0) + 1;
  }
}
