/**
 * The rule tables against everything that derives from them: the rule names (whose order
 * the output depends on), every built-in pack's phrasings, and the pack schema, which must
 * accept and refuse each rule's sentences as it would in a user's pack file. Written over
 * the tables, so a new rule is checked here without a new line.
 */
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { UsageError } from '../../src/errors.js';
import { builtInPacks } from '../../src/language/built-in.js';
import { ENGLISH } from '../../src/language/english.js';
import { PLACEHOLDERS } from '../../src/language/fill.js';
import type { Forms } from '../../src/language/pack.js';
import { packToYaml } from '../../src/language/pack-file.js';
import { parsePack } from '../../src/language/pack-schema.js';
import { GroupView } from '../../src/mosaic/group-view.js';
import { MASKOUT, MASKOUT_RULES, maskedNumbers, maskoutUnavailable, type MaskoutEntry } from '../../src/strategies/maskout.js';
import { PERMUTE, PERMUTE_RULES, permuteOrder, permuteUnavailable, type PermuteEntry } from '../../src/strategies/permute.js';
import type { RuleEntry } from '../../src/strategies/rule.js';
import { MASKOUT_RULES as NAMED_MASKOUT, PERMUTE_RULES as NAMED_PERMUTE } from '../../src/types.js';
import { THROWING_RNG } from '../helpers/unit-oracle.js';

type Mutable = Record<string, any>;
type Strategy = 'permute' | 'maskout';

const RULES: ReadonlyArray<readonly [Strategy, string, RuleEntry]> = [
  ...PERMUTE_RULES.map((rule) => ['permute', rule, PERMUTE[rule]] as const),
  ...MASKOUT_RULES.map((rule) => ['maskout', rule, MASKOUT[rule]] as const),
];

/** The message parsePack refuses a pack with (failing the test if it accepts it). */
function refusal(pack: unknown): string {
  try {
    parsePack(pack, 'my-pack.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    return (error as Error).message.replace(/^my-pack\.yaml: /, '');
  }
  throw new Error('the pack was accepted');
}

/** The English pack as a user's file would give it: dumped to YAML and read back. */
function englishFile(): Mutable {
  return parseYaml(packToYaml(ENGLISH)) as Mutable;
}

describe('the rule names', () => {
  it('are the tables’ keys, in the order the draws depend on', () => {
    // A group's available rules are drawn in this order: reordering the table changes the output.
    expect(PERMUTE_RULES).toEqual(['reverse', 'random', 'alpha', 'alpha-desc', 'words', 'words-desc', 'chars', 'chars-desc', 'odd-even', 'even-odd']);
    expect(MASKOUT_RULES).toEqual(['random', 'longest', 'shortest', 'odd', 'even']);
    expect(NAMED_PERMUTE).toBe(PERMUTE_RULES);
    expect(NAMED_MASKOUT).toBe(MASKOUT_RULES);
  });
});

describe('every table entry', () => {
  it.each(RULES)('%s:%s states only values a sentence can hold, numbered when it quotes numbers', (_, __, entry) => {
    if (entry.states !== null) expect(PLACEHOLDERS).toContain(entry.states);
    // A sentence quoting instruction numbers is true only over numbered instructions.
    if (entry.states === 'sequence' || entry.states === 'list') expect(entry.needsNumbers).toBe(true);
    expect(entry.minK).toBeGreaterThanOrEqual(2);
  });

  it.each(RULES)('%s:%s is unavailable below its minK and decided by its entry at minK', (strategy, rule, entry) => {
    const prompts = ['Name a prime number', 'Describe the ocean floor in detail', 'Why is the sky blue today', 'List three fruits', 'Sing'];
    const small = new GroupView(prompts.slice(0, entry.minK - 1), ENGLISH);
    const enough = new GroupView(prompts.slice(0, entry.minK), ENGLISH);
    if (strategy === 'permute') {
      const p = rule as keyof typeof PERMUTE;
      expect(permuteUnavailable(p, small)).toBe('size');
      expect(permuteUnavailable(p, enough)).toBe((entry as PermuteEntry).unavailable(enough));
    } else {
      const m = rule as keyof typeof MASKOUT;
      expect(maskoutUnavailable(m, small, 1)).toBe('size');
      expect(maskoutUnavailable(m, enough, 1)).toBe((entry as MaskoutEntry).unavailable(enough, 1));
    }
  });

  it('sorts by its measure: descending is ascending reversed, and positional rules need no measure', () => {
    const group = new GroupView(['Zebras run', 'Apples are red and sweet', 'Mangoes from the tropics are the sweetest fruit of all'], ENGLISH);
    for (const rule of PERMUTE_RULES) {
      const entry: PermuteEntry = PERMUTE[rule];
      if (entry.measure === null) {
        expect(entry.unavailable(group), rule).toBeNull();
        continue;
      }
      expect(permuteUnavailable(rule, group), rule).toBeNull();
      const ascending = group.sorted(entry.measure).ascending;
      expect(permuteOrder(rule, group, THROWING_RNG), rule).toEqual(rule.endsWith('-desc') ? [...(ascending ?? [])].reverse() : ascending);
    }
    // Words and characters agree here; alphabetical order does not.
    expect(permuteOrder('words', group, THROWING_RNG)).toEqual([1, 2, 3]);
    expect(permuteOrder('alpha', group, THROWING_RNG)).toEqual([2, 3, 1]);
    const cut: MaskoutEntry = MASKOUT.longest;
    expect(cut.measure).toBe('length');
    expect(maskedNumbers('longest', group, 1, THROWING_RNG)).toEqual([3]);
    expect(maskedNumbers('shortest', group, 1, THROWING_RNG)).toEqual([1]);
  });
});

describe.each(builtInPacks().map((pack) => [pack.name, pack] as const))('the built-in pack %s', (_, pack) => {
  it.each(RULES)('phrases %s:%s (or switches it off) with sentences that state what the rule states', (strategy, rule, entry) => {
    const phrasings = pack[strategy] as Readonly<Record<string, Forms | null>>;
    expect(Object.hasOwn(phrasings, rule)).toBe(true);
    const forms = phrasings[rule];
    if (forms === null || forms === undefined) return;
    expect(forms.many.length).toBeGreaterThan(0);
    if (entry.states !== null) for (const sentence of forms.many) expect(sentence).toContain(`{${entry.states}}`);
  });

  it('is accepted by the schema as a user pack file', () => {
    expect(parsePack(parseYaml(packToYaml(pack)), 'x')).toEqual(pack);
  });
});

describe('the pack schema, rule by rule as a user pack file gives it', () => {
  it.each(RULES)('refuses a file without %s:%s and accepts it switched off', (strategy, rule) => {
    const missing = englishFile();
    delete missing[strategy][rule];
    expect(refusal(missing)).toBe(`${strategy}.${rule}: missing; give its sentences or null to switch the rule off`);
    const off = englishFile();
    off[strategy][rule] = null;
    expect(parsePack(off, 'x')[strategy][rule as never]).toBeNull();
  });

  it.each(RULES)('holds %s:%s sentences to what the entry states', (strategy, rule, entry) => {
    const pack = englishFile();
    const forms = pack[strategy][rule];
    if (entry.states === null) {
      forms.many[0] = 'Answer them {where} as {sequence} says.';
      expect(refusal(pack)).toBe(`${strategy}.${rule}.many[0]: {sequence} is not filled in this sentence; allowed here: {count}, {where}`);
    } else {
      forms.many[0] = 'Answer the {count} instructions {where} as you see fit.';
      expect(refusal(pack)).toBe(`${strategy}.${rule}.many[0]: the sentence must state {${entry.states}}`);
    }
  });

  it.each(RULES)('takes a two form for %s:%s only when its minK allows two instructions', (strategy, rule, entry) => {
    const pack = englishFile();
    const two = `Answer both {where}${entry.states === null ? '' : ` as {${entry.states}} says`}.`;
    pack[strategy][rule].two = [two];
    if (entry.minK <= 2) expect(parsePack(pack, 'x')[strategy][rule as never]).toMatchObject({ two: [two] });
    else expect(refusal(pack)).toBe(`${strategy}.${rule}.two: never used: the rule is stated only for ${entry.minK} instructions or more; remove it`);
  });

  it.each(RULES)('takes a one form for %s:%s only when it can skip a single instruction', (strategy, rule, entry) => {
    const skipsOne = strategy === 'maskout' && (entry as MaskoutEntry).skipsOne;
    const pack = englishFile();
    if (skipsOne) {
      // English nouns change with their count: the singular sentence is required.
      delete pack[strategy][rule].one;
      expect(refusal(pack)).toMatch(new RegExp(`^${strategy}\\.${rule}\\.one: missing; with plural: true`));
    } else {
      pack[strategy][rule].one = ['Skip it {where}.'];
      expect(refusal(pack)).toMatch(new RegExp(`^${strategy}\\.${rule}\\.one: never used: `));
    }
  });

  it('lets a singular leave out what the rule states only where the entry says the singular says it', () => {
    for (const rule of MASKOUT_RULES) {
      const entry: MaskoutEntry = MASKOUT[rule];
      if (!entry.skipsOne || entry.states === null) continue;
      const pack = englishFile();
      pack.maskout[rule].one = ['Leave out one of the instructions {where}.'];
      if (entry.singularStates) expect(parsePack(pack, 'x').maskout[rule]?.one, rule).toEqual(['Leave out one of the instructions {where}.']);
      else expect(refusal(pack), rule).toBe(`maskout.${rule}.one[0]: the sentence must state {${entry.states}}`);
    }
  });
});
