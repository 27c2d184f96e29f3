/**
 * Pack files: the schema accepts the built-in English pack and the example pack, refuses
 * each kind of broken pack with one line naming the key at fault, the YAML dump reads
 * back as the same pack, and the file loader reports syntax errors with line and column.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { UsageError } from '../../src/errors.js';
import { builtInPacks } from '../../src/language/built-in.js';
import { ENGLISH } from '../../src/language/english.js';
import { loadPackFile, packToYaml } from '../../src/language/pack-file.js';
import { parsePack } from '../../src/language/pack-schema.js';

const EXAMPLE = fileURLToPath(new URL('../../examples/pack-plain.yaml', import.meta.url));

type Mutable = Record<string, any>;

/** A deep, writable copy of the English pack to break. */
function english(): Mutable {
  return structuredClone(ENGLISH) as unknown as Mutable;
}

/** The message parsePack refuses a pack with (failing the test if it accepts it). */
function refusal(pack: unknown): string {
  try {
    parsePack(pack, 'my-pack.yaml');
  } catch (error) {
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).flag).toBe('--templates');
    return (error as Error).message;
  }
  throw new Error('the pack was accepted');
}

describe('parsePack', () => {
  it('accepts every built-in pack as it is', () => {
    for (const pack of builtInPacks()) expect(parsePack(structuredClone(pack), pack.name)).toEqual(pack);
  });

  it('accepts rules switched off with null', () => {
    const pack = english();
    pack.permute.alpha = null;
    pack.maskout.longest = null;
    expect(parsePack(pack, 'x').permute.alpha).toBeNull();
  });

  it('accepts braces that are not placeholders', () => {
    const pack = english();
    pack.primary.many[0] = 'Answer the {count} instructions {where}; text like { and }, {1} or a lone { stays as it is.';
    expect(parsePack(pack, 'x').primary.many[0]).toContain('{ and }');
  });

  /** [what, how to break the English pack, the message after "my-pack.yaml: "]. */
  const BROKEN: ReadonlyArray<readonly [string, (p: Mutable) => void, string | RegExp]> = [
    ['a missing rule', (p) => delete p.maskout.longest, 'maskout.longest: missing; give its sentences or null to switch the rule off'],
    ['a misspelt rule', (p) => ((p.permute.revers = p.permute.reverse), delete p.permute.reverse), 'permute.revers: unknown permute rule; did you mean "reverse"?'],
    ['an unknown rule', (p) => (p.maskout.middle = null), /^maskout\.middle: unknown maskout rule; expected rules: random, longest/],
    ['a sentence dropping {sequence}', (p) => (p.permute.random.many[2] = 'Answer the {count} prompts {where} in a new order.'), 'permute.random.many[2]: the sentence must state {sequence}'],
    ['a maskout.random form dropping {list}', (p) => (p.maskout.random.one[0] = 'Skip one of them {where}.'), 'maskout.random.one[0]: the sentence must state {list}'],
    ['maskout.longest many without {n}', (p) => (p.maskout.longest.many[1] = 'Skip the longest {where}.'), 'maskout.longest.many[1]: the sentence must state {n}'],
    ['an unknown placeholder', (p) => (p.primary.many[0] = 'Answer the {cnt} instructions {where}.'), 'primary.many[0]: unknown placeholder {cnt}; allowed here: {count}, {where}'],
    ['a spaced placeholder', (p) => (p.primary.two[1] = 'Answer both { where }.'), 'primary.two[1]: write { where } as {where}, without spaces'],
    ['{n} in a rule without it', (p) => (p.permute.reverse.many[0] = 'Answer the {n} last ones {where} first.'), 'permute.reverse.many[0]: {n} is not filled in this sentence; allowed here: {count}, {where}'],
    ['{list} in odd', (p) => (p.maskout.odd.many[0] = 'Skip {list} {where}.'), /^maskout\.odd\.many\[0\]: \{list\} is not filled/],
    ['a label clause without {label}', (p) => (p.labelClauses.many[3] = 'Label each answer.'), 'labelClauses.many[3]: the sentence must state {label}'],
    ['a marker clause with {count}', (p) => (p.markerClauses.labelled[0] = 'Wrap the {count} answers in {open} and {close}.'), /^markerClauses\.labelled\[0\]: \{count\} is not filled/],
    ['a sentence with surrounding spaces', (p) => (p.permute.alpha.many[4] = ' Sort them {where}.'), 'permute.alpha.many[4]: the sentence starts or ends with whitespace'],
    ['a sentence with a line break', (p) => (p.permute.alpha.many[0] = 'Sort them\n{where}.'), /^permute\.alpha\.many\[0\]: the sentence holds a line break/],
    ['an empty many', (p) => (p.permute.words.many = []), 'permute.words.many: expected at least one sentence, found an empty list'],
    ['an empty two', (p) => (p.permute.words.two = []), 'permute.words.two: expected at least one sentence, found an empty list'],
    ['a form that is never used', (p) => (p.permute['odd-even'].two = ['Answer both {where}.']), /^permute\.odd-even\.two: never used/],
    ['a one form missing with plural true', (p) => delete p.maskout.shortest.one, /^maskout\.shortest\.one: missing; with plural: true/],
    ['numbering without {n}', (p) => (p.numbering[3].answer = 'Answer:'), 'numbering[3].answer: expected {n} in the label, found "Answer:"'],
    ['numbering with {n} twice', (p) => (p.numbering[0].instruction = '{n}/{n}. '), /^numbering\[0\]\.instruction: expected \{n\} once/],
    ['numbering ending in {n}', (p) => (p.numbering[1].instruction = 'Task {n}'), /^numbering\[1\]\.instruction: the label ends with \{n\}/],
    ['numbering with a digit after {n}', (p) => (p.numbering[1].answer = 'Answer {n} of 9:'), /^numbering\[1\]\.answer: after \{n\} the label must hold no digit/],
    ['no numbering', (p) => (p.numbering = []), 'numbering: expected 1 to 31 numbering styles, found none'],
    ['a separator without line breaks', (p) => (p.separators[1] = '---'), 'separators[1]: a separator must start and end with a line break ("\\n"), found "---"'],
    ['markers that are equal', (p) => (p.markers[2].close = p.markers[2].open), /^markers\[2\]\.close: the closing marker must differ/],
    ['an unknown script', (p) => (p.alphabetScripts = ['Latin', 'Elvish']), /^alphabetScripts\[1\]: unknown Unicode script "Elvish"/],
    ['a bad locale', (p) => (p.locale = 'english please'), /^locale: "english please" is not a BCP 47 locale tag/],
    ['an extra key', (p) => (p.author = 'me'), /^author: unknown key; expected keys: name, version/],
    ['an extra key in a form', (p) => (p.primary.three = ['x']), /^primary\.three: unknown key/],
    ['primary null', (p) => (p.primary = null), 'primary: cannot be null: every pack needs sentences for the primary strategy'],
    ['a version YAML read as a number', (p) => (p.version = 3), 'version: expected a string, found a number (3); write it in quotes'],
    ['a bad name', (p) => (p.name = 'My Pack'), /^name: expected a short name .*, found "My Pack"$/],
    ['a cut measure out of the list', (p) => (p.cutMeasure = 'lines'), 'cutMeasure: expected "words" or "chars", found "lines"'],
    ['an alphabet head too far', (p) => (p.alphabetHead.count = 50), 'alphabetHead.count: expected a whole number from 1 to 20, found 50'],
    ['one quote', (p) => (p.quotes = ['"']), 'quotes: expected two strings, the opening and the closing quote, found a list of 1'],
    ['a rule given as a string', (p) => (p.permute.chars = 'off'), /^permute\.chars: expected the rule's forms .* or null to switch it off, found a string$/],
  ];

  for (const [what, breakIt, expected] of BROKEN) {
    it(`refuses ${what}`, () => {
      const pack = english();
      breakIt(pack);
      const message = refusal(pack);
      expect(message).not.toContain('\n');
      expect(message.startsWith('my-pack.yaml: ')).toBe(true);
      const rest = message.slice('my-pack.yaml: '.length);
      if (typeof expected === 'string') expect(rest).toBe(expected);
      else expect(rest).toMatch(expected);
    });
  }

  it('refuses what is not a pack at all', () => {
    expect(refusal(null)).toMatch(/^my-pack\.yaml: empty/);
    expect(refusal([1, 2])).toBe('my-pack.yaml: expected a language pack (an object of keys and values), found an array');
  });
});

describe('packToYaml', () => {
  it('dumps each built-in pack as commented YAML that reads back as the same pack', () => {
    for (const pack of builtInPacks()) {
      const text = packToYaml(pack);
      expect(text.startsWith('# Language pack')).toBe(true);
      expect(text).toContain('# Placeholders');
      expect(parsePack(parseYaml(text), 'dump')).toEqual(pack);
    }
  });

  it('keeps switched-off rules and line breaks', () => {
    const pack = { ...ENGLISH, separators: ['\n\n', '\n\n~~~\n\n'], permute: { ...ENGLISH.permute, alpha: null } };
    const back = parsePack(parseYaml(packToYaml(pack)), 'dump');
    expect(back.permute.alpha).toBeNull();
    expect(back.separators).toEqual(['\n\n', '\n\n~~~\n\n']);
  });
});

describe('loadPackFile', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mosaic-it-pack-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const file = (name: string, text: string) => {
    const path = join(dir, name);
    writeFileSync(path, text);
    return path;
  };
  const failure = async (path: string): Promise<string> => {
    const error = await loadPackFile(path).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(UsageError);
    expect((error as UsageError).message).not.toContain('\n');
    return (error as UsageError).message;
  };

  it('reads the example pack, and YAML and JSON alike', async () => {
    const example = await loadPackFile(EXAMPLE);
    expect(example.pack.name).toBe('plain');
    expect(example.sha256).toMatch(/^[0-9a-f]{64}$/);
    const json = await loadPackFile(file('en.json', JSON.stringify(ENGLISH, null, 2)));
    const yaml = await loadPackFile(file('en.yml', packToYaml(ENGLISH)));
    expect(json.pack).toEqual(ENGLISH);
    expect(yaml.pack).toEqual(ENGLISH);
    expect(json.sha256).not.toBe(yaml.sha256);
  });

  it('every sentence of the example pack is its own, not the English one', async () => {
    const { pack } = await loadPackFile(EXAMPLE);
    const sentences = (p: typeof pack) =>
      [p.primary, ...Object.values(p.permute), ...Object.values(p.maskout)]
        .flatMap((f) => (f === null ? [] : [...(f.two ?? []), ...(f.one ?? []), ...f.many]))
        .concat(Object.values(p.labelClauses).flat(), Object.values(p.markerClauses).flat());
    const english = new Set(sentences(ENGLISH));
    expect(sentences(pack).filter((s) => english.has(s))).toEqual([]);
  });

  it('names the file and the place of a syntax error', async () => {
    expect(await failure(file('bad.yaml', 'name: en\nversion: [1\n'))).toMatch(/bad\.yaml:\d+:\d+: not valid YAML: /);
    expect(await failure(file('bad.json', '{\n  "name": "en",\n  "version": tru\n}\n'))).toMatch(/bad\.json:3:14: not valid JSON: /);
    expect(await failure(file('twice.json', '{\n  "name": "en",\n  "name": "fr"\n}\n'))).toMatch(/twice\.json:3:3: field "name" appears twice/);
  });

  it('names the key at fault in a file that parses', async () => {
    const text = packToYaml(ENGLISH).replace('Answer the {count} numbered instructions {where} in exactly this order: {sequence}.', 'Answer them {where} in the right order.');
    expect(await failure(file('seq.yaml', text))).toMatch(/seq\.yaml: permute\.random\.many\[0\]: the sentence must state \{sequence\}$/);
  });

  it('refuses a missing file or a folder with a usage error naming the path', async () => {
    expect(await failure(join(dir, 'nope.yaml'))).toBe(`cannot read "${join(dir, 'nope.yaml')}": no such file`);
    expect(await failure(dir)).toMatch(/: is a directory, expected a file$/);
  });
});
