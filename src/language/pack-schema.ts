import { z } from 'zod';
import { describeValue, UsageError } from '../errors.js';
import { MASKOUT, MASKOUT_RULES, type MaskoutEntry, type MaskoutRule } from '../strategies/maskout.js';
import { PERMUTE, PERMUTE_RULES, type PermuteEntry, type PermuteRule } from '../strategies/permute.js';
import type { RuleEntry } from '../strategies/rule.js';
import { PLACEHOLDERS } from './fill.js';
import type { LanguagePack } from './pack.js';

/**
 * A language pack as a file gives it (YAML or JSON, same keys as LanguagePack), checked
 * so that a pack that passes can be used as it is: every strategy and rule present (or
 * switched off with null), every sentence stating what its rule needs and nothing the
 * composer does not fill, labels, markers and separators that the layout can find again.
 * A pack that does not pass is refused with one line naming the key and what is wrong.
 */

/** The option that takes a pack file; usage errors about a pack name it. */
export const PACK_FLAG = '--templates';

type Placeholder = (typeof PLACEHOLDERS)[number];

/** Which placeholders a sentence may use and which it must use. */
interface SentenceSpec {
  readonly allowed: readonly Placeholder[];
  readonly required: readonly Placeholder[];
}

/** A strategy's or rule's forms: the spec of each form the composer can choose, null where it never chooses it. */
interface FormsSpec {
  readonly many: SentenceSpec;
  readonly two: SentenceSpec | null;
  readonly one: SentenceSpec | null;
  /** Why `two` or `one` is never chosen, for the message when a pack gives it anyway. */
  readonly unusedTwo?: string;
  readonly unusedOne?: string;
}

const BASE: readonly Placeholder[] = ['count', 'where'];
const plain: SentenceSpec = { allowed: BASE, required: [] };
const NO_SKIP = 'the one form applies only where a single instruction is skipped';

/** The forms of a strategy or rule stated for `minK` instructions or more. */
function formsSpec(minK: number, many: SentenceSpec, single: SentenceSpec, one: boolean, unusedOne: string): FormsSpec {
  const twoUsed = minK <= 2;
  return {
    many,
    two: twoUsed ? single : null,
    one: one ? single : null,
    unusedTwo: twoUsed ? undefined : `the rule is stated only for ${minK} instructions or more`,
    unusedOne,
  };
}

const PRIMARY_SPEC = formsSpec(2, plain, plain, false, NO_SKIP);

/** What every sentence of a rule must hold: the value its entry says it states. */
function stating(entry: RuleEntry): SentenceSpec {
  return entry.states === null ? plain : { allowed: [...BASE, entry.states], required: [entry.states] };
}

function permuteSpec(rule: PermuteRule): FormsSpec {
  const entry: PermuteEntry = PERMUTE[rule];
  const many = stating(entry);
  return formsSpec(entry.minK, many, many, false, NO_SKIP);
}

function maskoutSpec(rule: MaskoutRule): FormsSpec {
  const entry: MaskoutEntry = MASKOUT[rule];
  const many = stating(entry);
  // A sentence for a single skipped instruction may say it in the singular instead ("the longest one").
  const single = entry.singularStates ? { allowed: many.allowed, required: [] } : many;
  return formsSpec(entry.minK, many, single, entry.skipsOne, entry.skipsOne ? NO_SKIP : 'the rule always skips two instructions or more');
}

/** Anything that looks like a placeholder: {word}, or { word } with spaces. */
const LOOKS_LIKE_PLACEHOLDER = /\{\s*([A-Za-z_][A-Za-z0-9_-]*)\s*\}/g;

const braces = (names: readonly string[]): string => names.map((n) => `{${n}}`).join(', ');

/** What is wrong with a sentence under a spec, or null. */
function sentenceProblem(text: string, spec: SentenceSpec): string | null {
  if (text.trim() === '') return 'expected a sentence, found an empty string';
  if (text.trim() !== text) return 'the sentence starts or ends with whitespace';
  if (/[\r\n]/.test(text)) return 'the sentence holds a line break; a meta-instruction is one paragraph';
  for (const match of text.matchAll(LOOKS_LIKE_PLACEHOLDER)) {
    const [written, name] = match as unknown as [string, string];
    const allowed = spec.allowed as readonly string[];
    const known = (PLACEHOLDERS as readonly string[]).includes(name);
    // "{ and }" is text in braces; "{ count }" is a placeholder written wrong.
    if (written !== `{${name}}` && !known) continue;
    if (!known) return `unknown placeholder ${written}; allowed here: ${braces(allowed)}`;
    if (!allowed.includes(name)) return `${written} is not filled in this sentence; allowed here: ${braces(allowed)}`;
    if (written !== `{${name}}`) return `write ${written} as {${name}}, without spaces`;
  }
  for (const name of spec.required) {
    if (!text.includes(`{${name}}`)) return `the sentence must state {${name}}`;
  }
  return null;
}

/** A list of interchangeable sentences, each checked against the spec. */
function sentences(spec: SentenceSpec, what = 'sentence') {
  return z
    .array(z.string().superRefine((text, ctx) => {
      const problem = sentenceProblem(text, spec);
      if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
    }))
    .min(1, { error: `expected at least one ${what}, found an empty list` });
}

/** Forms under a spec; a form the composer never chooses is refused rather than silently ignored. */
function formsSchema(spec: FormsSpec) {
  const never = (why: string | undefined) =>
    z.unknown().superRefine((_, ctx) => {
      ctx.addIssue({ code: 'custom', message: `never used: ${why ?? 'this form does not apply here'}; remove it` });
    });
  return z.strictObject({
    two: (spec.two ? sentences(spec.two) : never(spec.unusedTwo)).optional(),
    one: (spec.one ? sentences(spec.one) : never(spec.unusedOne)).optional(),
    many: sentences(spec.many),
  });
}

function ruleTable<R extends string>(rules: readonly R[], specOf: (rule: R) => FormsSpec) {
  const shape = {} as Record<R, z.ZodNullable<ReturnType<typeof formsSchema>>>;
  for (const rule of rules) shape[rule] = formsSchema(specOf(rule)).nullable();
  return z.strictObject(shape);
}

/** Styles are tracked as bits of a 32-bit number (mosaic/collisions.ts). */
const MAX_STYLES = 31;

/** A numbering label: one {n}, on one line, ending after the number in non-digits so that nothing reads as part of it. */
function labelProblem(label: string): string | null {
  const count = label.split('{n}').length - 1;
  if (count === 0) return `expected {n} in the label, found ${JSON.stringify(label)}`;
  if (count > 1) return `expected {n} once in the label, found it ${count} times in ${JSON.stringify(label)}`;
  for (const match of label.matchAll(LOOKS_LIKE_PLACEHOLDER)) {
    if (match[0] === `{${match[1]}}` && match[0] !== '{n}') return `only {n} is filled in a label, found ${match[0]}`;
  }
  if (/^\s/.test(label)) return 'the label starts with whitespace; it must start its line';
  if (/[\r\n]/.test(label.trimEnd())) return 'the label holds a line break before its end; it must be one line (a line break may only end it)';
  const after = label.slice(label.indexOf('{n}') + 3);
  if (after === '') return `the label ends with {n}; put a non-digit after the number, as in ${JSON.stringify(`${label}. `)}`;
  if (/\d/.test(after)) return `after {n} the label must hold no digit, which would read as part of the number, found ${JSON.stringify(label)}`;
  return null;
}

const label = z.string().superRefine((text, ctx) => {
  const problem = labelProblem(text);
  if (problem !== null) ctx.addIssue({ code: 'custom', message: problem });
});

const marker = z.string().superRefine((text, ctx) => {
  if (text === '') ctx.addIssue({ code: 'custom', message: 'expected a marker, found an empty string' });
  else if (text.trim() !== text) ctx.addIssue({ code: 'custom', message: 'the marker starts or ends with whitespace; it stands on a line of its own' });
  else if (/[\r\n]/.test(text)) ctx.addIssue({ code: 'custom', message: 'the marker holds a line break; it stands on a line of its own' });
});

const separator = z.string().superRefine((text, ctx) => {
  if (!text.startsWith('\n') || !text.endsWith('\n')) {
    ctx.addIssue({ code: 'custom', message: `a separator must start and end with a line break ("\\n"), found ${JSON.stringify(text)}` });
  } else if (text === '\n') {
    ctx.addIssue({ code: 'custom', message: 'a single line break does not set items apart; start and end with one, e.g. "\\n\\n"' });
  }
});

const SCRIPT_NAME = /^[A-Za-z][A-Za-z_]*$/;

/** Whether the platform's regular expressions know the Unicode script. */
export function isScriptName(name: string): boolean {
  if (!SCRIPT_NAME.test(name)) return false;
  try {
    new RegExp(`\\p{Script=${name}}`, 'u');
    return true;
  } catch {
    return false;
  }
}

const scripts = z.array(
  z.string().superRefine((name, ctx) => {
    if (!isScriptName(name)) ctx.addIssue({ code: 'custom', message: `unknown Unicode script ${JSON.stringify(name)}; use a \\p{Script=...} name such as Latin, Han or Cyrillic` });
  }),
);

const locale = z.string().superRefine((tag, ctx) => {
  let ok = tag !== '';
  try {
    if (ok) ok = Intl.getCanonicalLocales(tag).length === 1;
  } catch {
    ok = false;
  }
  if (!ok) ctx.addIssue({ code: 'custom', message: `${JSON.stringify(tag)} is not a BCP 47 locale tag (such as en, en-GB, zh-Hans)` });
});

const nonEmpty = (what: string) => z.string().min(1, { error: `expected ${what}, found an empty string` });

const styles = <T extends z.ZodType>(item: T, what: string) =>
  z
    .array(item)
    .min(1, { error: `expected 1 to ${MAX_STYLES} ${what}, found none` })
    .max(MAX_STYLES, { error: (issue) => `expected 1 to ${MAX_STYLES} ${what}, found ${(issue.input as unknown[]).length}` });

const SKIPS_ONE = MASKOUT_RULES.filter((rule) => MASKOUT[rule].skipsOne);

/** The schema of a pack file. Cross-field checks (plural forms) are in parsePack's refinement. */
export const languagePackSchema = z
  .strictObject({
    name: z.string().regex(/^[a-z][a-z0-9-]*$/, {
      error: 'expected a short name of lowercase letters, digits and hyphens, starting with a letter (as --lang takes it)',
    }),
    version: nonEmpty('a version'),
    locale,
    scripts,
    plural: z.boolean(),
    numerals: z.array(nonEmpty('a numeral')),
    quotes: z.tuple([z.string(), z.string()], {
      error: (issue) => `expected two strings, the opening and the closing quote, found ${Array.isArray(issue.input) ? `a list of ${issue.input.length}` : describeValue(issue.input)}`,
    }),
    list: z.strictObject({ comma: z.string(), and: z.string() }),
    sequence: z.string(),
    where: z.strictObject({ below: nonEmpty('a word'), above: nonEmpty('a word') }),
    clauseSeparator: z.string(),
    alphabetScripts: scripts,
    alphabetHead: z.strictObject({
      unit: z.enum(['words', 'chars']),
      count: z.number().superRefine((n, ctx) => {
        if (!Number.isInteger(n) || n < 1 || n > 20) ctx.addIssue({ code: 'custom', message: `expected a whole number from 1 to 20, found ${n}` });
      }),
    }),
    cutMeasure: z.enum(['words', 'chars']),
    primary: formsSchema(PRIMARY_SPEC),
    permute: ruleTable(PERMUTE_RULES, permuteSpec),
    maskout: ruleTable(MASKOUT_RULES, maskoutSpec),
    labelClauses: z.strictObject({
      one: sentences({ allowed: ['label'], required: ['label'] }),
      many: sentences({ allowed: ['label'], required: ['label'] }),
    }),
    markerClauses: z.strictObject({
      one: sentences({ allowed: ['open', 'close'], required: ['open', 'close'] }),
      many: sentences({ allowed: ['open', 'close'], required: ['open', 'close'] }),
      labelled: sentences({ allowed: ['open', 'close'], required: ['open', 'close'] }),
    }),
    numbering: styles(z.strictObject({ instruction: label, answer: label }), 'numbering styles'),
    markers: styles(
      z.strictObject({ open: marker, close: marker }).superRefine((m, ctx) => {
        if (m.open === m.close) ctx.addIssue({ code: 'custom', path: ['close'], message: `the closing marker must differ from the opening one, both are ${JSON.stringify(m.open)}` });
      }),
      'marker styles',
    ),
    separators: styles(separator, 'separators'),
  })
  .superRefine((pack, ctx) => {
    if (!pack.plural) return;
    // A noun that changes with its count needs its own sentence for one skipped instruction.
    for (const rule of SKIPS_ONE) {
      const forms = pack.maskout[rule];
      if (forms && forms.one === undefined) {
        ctx.addIssue({
          code: 'custom',
          path: ['maskout', rule, 'one'],
          message: 'missing; with plural: true a rule that can skip a single instruction needs its one form',
        });
      }
    }
  });

/**
 * Checks a parsed pack file (YAML or JSON) and returns it as a LanguagePack. `source` is
 * what the message names (usually the file's path). Throws a UsageError (flag
 * --templates) whose message is `<source>: <key path>: <what is wrong>`, one line, for
 * the first problem found.
 */
export function parsePack(value: unknown, source: string): LanguagePack {
  if (value === null || value === undefined) {
    throw new UsageError(`${source}: empty; expected a language pack (run "mosaic-it templates --lang en" for one to start from)`, PACK_FLAG);
  }
  if (typeof value !== 'object' || Array.isArray(value)) {
    throw new UsageError(`${source}: expected a language pack (an object of keys and values), found ${describeValue(value)}`, PACK_FLAG);
  }
  const result = languagePackSchema.safeParse(value);
  if (result.success) return result.data as LanguagePack;
  const { path, message } = describeIssues(result.error.issues, value);
  throw new UsageError(`${source}: ${path === '' ? '' : `${path}: `}${message}`, PACK_FLAG);
}

type Issue = z.core.$ZodIssue;
type Key = PropertyKey;

/**
 * The one problem to report: an unknown key before anything else (a misspelt key also
 * makes the intended key missing, and the misspelling is the thing to fix), otherwise
 * the first in the file's order.
 */
function describeIssues(issues: readonly Issue[], root: unknown): { path: string; message: string } {
  const unknown = issues.find((i) => i.code === 'unrecognized_keys');
  if (unknown && unknown.code === 'unrecognized_keys') {
    const key = unknown.keys[0] as string;
    const parent = unknown.path;
    const known = knownKeys(parent);
    const missing = known.filter((k) => valueAt(root, [...parent, k]) === undefined);
    const guess = closest(key, missing);
    const isRules = parent.length === 1 && (parent[0] === 'permute' || parent[0] === 'maskout');
    const what = isRules ? `unknown ${String(parent[0])} rule` : 'unknown key';
    const hint = guess !== null ? `; did you mean "${guess}"?` : `; expected ${isRules ? 'rules' : 'keys'}: ${known.join(', ')}`;
    return { path: formatPath([...parent, key]), message: `${what}${hint}` };
  }
  const issue = issues[0] as Issue;
  return { path: formatPath(issue.path), message: issueMessage(issue, valueAt(root, issue.path)) };
}

function issueMessage(issue: Issue, value: unknown): string {
  const path = issue.path;
  const isRule = path.length === 2 && (path[0] === 'permute' || path[0] === 'maskout');
  if (issue.code === 'invalid_type') {
    if (isRule) {
      if (value === undefined) return 'missing; give its sentences or null to switch the rule off';
      return `expected the rule's forms (many, optionally two and one) or null to switch it off, found ${describeValue(value)}`;
    }
    if (path.length === 1 && path[0] === 'primary') {
      if (value === null) return 'cannot be null: every pack needs sentences for the primary strategy';
      if (value === undefined) return 'missing; give the sentences of the primary strategy';
    }
    if (value === undefined) return 'missing';
    const found = describeValue(value);
    if (path.length === 1 && path[0] === 'version' && typeof value === 'number') return `expected a string, found ${found}; write it in quotes`;
    return `expected ${EXPECTED[issue.expected] ?? issue.expected}, found ${found}`;
  }
  if (issue.code === 'invalid_value') {
    return `expected ${issue.values.map((v) => JSON.stringify(v)).join(' or ')}, found ${typeof value === 'string' ? JSON.stringify(value) : describeValue(value)}`;
  }
  if (issue.code === 'invalid_format' && path.length === 1 && path[0] === 'name' && typeof value === 'string') {
    return `${issue.message}, found ${JSON.stringify(value)}`;
  }
  return issue.message;
}

const EXPECTED: Readonly<Record<string, string>> = {
  object: 'an object (keys and values)',
  string: 'a string',
  array: 'a list',
  tuple: 'a list of two strings',
  boolean: 'true or false',
  number: 'a number',
  int: 'a whole number',
};

/** `permute.random.many[2]` */
export function formatPath(path: readonly Key[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

function valueAt(root: unknown, path: readonly Key[]): unknown {
  let at: unknown = root;
  for (const key of path) {
    if (at === null || typeof at !== 'object') return undefined;
    at = Object.hasOwn(at, key) ? (at as Record<Key, unknown>)[key] : undefined;
  }
  return at;
}

/** The keys the schema knows for the object at a path. */
function knownKeys(path: readonly Key[]): string[] {
  let schema: z.ZodType = languagePackSchema;
  for (const key of [...path, null]) {
    for (;;) {
      if (schema instanceof z.ZodNullable || schema instanceof z.ZodOptional) schema = schema.unwrap() as z.ZodType;
      else break;
    }
    if (key === null) break;
    if (schema instanceof z.ZodArray) schema = schema.element as z.ZodType;
    else if (schema instanceof z.ZodObject) schema = (schema.shape as Record<string, z.ZodType>)[key as string] ?? z.never();
    else return [];
  }
  return schema instanceof z.ZodObject ? Object.keys(schema.shape) : [];
}

/** The candidate nearest the key, if it is close enough to be a slip of the keyboard. */
function closest(key: string, candidates: readonly string[]): string | null {
  let best: string | null = null;
  let bestDistance = Infinity;
  for (const c of candidates) {
    const d = distance(key.toLowerCase(), c.toLowerCase());
    if (d < bestDistance) [best, bestDistance] = [c, d];
  }
  return bestDistance <= Math.max(1, Math.floor(key.length / 3)) ? best : null;
}

function distance(a: string, b: string): number {
  let row = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const next = [i];
    for (let j = 1; j <= b.length; j++) {
      next[j] = Math.min((row[j] as number) + 1, (next[j - 1] as number) + 1, (row[j - 1] as number) + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    row = next;
  }
  return row[b.length] as number;
}
