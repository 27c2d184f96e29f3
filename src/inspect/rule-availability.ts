import { builtInPacks } from '../language/built-in.js';
import { chooseLanguages, languageOf, type LanguageChoice } from '../language/choice.js';
import { boundariesVisible } from '../mosaic/collisions.js';
import { decide, groupCollisions } from '../mosaic/compose.js';
import type { Unavailable } from '../strategies/rule.js';
import { parseStrategies } from '../mosaic/strategy-choices.js';
import { rngFor, type Rng } from '../rng/random.js';
import { type Pair } from '../types.js';
import { MASKOUT_RULES, PERMUTE_RULES } from '../rule-names.js';

/**
 * How often each rule could be stated over a dataset's pairs, and why not otherwise: the
 * same decisions augment makes, over groups drawn at random from a sample of the pairs.
 * It tells a user, before a run, why the mix will hold fewer of some rules than asked.
 */
export interface RuleAvailability {
  /** Groups of 2 to 10 pairs tried. */
  readonly groups: number;
  /** Per rule ("permute:alpha", ..., "format"): groups it was unavailable for, by reason. */
  readonly unavailable: Readonly<Record<string, Readonly<Partial<Record<Unavailable, number>>>>>;
}

/** Pairs kept for drawing groups: a uniform sample of a file of any size. */
const SAMPLE = 2048;
const GROUPS = 1000;
const EVERY_RULE = parseStrategies('format,permute,maskout', PERMUTE_RULES, MASKOUT_RULES);

/**
 * Collects a seeded uniform sample of the pairs as they are read (reservoir sampling).
 * Groups are drawn, as augment builds them, from pairs of one language and one system
 * prompt, and decided with that language's pack.
 */
export class RuleSampler {
  private readonly kept: Pair[] = [];
  private seen = 0;
  private readonly rng: Rng = rngFor(0, 'inspect-rules', 'sample');

  constructor(private readonly languages: LanguageChoice = chooseLanguages('auto', builtInPacks())) {}

  add(pair: Pair): void {
    this.seen++;
    if (this.kept.length < SAMPLE) this.kept.push(pair);
    else {
      const at = this.rng.int(this.seen);
      if (at < SAMPLE) this.kept[at] = pair;
    }
  }

  /** Null with fewer than two pairs: no rule applies to a dataset of one. */
  result(): RuleAvailability | null {
    if (this.kept.length < 2) return null;
    const rng = rngFor(0, 'inspect-rules', 'groups');
    const unavailable: Record<string, Partial<Record<Unavailable, number>>> = {};
    let groups = 0;
    const lang = this.kept.map((p) => languageOf(p.prompt, this.languages));
    const indices = this.kept.map((_, i) => i);
    for (let g = 0; g < GROUPS; g++) {
      const k = Math.min(this.kept.length, 2 + rng.int(9));
      const order = rng.shuffled(indices);
      const first = order[0] as number;
      // Pairs of the first one's language and system prompt only, as augment groups them.
      const group = order
        .filter((i) => lang[i] === lang[first] && this.kept[i]?.system === this.kept[first]?.system)
        .slice(0, k)
        .map((i) => this.kept[i] as Pair);
      if (group.length < 2) continue;
      const pack = this.languages.packs[lang[first] as number] as LanguageChoice['packs'][number];
      const prompts = group.map((p) => p.prompt);
      const responses = group.map((p) => p.response);
      // Augment never builds a group whose texts hide every boundary; nor does this.
      if (!boundariesVisible(groupCollisions(prompts, responses, pack), pack)) continue;
      groups++;
      for (const { kind, reason } of decide(prompts, responses, EVERY_RULE, rngFor(0, 'inspect-rules', g), pack).unoffered) {
        const reasons = (unavailable[kind] ??= {});
        reasons[reason] = (reasons[reason] ?? 0) + 1;
      }
    }
    return { groups, unavailable };
  }
}
