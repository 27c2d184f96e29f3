import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALPACA, augment, REPO_ROOT, runCli, STACK_FRAME, stderrLines, useTempDirs } from '../helpers/e2e-cli.js';

const dir = useTempDirs();

const FLAGS = ['--seed', '7', '--max-k', '5', '--epochs', '2', '--strategies', 'primary=1,reverse=2,maskout', '--maskout-rules', 'odd,even', '--tokenizer', 'approx', '--meta'];

describe('--config', () => {
  it('a YAML file and a JSON file give the same bytes as the same flags', async () => {
    const d = dir();
    const byFlags = join(d, 'flags.jsonl');
    expect((await augment([ALPACA], byFlags, FLAGS)).status).toBe(0);

    writeFileSync(
      join(d, 'build.yaml'),
      [
        `inputs: [${JSON.stringify(ALPACA)}]`,
        `output: ${JSON.stringify(join(d, 'yaml.jsonl'))}`,
        'seed: 7',
        'max-k: 5',
        'epochs: "2"',
        'strategies: {primary: 1, reverse: 2, maskout: 1}',
        'maskout-rules: [odd, even]',
        'tokenizer: approx',
        'meta: true',
        '',
      ].join('\n'),
    );
    const yaml = await runCli(['augment', '--config', join(d, 'build.yaml')]);
    expect(yaml.status, yaml.stderr).toBe(0);

    writeFileSync(
      join(d, 'build.json'),
      JSON.stringify({ seed: 7, 'max-k': 5, epochs: 2, strategies: 'primary=1,reverse=2,maskout', 'maskout-rules': 'odd,even', tokenizer: 'approx', meta: true }),
    );
    const json = await runCli(['augment', ALPACA, '-o', join(d, 'json.jsonl'), '--config', join(d, 'build.json')]);
    expect(json.status, json.stderr).toBe(0);

    const expected = readFileSync(byFlags);
    expect(readFileSync(join(d, 'yaml.jsonl')).equals(expected)).toBe(true);
    expect(readFileSync(join(d, 'json.jsonl')).equals(expected)).toBe(true);
  });

  it('flags given on the command line override the file, and the file overrides defaults', async () => {
    const d = dir();
    writeFileSync(join(d, 'c.yaml'), 'seed: 7\nmax-k: 3\ntokenizer: approx\nmeta: true\n');
    const r = await runCli(['augment', ALPACA, '-o', join(d, 'a.jsonl'), '--config', join(d, 'c.yaml'), '--seed', '9']);
    expect(r.status, r.stderr).toBe(0);
    expect((await augment([ALPACA], join(d, 'b.jsonl'), ['--seed', '9', '--max-k', '3', '--tokenizer', 'approx', '--meta'])).status).toBe(0);
    expect(readFileSync(join(d, 'a.jsonl')).equals(readFileSync(join(d, 'b.jsonl')))).toBe(true);
    expect(stderrLines(r.stderr)[0]).toContain('seed 9');
  });

  const bad: Array<[string, string, RegExp]> = [
    ['an unknown key', 'mak-k: 3\n', /c\.yaml: unknown key "mak-k"/],
    ['a camelCase key', 'maxTokens: 100\n', /unknown key "maxTokens"/],
    ['a value below the minimum', 'max-k: 0\n', /c\.yaml: "max-k": expected at least 1, found 0/],
    ['a fraction', 'epochs: 1.5\n', /"epochs": expected a whole number, found 1\.5/],
    ['a string where a number goes', 'max-tokens: lots\n', /"max-tokens": expected a whole number, found "lots"/],
    ['an unknown choice', 'k-dist: zipf\n', /"k-dist": expected one of uniform,/],
    ['a wrong type', 'meta: "yes"\n', /"meta": /],
    ['a list of the wrong things', 'inputs: [1, 2]\n', /"inputs": /],
    ['a duplicate key', 'seed: 1\nseed: 2\n', /c\.yaml:2:1: not valid YAML: Map keys must be unique/],
    ['broken YAML', 'max-k: [3\n', /c\.yaml:\d+:\d+: not valid YAML/],
    ['not a mapping', '- seed\n', /c\.yaml: expected a mapping of option names to values/],
  ];

  it('a JSON config names the line and column of a syntax error and of a key given twice', async () => {
    const d = dir();
    for (const [text, message] of [
      ['{\n  "seed": 1,\n  "epochs": tru\n}\n', /c\.json:3:13: not valid JSON/],
      ['{\n  "seed": 1,\n  "seed": 2\n}\n', /c\.json:3:\d+: .*"seed".*twice/],
    ] as const) {
      writeFileSync(join(d, 'c.json'), text);
      const r = await runCli(['augment', ALPACA, '-o', join(d, 'out.jsonl'), '--config', join(d, 'c.json')]);
      expect(r.status).toBe(2);
      expect(stderrLines(r.stderr)).toHaveLength(1);
      expect(r.stderr).toMatch(message);
    }
  });
  for (const [what, text, message] of bad) {
    it(`${what} is a usage error naming the key (exit 2), before any file is written`, async () => {
      const d = dir();
      writeFileSync(join(d, 'c.yaml'), text);
      const out = join(d, 'out.jsonl');
      const r = await runCli(['augment', ALPACA, '-o', out, '--config', join(d, 'c.yaml')]);
      expect(r.status).toBe(2);
      expect(stderrLines(r.stderr)).toHaveLength(1);
      expect(r.stderr).toMatch(/^mosaic-it: --config: /);
      expect(r.stderr).toMatch(message);
      expect(r.stderr).not.toMatch(STACK_FRAME);
      expect(() => readFileSync(out)).toThrow();
    });
  }

  it('the bundled examples/build.yaml is a valid config (outputs moved to a temp folder)', async () => {
    const d = dir();
    const r = await runCli([
      'augment',
      '--config',
      'examples/build.yaml',
      '-o',
      join(d, 'm.jsonl'),
      '--manifest',
      join(d, 'manifest.json'),
      '--summary-json',
      join(d, 'summary.json'),
    ]);
    expect(r.status, r.stderr).toBe(0);
    const manifest = JSON.parse(readFileSync(join(d, 'manifest.json'), 'utf8'));
    expect(manifest.options).toMatchObject({ seed: 7, maxK: 5, maxTokens: 1024, strategies: { primary: 1, format: 1, permute: 2, maskout: 1 }, meta: true });
    expect(manifest.inputs.map((i: { path: string }) => i.path)).toEqual(['examples/pairs.jsonl']);
  });

  it('relative paths are taken from the working folder: the config file, its inputs, the output and the side files', async () => {
    const d = dir();
    writeFileSync(join(d, 'in.jsonl'), readFileSync(join(REPO_ROOT, 'examples', 'pairs.jsonl')));
    writeFileSync(join(d, 'c.yaml'), 'inputs: [in.jsonl]\noutput: out.jsonl\ntokenizer: approx\nmanifest: m.json\nsummary-json: s.json\n');
    const r = await runCli(['augment', '--config', 'c.yaml', '-q'], { cwd: d });
    expect(r.status, r.stderr).toBe(0);
    expect(readdirSync(d).sort()).toEqual(['c.yaml', 'in.jsonl', 'm.json', 'out.jsonl', 's.json']);
    const manifest = JSON.parse(readFileSync(join(d, 'm.json'), 'utf8')) as { inputs: Array<{ path: string }>; output: { path: string } };
    // Named as given, as a run started in that folder names them.
    expect(manifest.inputs.map((i) => i.path)).toEqual(['in.jsonl']);
    expect(manifest.output.path).toBe('out.jsonl');
    const missing = await runCli(['augment', '--config', 'none.yaml'], { cwd: d });
    expect(missing.status).toBe(2);
    expect(stderrLines(missing.stderr)).toEqual(['mosaic-it: --config: cannot read "none.yaml": no such file']);
  });

  it('a missing config file is a usage error', async () => {
    const r = await runCli(['augment', ALPACA, '-o', join(dir(), 'o.jsonl'), '--config', join(dir(), 'none.yaml')]);
    expect(r.status).toBe(2);
    expect(r.stderr).toMatch(/--config: cannot read ".*none\.yaml": no such file/);
  });

  it('without inputs or output in either place, names what is missing', async () => {
    const d = dir();
    writeFileSync(join(d, 'c.yaml'), 'seed: 3\n');
    const noOutput = await runCli(['augment', ALPACA, '--config', join(d, 'c.yaml')]);
    expect(noOutput.status).toBe(2);
    expect(noOutput.stderr).toContain('--output');
    const noInput = await runCli(['augment', '-o', join(d, 'o.jsonl'), '--config', join(d, 'c.yaml')]);
    expect(noInput.status).toBe(2);
    expect(noInput.stderr).toContain('no input given');
  });
});
