/**
 * What the README promises about the bundled example and the demo data: `npm run example`
 * works on a fresh checkout and its output is ignored by git; the figures quoted for the
 * demo are those a run gives today.
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ALPACA, augment, REPO_ROOT, runCli, useTempDirs } from '../helpers/e2e-cli.js';

const dir = useTempDirs();
const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');

describe('the bundled example', () => {
  it('npm run example writes into examples/out, which exists in a checkout, and git ignores what it writes', async () => {
    const script = (JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: { example: string } }).scripts.example;
    const args = script.replace(/^node bin\/mosaic-it\.js /, '').split(' ');
    expect(args).toContain('examples/out/mosaics.jsonl');
    const r = await runCli(args, { cwd: REPO_ROOT });
    expect(r.status, r.stderr).toBe(0);
    const ignored = spawnSync('git', ['check-ignore', '-q', 'examples/out/mosaics.jsonl'], { cwd: REPO_ROOT });
    expect(ignored.status, 'examples/out/mosaics.jsonl is git-ignored').toBe(0);
    const kept = spawnSync('git', ['check-ignore', '-q', 'examples/out/.gitignore'], { cwd: REPO_ROOT });
    expect(kept.status, 'examples/out/.gitignore itself is not ignored, so the folder is in every checkout').toBe(1);
  });
});

describe('the README figures for alpaca_en_demo.json (999 pairs, 4 passes, llama2)', () => {
  it('are those of a run today: the summary, the mosaic count and the cost against plain tuning', async () => {
    const out = join(dir(), 'mosaics.jsonl');
    const r = await augment([ALPACA], out, ['--meta']);
    expect(r.status, r.stderr).toBe(0);
    const [first, strategies] = r.stderr.split('\n');
    const summary = /^mosaic-it: (999 pairs -> \d+ mosaics) in /.exec(first ?? '')?.[1];
    expect(readme).toContain(`mosaic-it: ${summary} in out.jsonl`);
    expect(readme).toContain(strategies);

    const inspect = await runCli(['inspect', out, '--sources', ALPACA, '--json']);
    expect(inspect.status, inspect.stderr).toBe(0);
    type Cost = { mosaic: { samples: number; tokens: number }; baseline: { samples: number; tokens: number } };
    const cost = (JSON.parse(inspect.stdout.toString()) as { files: Array<{ cost: Cost }> }).files[0]?.cost;
    expect(cost).toBeDefined();
    if (!cost) return;
    const samples = cost.mosaic.samples;
    const fewer = Math.round(100 * (1 - samples / cost.baseline.samples));
    const more = Math.round(100 * (cost.mosaic.tokens / cost.baseline.tokens - 1));
    expect(readme).toContain(`that is ${samples} mosaic samples against ${cost.baseline.samples.toLocaleString('en-US')}, "${fewer}% fewer training samples`);
    expect(readme).toContain(`for ${more}% more tokens`);
  });
});
