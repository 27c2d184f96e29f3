import { fillNumber } from '../language/fill.js';
import { languageOf, type LanguageChoice } from '../language/choice.js';
import { formFor, formsOfRule, type Forms, type LanguagePack, type MarkerStyle, type NumberingStyle } from '../language/pack.js';
import { identityOrder } from '../strategies/rule.js';
import { NUMBERED_SEPARATOR } from '../language/layout.js';
import { freeOf, groupCollisions, type Composition } from '../mosaic/compose.js';
import { renderMosaic } from '../mosaic/render.js';
import { GroupView } from '../mosaic/group-view.js';
import { MASKOUT, maskCount, maskedNumbers, maskoutUnavailable } from '../strategies/maskout.js';
import { PERMUTE, permuteOrder, permuteUnavailable } from '../strategies/permute.js';
import { rngFor, type Rng } from '../rng/random.js';
import { MASKOUT_RULES, PERMUTE_RULES, type MaskoutRule, type PermuteRule, type StrategyName } from '../rule-names.js';
import type { Pair } from '../types.js';
import type { EvalAnswer, EvalItem } from './eval-item.js';

export interface EvalBuildOptions {
  readonly seed: number;
  /** Prompts per strategy and rule, per language. */
  readonly perRule: number;
  /** Most instructions in one prompt (at least 2; rules that need four get four). */
  readonly maxK: number;
  readonly languages: LanguageChoice;
}

/** One strategy, or one rule of permute or maskout: a row of the benchmark's table. */
export interface EvalTask {
  readonly strategy: StrategyName;
  readonly rule: PermuteRule | MaskoutRule | null;
}

export const EVAL_TASKS: readonly EvalTask[] = [
  { strategy: 'primary', rule: null },
  { strategy: 'format', rule: null },
  ...PERMUTE_RULES.map((rule) => ({ strategy: 'permute' as const, rule })),
  ...MASKOUT_RULES.map((rule) => ({ strategy: 'maskout' as const, rule })),
];

export interface EvalBuild {
  readonly items: readonly EvalItem[];
  /** For each item, the answer that follows it exactly: its reference answers laid out as augment would. */
  readonly references: readonly EvalAnswer[];
  /** Per language and task: how many prompts were asked for and how many were found. */
  readonly shortfalls: ReadonlyArray<{ readonly lang: string; readonly task: EvalTask; readonly built: number }>;
}

/** Groups tried per wanted prompt before a rule is given up for the data: rules like "alpha" hold for few groups. */
const TRIES_PER_PROMPT = 200;

/**
 * Builds judgeable mosaic prompts: for each language the pairs speak and each strategy
 * and rule the pack states, `perRule` groups where the rule holds beyond doubt. Every
 * prompt labels its answers (a label style with a word in it, so a numbered list inside
 * an answer is not taken for a label), and format prompts also wrap them in markers; the
 * key says what a compliant answer looks like. All draws come from (seed, "eval", lang, task).
 */
export function buildEval(pairs: readonly Pair[], options: EvalBuildOptions): EvalBuild {
  const byLanguage = new Map<number, Pair[]>();
  for (const pair of pairs) {
    const lang = languageOf(pair.prompt, options.languages);
    const list = byLanguage.get(lang) ?? [];
    list.push(pair);
    byLanguage.set(lang, list);
  }
  const items: EvalItem[] = [];
  const references: EvalAnswer[] = [];
  const shortfalls: Array<{ lang: string; task: EvalTask; built: number }> = [];
  for (const [index, group] of [...byLanguage.entries()].sort((a, b) => a[0] - b[0])) {
    const pack = options.languages.packs[index] as LanguagePack;
    // Pairs with different system prompts never share a prompt, as in augment.
    const bySystem = new Map<string, Pair[]>();
    for (const p of group) bySystem.set(p.system ?? '', [...(bySystem.get(p.system ?? '') ?? []), p]);
    const pools = [...bySystem.values()].filter((pool) => pool.length >= 2);
    for (const task of EVAL_TASKS) {
      if (formsOfRule(pack, task.strategy, task.rule) === null) continue;
      const rng = rngFor(options.seed, 'eval', pack.name, task.strategy, task.rule ?? '-');
      let built = 0;
      for (let tries = 0; built < options.perRule && tries < options.perRule * TRIES_PER_PROMPT && pools.length > 0; tries++) {
        const pool = rng.pick(pools);
        const item = tryItem(pool, task, pack, options, rng);
        if (item === null) continue;
        const id = `${pack.name}-${task.strategy}${task.rule ? `-${task.rule}` : ''}-${built}`;
        items.push({ id, ...item.item });
        references.push({ id, response: item.reference });
        built++;
      }
      if (built < options.perRule) shortfalls.push({ lang: pack.name, task, built });
    }
  }
  return { items, references, shortfalls };
}

function tryItem(pool: readonly Pair[], task: EvalTask, pack: LanguagePack, options: EvalBuildOptions, rng: Rng): { item: Omit<EvalItem, 'id'>; reference: string } | null {
  const minK = task.strategy === 'permute' ? PERMUTE[task.rule as PermuteRule].minK : task.strategy === 'maskout' ? MASKOUT[task.rule as MaskoutRule].minK : 2;
  const k = rng.between(minK, Math.max(minK, Math.min(options.maxK, pool.length)));
  if (k > pool.length) return null;
  // k distinct pairs, drawn without touching the rest of a pool that may be large.
  const picked = new Set<number>();
  while (picked.size < k) picked.add(rng.int(pool.length));
  const chosen = [...picked].map((i) => pool[i] as Pair);
  const prompts = chosen.map((p) => p.prompt);
  const responses = chosen.map((p) => p.response);
  const view = new GroupView(prompts, pack);
  const free = freeStyles(prompts, responses, pack);
  const numbering = free.numbering.length > 0 ? rng.pick(free.numbering) : null;
  const markers = free.markers.length > 0 ? rng.pick(free.markers) : null;
  if (numbering === null || (task.strategy === 'format' && markers === null)) return null;
  let order = identityOrder(k);
  let masked: number[] = [];
  if (task.strategy === 'permute') {
    const rule = task.rule as PermuteRule;
    if (permuteUnavailable(rule, view) !== null) return null;
    order = permuteOrder(rule, view, rng);
  } else if (task.strategy === 'maskout') {
    const rule = task.rule as MaskoutRule;
    const count = maskCount(k, rng);
    if (maskoutUnavailable(rule, view, count) !== null) return null;
    masked = maskedNumbers(rule, view, count, rng);
    order = order.filter((n) => !masked.includes(n));
  }
  const single = order.length === 1;
  const wrapped = task.strategy === 'format' ? markers : null;
  const composition: Composition = {
    strategy: task.strategy,
    rule: task.rule,
    order,
    masked,
    numbering,
    markers: wrapped,
    separator: NUMBERED_SEPARATOR,
    metaFirst: rng.chance(0.5),
    sentence: rng.pick(formFor(formsOfRule(pack, task.strategy, task.rule) as Forms, k, masked.length)),
    labelClause: rng.pick(single ? pack.labelClauses.one : pack.labelClauses.many),
    markerClause: wrapped ? rng.pick(single ? pack.markerClauses.one : pack.markerClauses.labelled) : null,
    pack,
    unoffered: [],
  };
  const { prompt, response } = renderMosaic(prompts, responses, composition);
  const item = {
    prompt,
    ...(chosen[0]?.system !== undefined && { system: chosen[0].system }),
    key: {
      strategy: task.strategy,
      rule: task.rule,
      lang: pack.name,
      k,
      order,
      masked,
      labels: identityOrder(k).map((n) => fillNumber(numbering.answer, n).trim()),
      markers: wrapped,
      sources: chosen.map((p) => p.source),
      references: responses,
    },
  };
  return { item, reference: response };
}

/** The pack's label styles and markers no text of the group contains; labels must hold a word. */
function freeStyles(prompts: readonly string[], responses: readonly string[], pack: LanguagePack): { numbering: readonly NumberingStyle[]; markers: readonly MarkerStyle[] } {
  const free = freeOf(groupCollisions(prompts, responses, pack), pack);
  const wordy = (style: NumberingStyle) => /\p{L}/u.test(style.answer.replace('{n}', ''));
  return { numbering: free.numbering.filter(wordy), markers: free.markers };
}
