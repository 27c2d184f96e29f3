/**
 * The names of the strategies and rules: what every layer may import without a cycle.
 * The rule names come from the rule tables (strategies/permute.ts, strategies/maskout.ts),
 * leaves themselves.
 */

export type StrategyName = 'primary' | 'format' | 'permute' | 'maskout';

export { PERMUTE_RULES, type PermuteRule } from './strategies/permute.js';
export { MASKOUT_RULES, type MaskoutRule } from './strategies/maskout.js';
