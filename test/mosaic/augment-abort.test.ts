import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { readDataset } from '../../src/io/read-pairs.js';
import { Augmentation } from '../../src/mosaic/augment.js';
import { resolveAugmentOptions } from '../../src/options.js';
import type { Mosaic, Pair } from '../../src/types.js';

const work = mkdtempSync(join(tmpdir(), 'mosaic-it-abort-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

const pairs: Pair[] = Array.from({ length: 20_000 }, (_, i) => ({ source: i, prompt: `Question ${i}?`, response: `Answer ${i}.` }));

describe('an abort signal stops the library between records, slices and mosaics', () => {
  it('readDataset stops reading', async () => {
    const path = join(work, 'in.jsonl');
    writeFileSync(path, pairs.map((p) => `${JSON.stringify({ instruction: p.prompt, output: p.response })}\n`).join(''));
    const controller = new AbortController();
    let seen = 0;
    const reading = readDataset([path], {
      signal: controller.signal,
      onProgress: (p) => {
        seen = p.records;
        if (p.records >= 4096) controller.abort(new Error('stop'));
      },
    });
    await expect(reading).rejects.toThrow('stop');
    expect(seen).toBeLessThan(pairs.length);
  });

  it('an Augmentation stops while counting and while building', async () => {
    const options = await resolveAugmentOptions({ tokenizer: 'approx' });
    for (const phase of ['count', 'build'] as const) {
      const controller = new AbortController();
      const run = new Augmentation(pairs, options, {
        signal: controller.signal,
        onProgress: (p) => {
          if (p.phase === phase) controller.abort(new Error(`stopped in ${phase}`));
        },
      });
      const got: Mosaic[] = [];
      const iterate = async () => {
        for await (const m of run) got.push(m);
      };
      await expect(iterate()).rejects.toThrow(`stopped in ${phase}`);
      expect(got.length).toBeLessThanOrEqual(1);
    }
  });
});
