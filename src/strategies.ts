import { OptionError } from './errors.js';
import { weightsFromText } from './option-texts.js';
import type { MaskoutRule, PermuteRule, StrategyName } from './rule-names.js';

/**
 * One weighted entry of the strategies option. Aliases from the design card are entries
 * with a fixed rule: `reverse` is permute limited to the reverse rule, `random-order` is
 * permute limited to an explicit random sequence.
 *
 * This module sits outside mosaic/ (which decides with the choices) because the options
 * module resolves them, and mosaic/ imports the options module.
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

/** A strategy or an alias: what an entry of the strategies option may name. */
export type StrategyWord = StrategyName | 'reverse' | 'random-order';

export const STRATEGY_WORDS: readonly StrategyWord[] = [...STRATEGY_NAMES, ...(Object.keys(ALIASES) as StrategyWord[])];

/**
 * The strategies option as a library takes it: names, each of weight 1
 * (`['primary', 'reverse']`), or names with their weights (`{ format: 3, primary: 0.5 }`).
 */
export type Strategies = readonly string[] | Readonly<Record<string, number>>;

/** Rule lists as a library takes them: rule names, or every rule. */
export type RuleList<R extends string> = readonly R[] | 'all';

/** Names and weights in order, whichever form they came in. */
function entriesOf(strategies: Strategies): Array<readonly [string, number]> {
  return Array.isArray(strategies) ? strategies.map((name: string) => [name, 1] as const) : Object.entries(strategies);
}

/**
 * The weighted choices decide() draws from. Permute and maskout entries take the rule
 * lists given (already checked); aliases keep their own rule.
 */
export function strategyChoices(
  strategies: Strategies,
  permuteRules: readonly PermuteRule[],
  maskoutRules: readonly MaskoutRule[],
): StrategyChoice[] {
  const entries = entriesOf(strategies);
  if (entries.length === 0) throw new OptionError('strategies', 'expected at least one strategy');
  const choices: StrategyChoice[] = [];
  const seen = new Set<string>();
  for (const [name, weight] of entries) {
    if (!Number.isFinite(weight) || weight <= 0) {
      throw new OptionError('strategies', `weight of "${name}" must be a positive number, got ${JSON.stringify(weight)}`);
    }
    if (seen.has(name)) throw new OptionError('strategies', `"${name}" is listed twice`);
    seen.add(name);
    const alias = ALIASES[name];
    if (alias) {
      choices.push({ label: name, strategy: alias.strategy, rules: alias.rules, weight });
    } else if ((STRATEGY_NAMES as readonly string[]).includes(name)) {
      const strategy = name as StrategyName;
      const rules = strategy === 'permute' ? permuteRules : strategy === 'maskout' ? maskoutRules : [];
      choices.push({ label: name, strategy, rules, weight });
    } else {
      throw new OptionError('strategies', `unknown strategy "${name}"; accepted: ${STRATEGY_WORDS.join(', ')}`);
    }
  }
  return choices;
}

/**
 * The text of --strategies (`primary,format=2,reverse`) as names and weights. Only the
 * syntax is checked here, with the text quoted as typed; names are checked by
 * strategyChoices, where a library caller's names are checked too.
 */
export function strategiesFromText(text: string): Strategies {
  const out = weightsFromText(text, 'strategies');
  // Names alone stay a list, the simplest form that says the same.
  return [...out.values()].every((w) => w === 1) && !/=/.test(text) ? [...out.keys()] : Object.fromEntries(out);
}

/** The text of a rule-list flag (`alpha, words` or `all`) as rule names or 'all'. */
export function ruleListFromText(text: string): RuleList<string> {
  return text.trim() === 'all' ? 'all' : text.split(',').map((name) => name.trim());
}

/** A rule list checked against the accepted rules, repeats dropped; 'all' is every rule. */
export function checkedRules<R extends string>(list: RuleList<string>, accepted: readonly R[], option: string): R[] {
  if (list === 'all') return [...accepted];
  const out: R[] = [];
  for (const name of list) {
    if (!(accepted as readonly string[]).includes(name)) {
      throw new OptionError(option, `unknown rule "${name}"; accepted: ${accepted.join(', ')} (or all)`);
    }
    if (!out.includes(name as R)) out.push(name as R);
  }
  return out;
}
