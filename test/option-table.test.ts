import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import type { Command } from 'commander';
import { afterAll, describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { commandOf } from '../src/cli/command-table.js';
import { CONFIG_KEYS, loadConfig } from '../src/cli/config-file.js';
import { manifestOptions } from '../src/cli/manifest.js';
import { INVALID_POLICIES } from '../src/io/read-pairs.js';
import {
  configKeyOf,
  descriptionOf,
  flagOf,
  keysFor,
  MANIFEST_GROUPS,
  OPTION_GROUPS,
  OPTION_KEYS,
  OPTIONS,
  specOf,
  textOf,
  type OptionCommand,
  type OptionKey,
} from '../src/option-table.js';
import { valueSchema } from '../src/option-schemas.js';
import { augmentOptionsSchema, DEFAULTS, optionsSchema, resolveAugmentOptions } from '../src/options.js';
import { EQUAL_WEIGHTS } from '../src/preference/rejection.js';

const ctx = { stdin: new PassThrough(), stdout: new PassThrough(), stderr: new PassThrough(), env: {}, cwd: '.', signal: new AbortController().signal };
const COMMANDS: Readonly<Record<OptionCommand, Command>> = {
  augment: commandOf('augment', ctx),
  preview: commandOf('preview', ctx),
  inspect: commandOf('inspect', ctx),
  validate: commandOf('validate', ctx),
  check: commandOf('check', ctx),
  'eval build': commandOf('eval', ctx).commands.find((c) => c.name() === 'build') as Command,
  count: commandOf('count', ctx),
};

const resolved = await resolveAugmentOptions({ tokenizer: 'approx' });
const SOURCES = {
  resolved,
  reading: {},
  writing: { to: 'alpaca', container: 'jsonl', gzip: false, meta: false },
} as const;

const PREFERENCE_RUN = { ...SOURCES, writing: { ...SOURCES.writing, to: 'dpo', rejectWith: EQUAL_WEIGHTS } } as const;

const work = mkdtempSync(join(tmpdir(), 'mosaic-it-table-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

function shapeOf(schema: unknown): Record<string, z.ZodType> {
  return (schema as z.ZodObject).shape;
}

describe('every option of the table', () => {
  for (const key of OPTION_KEYS) {
    const spec = specOf(key);
    it(`${key}: a flag, a config key, a schema entry and a manifest rule`, () => {
      // The flag, on augment (which takes every option), under commander's attribute = the key.
      const option = COMMANDS.augment.options.find((o) => o.attributeName() === key);
      expect(option?.flags, `augment has ${key}`).toBe(spec.flags);
      expect(option?.long).toBe(flagOf(key));
      expect(option?.description).toBe(spec.description);
      // The config key: the long flag's name.
      expect(CONFIG_KEYS).toContain(configKeyOf(key));
      // The library's schema for its group holds it, and takes its default.
      expect(shapeOf(optionsSchema(spec.group))[key], `${spec.group} schema has ${key}`).toBeDefined();
      if ('default' in spec) expect(valueSchema(key).safeParse(spec.default).success, `${key}'s default`).toBe(true);
      // A manifest field, or why the option has none.
      const rule = spec.manifest;
      // Options of preference output give their fields only to preference runs.
      if ('fields' in rule) expect(Object.keys(rule.fields(SOURCES)).length + Object.keys(rule.fields(PREFERENCE_RUN)).length).toBeGreaterThan(0);
      else expect(rule.omitted.length).toBeGreaterThan(10);
    });
  }

  it('augment has no other flag than the table\'s (and --config)', () => {
    const attributes = COMMANDS.augment.options.map((o) => o.attributeName()).filter((a) => a !== 'config');
    expect(attributes).toEqual(keysFor('augment'));
  });

  it('each command takes the options the table gives it, with the same flag and default, and the help the table gives it', () => {
    for (const [name, command] of Object.entries(COMMANDS) as Array<[OptionCommand, Command]>) {
      const fromTable = command.options.filter((o) => (OPTION_KEYS as string[]).includes(o.attributeName()));
      expect(fromTable.map((o) => o.attributeName()), name).toEqual(keysFor(name));
      for (const option of fromTable) {
        const key = option.attributeName() as OptionKey;
        const mine = COMMANDS.augment.options.find((o) => o.attributeName() === key);
        expect([option.flags, option.defaultValue, option.argChoices]).toEqual([mine?.flags, mine?.defaultValue, mine?.argChoices]);
        // augment's help unless the table words it for this command.
        expect(option.description, `${name} ${key}`).toBe(descriptionOf(key, name));
        if (specOf(key).descriptionFor?.[name] === undefined) expect(option.description).toBe(mine?.description);
      }
    }
    // preview shows what augment would write: it reads and builds with every one of augment's read and build flags.
    expect(keysFor('preview')).toEqual([...keysFor('augment')].filter((k) => ['read', 'build'].includes(specOf(k).group)));
    // count reads as augment reads: a counts file is made from the very pairs augment will read.
    expect(keysFor('count').filter((k) => specOf(k).group === 'read')).toEqual(keysFor('augment').filter((k) => specOf(k).group === 'read'));
  });

  it('--on-invalid offers the policies reading knows', () => {
    expect(OPTIONS.onInvalid.choices).toEqual(INVALID_POLICIES);
  });

  it('the build group is what resolveAugmentOptions takes (and onNotice)', () => {
    expect(Object.keys(augmentOptionsSchema.shape)).toEqual([...keysFor('augment').filter((k) => specOf(k).group === 'build'), 'onNotice']);
    expect(Object.keys(DEFAULTS)).toEqual(Object.keys(augmentOptionsSchema.shape).filter((k) => 'default' in (OPTIONS[k as OptionKey] ?? {})));
  });

  it('defaults are shown as the flag would be typed, and read back to the same value', () => {
    for (const key of OPTION_KEYS) {
      const spec = specOf(key);
      if (!('default' in spec) || typeof spec.default === 'boolean') continue;
      const option = COMMANDS.augment.options.find((o) => o.attributeName() === key);
      expect(option?.defaultValue, key).toBe(textOf(spec.default));
      const back = spec.fromText ? spec.fromText(String(textOf(spec.default)), key) : textOf(spec.default);
      expect(back, key).toEqual(spec.default);
    }
  });

  it('a manifest holds the fields of every option that has some, build then read then output', () => {
    expect([...MANIFEST_GROUPS].sort()).toEqual([...OPTION_GROUPS].sort());
    // The order is the manifest's byte layout: the same run gives the same manifest as before the table.
    expect(Object.keys(manifestOptions({ ...SOURCES, options: resolved }))).toEqual([
      'seed',
      'epochs',
      'maxK',
      'kDist',
      'maxTokens',
      'tokenizer',
      'chatTemplate',
      'strategies',
      'permuteRules',
      'maskoutRules',
      'lang',
      'packs',
      'format',
      'map',
      'multiTurn',
      'onInvalid',
      'preference',
      'ktoUndesirable',
      'to',
      'outputFormat',
      'compression',
      'meta',
      'shard',
    ]);
    const fields = OPTION_KEYS.flatMap((key) => {
      const rule = specOf(key).manifest;
      return 'fields' in rule ? Object.keys(rule.fields(SOURCES)) : [];
    });
    expect(new Set(fields).size).toBe(fields.length);
  });

  it('a config file may set every option, each by its long flag name, to what the flag would hold', async () => {
    const settings: Record<string, unknown> = {};
    for (const key of OPTION_KEYS) {
      const spec = specOf(key);
      const value = 'default' in spec ? spec.default : (SAMPLES as Record<string, unknown>)[key];
      expect(value, `a sample value for ${key}`).toBeDefined();
      settings[configKeyOf(key)] = value;
    }
    const file = join(work, 'all.json');
    writeFileSync(file, JSON.stringify(settings));
    const { values } = await loadConfig(file);
    expect([...values.keys()]).toEqual(keysFor('augment'));
    expect(values.get('maxK')).toBe('10');
    expect(values.get('strategies')).toBe('primary,format,permute,maskout');
    expect(values.get('templates')).toEqual(['pack.yaml']);
    expect(values.get('shard')).toBe('0/2');
  });
});

/** A valid config value for each option without a default. */
const SAMPLES = {
  output: 'out.jsonl',
  to: 'alpaca',
  outputFormat: 'jsonl',
  datasetInfo: 'dataset_info.json',
  meta: true,
  manifest: 'manifest.json',
  summaryJson: 'summary.json',
  rejects: 'rejects.jsonl',
  shard: '0/2',
  format: 'alpaca',
  map: { prompt: 'question' },
  chatTemplate: false,
  templates: ['pack.yaml'],
  threads: 2,
  memory: '512M',
  counts: 'data.counts',
  quiet: true,
} satisfies Partial<Record<OptionKey, unknown>>;
