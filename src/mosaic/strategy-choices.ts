import type { MaskoutRule, PermuteRule } from '../rule-names.js';
import { strategiesFromText, strategyChoices, type StrategyChoice } from '../strategies.js';

/**
 * The weighted choices decide() draws from, as mosaic code and the library's users name
 * them. They are made in ../strategies.ts, outside mosaic/, because the options module
 * resolves them and mosaic/ imports the options module.
 */
export { STRATEGY_NAMES, STRATEGY_WORDS, type StrategyChoice } from '../strategies.js';

/**
 * Choices from a --strategies text (`primary,format=2,reverse`), permute and maskout
 * entries taking the rule lists given: a shorthand for tests and tools that write the
 * mix as the CLI does. Errors name the option by its key (`strategies`).
 */
export function parseStrategies(spec: string, permuteRules: readonly PermuteRule[], maskoutRules: readonly MaskoutRule[]): StrategyChoice[] {
  return strategyChoices(strategiesFromText(spec), permuteRules, maskoutRules);
}
