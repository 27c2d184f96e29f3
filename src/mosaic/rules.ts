import type { Rng } from '../rng/random.js';
import type { MaskoutRule, PermuteRule } from '../types.js';
import { alphaKey, charCount, compareCodePoints, wordCount } from './text-measures.js';

/**
 * Each rule turns a group's prompts into the exact answer order (permute) or the exact
 * set of skipped instructions (maskout), or returns null when it would be ambiguous for
 * this group: a sort with tied keys, a cut between tied lengths, a rule that needs more
 * instructions than the group has. Callers then choose another rule; a rule is never
 * stated unless its result is the only correct reading. Numbers are 1-based.
 */

export interface RuleSpec {
  /** The rule speaks of instruction numbers, so instructions must be visibly numbered. */
  readonly needsNumbers: boolean;
}

export const PERMUTE_SPECS: Readonly<Record<PermuteRule, RuleSpec>> = {
  reverse: { needsNumbers: false },
  random: { needsNumbers: true },
  alpha: { needsNumbers: false },
  'alpha-desc': { needsNumbers: false },
  words: { needsNumbers: false },
  'words-desc': { needsNumbers: false },
  chars: { needsNumbers: false },
  'chars-desc': { needsNumbers: false },
  'odd-even': { needsNumbers: true },
  'even-odd': { needsNumbers: true },
};

export const MASKOUT_SPECS: Readonly<Record<MaskoutRule, RuleSpec>> = {
  random: { needsNumbers: true },
  longest: { needsNumbers: false },
  shortest: { needsNumbers: false },
  odd: { needsNumbers: true },
  even: { needsNumbers: true },
};

/** 1..k */
export function identityOrder(k: number): number[] {
  const order = new Array<number>(k);
  for (let i = 0; i < k; i++) order[i] = i + 1;
  return order;
}

/**
 * A group's prompts with their measures computed on first use. decide() asks every rule
 * about one group, so one view serves them all; a plain array gets a fresh view per
 * call, so a caller that reuses and mutates its array never sees stale measures.
 */
export class GroupView {
  private words?: number[];
  private chars?: number[];
  private alpha?: string[];

  constructor(readonly prompts: readonly string[]) {}

  get size(): number {
    return this.prompts.length;
  }

  wordCounts(): number[] {
    return (this.words ??= this.prompts.map(wordCount));
  }

  charCounts(): number[] {
    return (this.chars ??= this.prompts.map(charCount));
  }

  alphaKeys(): string[] {
    return (this.alpha ??= this.prompts.map(alphaKey));
  }
}

function viewOf(group: readonly string[] | GroupView): GroupView {
  return group instanceof GroupView ? group : new GroupView(group);
}

/** The answer order a permute rule demands, or null if the rule is ambiguous here. */
export function permuteOrder(rule: PermuteRule, group: readonly string[] | GroupView, rng: Rng): number[] | null {
  const view = viewOf(group);
  const k = view.size;
  if (k < 2) return null;
  switch (rule) {
    case 'reverse':
      return identityOrder(k).reverse();
    case 'random':
      return randomNonIdentityOrder(k, rng);
    case 'alpha':
    case 'alpha-desc': {
      return sortedByKey(view.alphaKeys(), compareCodePoints, rule === 'alpha-desc');
    }
    case 'words':
    case 'words-desc':
      return sortedByKey(view.wordCounts(), compareNumbers, rule === 'words-desc');
    case 'chars':
    case 'chars-desc':
      return sortedByKey(view.charCounts(), compareNumbers, rule === 'chars-desc');
    case 'odd-even':
    case 'even-odd': {
      // With two instructions odd-then-even is just the given order: not a permutation.
      if (k < 3) return null;
      const odd = identityOrder(k).filter((n) => n % 2 === 1);
      const even = identityOrder(k).filter((n) => n % 2 === 0);
      return rule === 'odd-even' ? [...odd, ...even] : [...even, ...odd];
    }
  }
}

/** How many instructions a maskout sample skips: max(1, floor(k * r)), r ~ U[0.1, 0.5]. */
export function maskCount(k: number, rng: Rng): number {
  const r = 0.1 + 0.4 * rng.next();
  return Math.max(1, Math.floor(k * r));
}

/**
 * The instructions a maskout rule skips, ascending, or null if ambiguous here. `count`
 * is the drawn mask size; odd/even fix their own size.
 */
export function maskedNumbers(
  rule: MaskoutRule,
  group: readonly string[] | GroupView,
  count: number,
  rng: Rng,
): number[] | null {
  const view = viewOf(group);
  const k = view.size;
  if (k < 2) return null;
  switch (rule) {
    case 'random':
      return rng.shuffled(identityOrder(k)).slice(0, count).sort(compareNumbers);
    case 'longest':
    case 'shortest': {
      const words = view.wordCounts();
      const byLength = identityOrder(k).sort((a, b) => {
        const d = (words[a - 1] as number) - (words[b - 1] as number);
        return rule === 'longest' ? -d : d;
      });
      // A tie across the cut would make "the n longest" name more than one set.
      const last = byLength[count - 1] as number;
      const next = byLength[count];
      if (next !== undefined && words[last - 1] === words[next - 1]) return null;
      return byLength.slice(0, count).sort(compareNumbers);
    }
    case 'odd':
      return identityOrder(k).filter((n) => n % 2 === 1);
    case 'even':
      return identityOrder(k).filter((n) => n % 2 === 0);
  }
}

function randomNonIdentityOrder(k: number, rng: Rng): number[] {
  // A shuffle equal to the given order would state "random order" over an unchanged one.
  // For k >= 2 at most half of the draws are the identity, so this ends quickly.
  for (;;) {
    const order = rng.shuffled(identityOrder(k));
    if (order.some((n, i) => n !== i + 1)) return order;
  }
}

function sortedByKey<K>(keys: readonly K[], compare: (a: K, b: K) => number, descending: boolean): number[] | null {
  const order = identityOrder(keys.length).sort((a, b) => compare(keys[a - 1] as K, keys[b - 1] as K));
  for (let i = 1; i < order.length; i++) {
    if (compare(keys[(order[i - 1] as number) - 1] as K, keys[(order[i] as number) - 1] as K) === 0) return null;
  }
  return descending ? order.reverse() : order;
}

function compareNumbers(a: number, b: number): number {
  return a - b;
}
