import { UsageError } from '../errors.js';
import type { MaskoutRule, PermuteRule, StrategyName } from '../rule-names.js';

/**
 * One weighted entry of --strategies. Aliases from the design card are entries with a
 * fixed rule: `reverse` is permute limited to the reverse rule, `random-order` is permute
 * limited to an explicit random sequence.
 */
export interface StrategyChoice {
  /** As the user wrote it (e.g. "reverse"), for messages. */
  readonly label: string;
  readonly strategy: StrategyName;
  /** Rules this entry may use; empty for primary and format. */
  readonly rules: readonly string[];
  readonly weight: number;
}

export const STRATEGY_NAMES: readonly StrategyName[] = ['primary', 'format', 'permute', 'maskout'];

const ALIASES: Readonly<Record<string, { strategy: StrategyName; rules: readonly string[] }>> = {
  reverse: { strategy: 'permute', rules: ['reverse'] },
  'random-order': { strategy: 'permute', rules: ['random'] },
};

export const STRATEGY_WORDS: readonly string[] = [...STRATEGY_NAMES, ...Object.keys(ALIASES)];

/**
 * Parses `primary,format=2,reverse` into weighted choices. Permute and maskout entries take
 * the rule lists given by --permute-rules and --maskout-rules.
 */
export function parseStrategies(
  spec: string,
  permuteRules: readonly PermuteRule[],
  maskoutRules: readonly MaskoutRule[],
): StrategyChoice[] {
  const choices: StrategyChoice[] = [];
  const seen = new Set<string>();
  for (const raw of spec.split(',')) {
    const item = raw.trim();
    if (item === '') throw new UsageError(`empty entry in "${spec}"`, '--strategies');
    const [name = '', weightText, extra] = item.split('=').map((s) => s.trim());
    if (extra !== undefined) throw new UsageError(`"${item}" is not name or name=weight`, '--strategies');
    const weight = weightText === undefined ? 1 : Number(weightText);
    if (weightText !== undefined && (weightText === '' || !Number.isFinite(weight) || weight <= 0)) {
      throw new UsageError(`weight of "${name}" must be a positive number, got "${weightText}"`, '--strategies');
    }
    if (seen.has(name)) throw new UsageError(`"${name}" is listed twice`, '--strategies');
    seen.add(name);
    const alias = ALIASES[name];
    if (alias) {
      choices.push({ label: name, strategy: alias.strategy, rules: alias.rules, weight });
    } else if ((STRATEGY_NAMES as readonly string[]).includes(name)) {
      const strategy = name as StrategyName;
      const rules = strategy === 'permute' ? permuteRules : strategy === 'maskout' ? maskoutRules : [];
      choices.push({ label: name, strategy, rules, weight });
    } else {
      throw new UsageError(`unknown strategy "${name}"; accepted: ${STRATEGY_WORDS.join(', ')}`, '--strategies');
    }
  }
  return choices;
}

/** Parses a comma list of rule names against the accepted set; "all" means every rule. */
export function parseRuleList<R extends string>(spec: string, accepted: readonly R[], flag: string): R[] {
  if (spec.trim() === 'all') return [...accepted];
  const out: R[] = [];
  for (const raw of spec.split(',')) {
    const name = raw.trim();
    if (!(accepted as readonly string[]).includes(name)) {
      throw new UsageError(`unknown rule "${name}"; accepted: ${accepted.join(', ')} (or all)`, flag);
    }
    if (!out.includes(name as R)) out.push(name as R);
  }
  return out;
}
