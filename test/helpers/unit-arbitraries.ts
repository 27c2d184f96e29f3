/** fast-check generators of datasets and options for the property tests. */
import fc from 'fast-check';
import { K_DISTRIBUTIONS } from '../../src/rng/k-distributions.js';
import type { RuleList, Strategies } from '../../src/strategies.js';
import { MASKOUT_RULES, PERMUTE_RULES, type MaskoutRule, type Pair, type PermuteRule } from '../../src/types.js';

// Small pool: makes duplicates, case-only differences, substrings of one another and
// texts that look like the decorations themselves likely.
const POOL = [
  'a',
  'ab',
  'Apple',
  'apple',
  'b a',
  'Banana',
  '😀',
  '😀😀',
  'e\u0301',
  'é',
  '𝔘',
  '\uFFFD',
  '日本語',
  '  padded  ',
  'line one\nline two',
  'tab\tsep',
  'nb\u00a0sp',
  '1',
  '12',
  'Answer 1:',
  '<answer>',
  '---',
  '\n\nx\n\n',
  '{n} {list}',
];

const WORDS = ['the', 'Quick', 'brown', 'fox', 'a', 'Ünïcode', '😀', '日本', 'x', '42', 'Zebra', 'e\u0301', '𝔘', 'naïve', 'z'];
const GAPS = [' ', '  ', '\t', '\n', '\u00a0', '\n\n', ' \n '];

const wordy = fc
  .tuple(
    fc.array(fc.constantFrom(...WORDS), { minLength: 1, maxLength: 30 }),
    fc.array(fc.constantFrom(...GAPS), { minLength: 30, maxLength: 30 }),
    fc.constantFrom('', ' ', '\n'),
    fc.constantFrom('', ' ', '\n', '?'),
  )
  .map(([words, gaps, lead, trail]) => lead + words.map((w, i) => (i === 0 ? w : (gaps[i] as string) + w)).join('') + trail);

const long = fc
  .tuple(fc.constantFrom('lorem', 'ipsum', 'Wort', '😀', '語'), fc.integer({ min: 40, max: 400 }))
  .map(([w, n]) => Array.from({ length: n }, () => w).join(' '));

const free = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 25 }).filter((s) => s.trim() !== '');

/** A non-blank text: mostly short, some duplicates, some long enough to strain budgets. */
export const textArb = fc.oneof(
  { weight: 3, arbitrary: fc.constantFrom(...POOL) },
  { weight: 4, arbitrary: wordy },
  { weight: 2, arbitrary: free },
  { weight: 1, arbitrary: long },
);

export function toPairs(texts: ReadonlyArray<readonly [string, string]>): Pair[] {
  return texts.map(([prompt, response], source) => ({ source, prompt, response }));
}

export const pairsArb = (minLength = 1, maxLength = 30) =>
  fc.array(fc.tuple(textArb, textArb), { minLength, maxLength }).map(toPairs);

const STRATEGY_WORDS = ['primary', 'format', 'permute', 'maskout', 'reverse', 'random-order'] as const;

export interface GeneratedOptions {
  seed: number;
  epochs: number;
  maxK: number;
  kDist: (typeof K_DISTRIBUTIONS)[number];
  maxTokens: number;
  strategies: Strategies;
  permuteRules: RuleList<PermuteRule>;
  maskoutRules: RuleList<MaskoutRule>;
}

export const optionsArb: fc.Arbitrary<GeneratedOptions> = fc.record({
  seed: fc.nat({ max: 1_000_000 }),
  epochs: fc.integer({ min: 1, max: 3 }),
  maxK: fc.integer({ min: 1, max: 12 }),
  kDist: fc.constantFrom(...K_DISTRIBUTIONS),
  maxTokens: fc.oneof(fc.integer({ min: 40, max: 200 }), fc.integer({ min: 200, max: 3000 })),
  strategies: fc
    .shuffledSubarray([...STRATEGY_WORDS], { minLength: 1 })
    .chain((names) =>
      fc
        .array(fc.option(fc.integer({ min: 1, max: 5 }), { nil: undefined }), { minLength: names.length, maxLength: names.length })
        // Names alone, or names with weights (weight 1 where none was drawn).
        .map((ws): Strategies => (ws.every((w) => w === undefined) ? names : Object.fromEntries(names.map((n, i) => [n, ws[i] ?? 1])))),
    ),
  permuteRules: fc.oneof(fc.constant('all' as const), fc.subarray([...PERMUTE_RULES], { minLength: 1 })),
  maskoutRules: fc.oneof(fc.constant('all' as const), fc.subarray([...MASKOUT_RULES], { minLength: 1 })),
});

/** Which strategy may carry which rules under these options (aliases included). */
export function allowedRules(o: GeneratedOptions): Map<string, Set<string>> {
  const permute = o.permuteRules === 'all' ? [...PERMUTE_RULES] : o.permuteRules;
  const maskout = o.maskoutRules === 'all' ? [...MASKOUT_RULES] : o.maskoutRules;
  const out = new Map<string, Set<string>>();
  const add = (s: string, rules: readonly string[]) => {
    const set = out.get(s) ?? new Set<string>();
    for (const r of rules) set.add(r);
    out.set(s, set);
  };
  for (const name of Array.isArray(o.strategies) ? o.strategies : Object.keys(o.strategies)) {
    if (name === 'reverse') add('permute', ['reverse']);
    else if (name === 'random-order') add('permute', ['random']);
    else if (name === 'permute') add('permute', permute);
    else if (name === 'maskout') add('maskout', maskout);
    else add(name, []);
  }
  return out;
}
