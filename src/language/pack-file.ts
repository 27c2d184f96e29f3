import { createHash } from 'node:crypto';
import { createRequire } from 'node:module';
import type { Pair, YAMLMap } from 'yaml';
import { readSettingsFile } from '../io/settings-file.js';
import { MASKOUT_RULES, PERMUTE_RULES, type MaskoutRule, type PermuteRule } from '../rule-names.js';
import type { Forms, LanguagePack } from './pack.js';
import { PACK_FLAG, parsePack } from './pack-schema.js';

/**
 * Language packs as files: read from YAML (.yaml, .yml, or any other name) or JSON
 * (.json), checked by pack-schema.ts; and written as commented YAML for editing.
 */

export interface LoadedPack {
  readonly pack: LanguagePack;
  /** Hex SHA-256 of the file's bytes, for provenance (the same pack file, the same output). */
  readonly sha256: string;
}

/**
 * Reads and checks a pack file. Every problem (no such file, not UTF-8, a syntax error
 * with its line and column, a key that is wrong) is a UsageError with one line naming
 * the path, for --templates.
 */
export async function loadPackFile(path: string): Promise<LoadedPack> {
  const { value, bytes } = await readSettingsFile(path, PACK_FLAG);
  return { pack: parsePack(value, path), sha256: createHash('sha256').update(bytes).digest('hex') };
}

const HEADER = `
 Forms: every strategy and rule has sentences by the counts they speak of, each a
 list of interchangeable phrasings (one is picked at random for each sample):
   two:   the sample has two instructions (optional; "many" is used without it)
   one:   exactly one instruction is skipped (maskout only; needed when plural is true)
   many:  otherwise (required)
 A rule set to null is switched off for this language; primary cannot be.

 Placeholders, filled in when a sentence is used:
   {count}         how many instructions the sample has (as "numerals" writes counts)
   {where}         where the instructions stand: "where.below" or "where.above"
   {sequence}      permute.random only, in every sentence: the answer order, e.g. 3, 1, 2
   {list}          maskout.random only, in every sentence: the numbers to skip, e.g. 2 and 5
   {n}             maskout.longest/shortest only, in every "many" sentence: how many are skipped
   {label}         labelClauses only, in every sentence: the first answer's label, quoted
   {open} {close}  markerClauses only, both in every sentence: the answer markers, quoted
 Any other {word} is an error. A sentence is one line, with no space at either end, and
 must stay true for every sample it can be given.`;

/** Comments put before the pack's keys: what each one is for (see pack.ts). */
const KEY_COMMENTS: Readonly<Record<string, string>> = {
  name: ' Short name, as --lang takes it: lowercase letters, digits and hyphens.',
  version: ' The pack\'s own version, in quotes so that YAML keeps it text.',
  locale: ' BCP 47 tag for the collator that decides alphabetical order.',
  scripts: ' Unicode scripts (\\p{Script=...} names) whose text this pack speaks for (--lang auto).',
  plural: ' Whether nouns change with their count (then maskout random/longest/shortest need "one").',
  numerals: ' How counts are written: numerals[n] for n below the list\'s length, digits beyond.',
  quotes: ' Put around {label}, {open} and {close}.',
  list: ' {list}: numbers joined by "comma", the last two by "and".',
  sequence: ' {sequence}: numbers joined by this.',
  where: ' {where}: the words for where the instructions stand.',
  clauseSeparator: ' Between the rule sentence, the label clause and the marker clause.',
  alphabetScripts: ' Scripts whose texts this pack can put in alphabetical order.',
  alphabetHead: ' How far into two texts alphabetical order may be decided: so many words or characters.',
  cutMeasure: ' What "longest" and "shortest" instructions are measured in: words or chars.',
  primary: ' The plain strategy: answer every instruction in the order given.',
  permute: ' Permute rules: every instruction is answered, in another order. null switches a rule off.',
  maskout: ' Maskout rules: some instructions are skipped; the others are answered in their order. null switches a rule off.',
  labelClauses: ' Stated whenever answers carry labels: for one answer, for several. Each must hold {label}.',
  markerClauses: ' Stated whenever answers are wrapped in markers: one answer, several, several with labels. Each must hold {open} and {close}.',
  numbering: ' Labels put before each instruction and its answer; {n} is the number (once), followed by a non-digit. 1 to 31 styles.',
  markers: ' Lines put before and after each answer. 1 to 31 styles, open and close different.',
  separators: ' Between unnumbered items; each starts and ends with a line break. 1 to 31 of them.',
};

const PERMUTE_COMMENTS: Readonly<Record<PermuteRule, string>> = {
  reverse: 'the last instruction is answered first, the first last',
  random: 'the numbered instructions are answered in the order {sequence}',
  alpha: 'alphabetical order of the instructions\' text, case ignored',
  'alpha-desc': 'reverse alphabetical order of the instructions\' text, case ignored',
  words: 'fewest words first',
  'words-desc': 'most words first',
  chars: 'fewest characters first (spaces and line breaks not counted)',
  'chars-desc': 'most characters first (spaces and line breaks not counted)',
  'odd-even': 'odd-numbered instructions first, then even-numbered, ascending in each (4 or more instructions)',
  'even-odd': 'even-numbered instructions first, then odd-numbered, ascending in each (4 or more instructions)',
};

const MASKOUT_COMMENTS: Readonly<Record<MaskoutRule, string>> = {
  random: 'the numbered instructions {list} are skipped',
  longest: 'the {n} longest instructions (in cutMeasure) are skipped',
  shortest: 'the {n} shortest instructions (in cutMeasure) are skipped',
  odd: 'the odd-numbered instructions are skipped (4 or more instructions)',
  even: 'the even-numbered instructions are skipped (4 or more instructions)',
};

/**
 * A pack as a commented YAML document to edit: a header on forms and placeholders, then
 * every key in the order of LanguagePack, each with a line on what it is for. Strings
 * with line breaks are written quoted with \n escapes; long lines are never folded.
 * parsePack(YAML.parse(packToYaml(p)), ...) gives back p.
 */
export function packToYaml(pack: LanguagePack): string {
  const { Document, isMap, isScalar } = yaml();
  const doc = new Document(canonical(pack));
  doc.commentBefore = ` Language pack "${pack.name}" (version ${pack.version}) for mosaic-it.` +
    `\n Check it with: mosaic-it templates --check <file>` +
    `\n Use it with:   mosaic-it augment <data> -o <out> --templates <file> --lang ${pack.name}\n${HEADER}`;
  const root = doc.contents as YAMLMap;
  for (const pair of root.items as Pair[]) {
    const key = keyOf(pair);
    const comment = KEY_COMMENTS[key];
    if (comment !== undefined && isScalar(pair.key)) pair.key.commentBefore = comment;
    if (key === 'permute' || key === 'maskout') {
      const rules = pair.value;
      if (!isMap(rules)) continue;
      for (const rule of rules.items as Pair[]) {
        const name = keyOf(rule);
        const what = key === 'permute' ? PERMUTE_COMMENTS[name as PermuteRule] : MASKOUT_COMMENTS[name as MaskoutRule];
        if (what !== undefined && isScalar(rule.key)) rule.key.commentBefore = ` ${name}: ${what}`;
      }
    }
  }
  // A blank line before each commented key: the file reads as paragraphs.
  for (const [i, pair] of (root.items as Pair[]).entries()) {
    if (i > 0 && isScalar(pair.key)) pair.key.spaceBefore = true;
  }
  return doc.toString({ lineWidth: 0, blockQuote: false, indentSeq: true });
}

function keyOf(pair: Pair): string {
  return yaml().isScalar(pair.key) ? String(pair.key.value) : String(pair.key);
}

/**
 * The YAML library, loaded on the first dump rather than with every run that imports
 * this module. packToYaml is synchronous, so it is required: on Node, `import` of yaml
 * gives this same CommonJS module (its package maps both to dist/index.js).
 */
function yaml(): typeof import('yaml') {
  yamlModule ??= createRequire(import.meta.url)('yaml') as typeof import('yaml');
  return yamlModule;
}
let yamlModule: typeof import('yaml') | undefined;

/** The pack with its keys in the order LanguagePack declares them, rules in the order of PERMUTE_RULES and MASKOUT_RULES. */
function canonical(pack: LanguagePack): Record<string, unknown> {
  const forms = (f: Forms | null) => (f === null ? null : { ...(f.two ? { two: [...f.two] } : {}), ...(f.one ? { one: [...f.one] } : {}), many: [...f.many] });
  return {
    name: pack.name,
    version: pack.version,
    locale: pack.locale,
    scripts: [...pack.scripts],
    plural: pack.plural,
    numerals: [...pack.numerals],
    quotes: [...pack.quotes],
    list: { comma: pack.list.comma, and: pack.list.and },
    sequence: pack.sequence,
    where: { below: pack.where.below, above: pack.where.above },
    clauseSeparator: pack.clauseSeparator,
    alphabetScripts: [...pack.alphabetScripts],
    alphabetHead: { unit: pack.alphabetHead.unit, count: pack.alphabetHead.count },
    cutMeasure: pack.cutMeasure,
    primary: forms(pack.primary),
    permute: Object.fromEntries(PERMUTE_RULES.map((rule) => [rule, forms(pack.permute[rule])])),
    maskout: Object.fromEntries(MASKOUT_RULES.map((rule) => [rule, forms(pack.maskout[rule])])),
    labelClauses: { one: [...pack.labelClauses.one], many: [...pack.labelClauses.many] },
    markerClauses: { one: [...pack.markerClauses.one], many: [...pack.markerClauses.many], labelled: [...pack.markerClauses.labelled] },
    numbering: pack.numbering.map((s) => ({ instruction: s.instruction, answer: s.answer })),
    markers: pack.markers.map((m) => ({ open: m.open, close: m.close })),
    separators: [...pack.separators],
  };
}
