/**
 * `mosaic-it templates`: dumps a built-in pack as YAML (stdout or a file) and checks pack
 * files.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { ENGLISH } from '../../src/language/english.js';
import { parsePack } from '../../src/language/pack-schema.js';
import { REPO_ROOT, runCli, STACK_FRAME, stderrLines, useTempDirs, writeFixture } from '../helpers/e2e-cli.js';

const dir = useTempDirs();

describe('mosaic-it templates', () => {
  it('prints the English pack as YAML that reads back as the pack, and -o writes the same bytes to a file', async () => {
    const printed = await runCli(['templates']);
    expect(printed.status, printed.stderr).toBe(0);
    expect(printed.stderr).toBe('');
    const text = printed.stdout.toString('utf8');
    expect(parsePack(parseYaml(text), 'stdout')).toEqual(ENGLISH);

    const work = dir();
    const out = join(work, 'my-pack.yaml');
    const written = await runCli(['templates', '--lang', 'en', '-o', out]);
    expect(written.status, written.stderr).toBe(0);
    expect(written.stdout.length).toBe(0);
    expect(readFileSync(out, 'utf8')).toBe(text);
    expect(readdirSync(work), 'no temporary file left beside it').toEqual(['my-pack.yaml']);
  });

  it('--check accepts the example pack', async () => {
    const r = await runCli(['templates', '--check', 'examples/pack-plain.yaml']);
    expect(r.status, r.stderr).toBe(0);
    expect(r.stdout.toString()).toBe('examples/pack-plain.yaml: valid pack "plain" (version 1)\n');
  });

  it('--check refuses a broken pack with one line naming the key: exit 2, no stack trace', async () => {
    const work = dir();
    const text = readFileSync(join(REPO_ROOT, 'examples/pack-plain.yaml'), 'utf8').replace('in the order {sequence}.', 'in a new order.');
    const path = writeFixture(work, 'broken.yaml', text);
    const r = await runCli(['templates', '--check', path]);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stdout.length).toBe(0);
    expect(r.stderr).not.toMatch(STACK_FRAME);
    const lines = stderrLines(r.stderr);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toBe(`mosaic-it: --check: ${path}: permute.random.many[1]: the sentence must state {sequence}`);
  });

  it('an unknown --lang is a usage error naming the flag and the packs accepted', async () => {
    const r = await runCli(['templates', '--lang', 'xx']);
    expect(r.status, r.stderr).toBe(2);
    expect(r.stdout.length).toBe(0);
    expect(stderrLines(r.stderr)).toEqual(['mosaic-it: --lang: no built-in pack "xx"; accepted: en, zh']);
  });
});
