import { beforeAll, describe, expect, it } from 'vitest';
import { verifyMosaic } from '../../src/check/verify-mosaic.js';
import { datasetInfoEntry } from '../../src/formats/dataset-info.js';
import { mosaicToRecord } from '../../src/formats/output.js';
import type { DpoRecord, DpoShareGptRecord, RejectionSettings } from '../../src/formats/preference-output.js';
import { readPairs } from '../../src/io/read-pairs.js';
import { ENGLISH } from '../../src/language/english.js';
import { augment } from '../../src/mosaic/augment.js';
import { EQUAL_WEIGHTS, REJECTION_KINDS, rejectedResponse, validRejection, type Rejection } from '../../src/preference/rejection.js';
import type { Mosaic, Pair } from '../../src/types.js';

const ALPACA = new URL('../../../shared/data/alpaca_en_demo.json', import.meta.url).pathname;

let pairs: Pair[];
let mosaics: Mosaic[];
beforeAll(async () => {
  pairs = await readPairs([ALPACA]);
  const run = await augment(pairs, { tokenizer: 'approx', epochs: 2, seed: 11 });
  mosaics = [];
  for await (const m of run) mosaics.push(m);
});

const sourcesOf = (m: Mosaic) => {
  const ps = m.meta.sources.map((s) => pairs.find((p) => p.source === s) as Pair);
  return { prompts: ps.map((p) => p.prompt), responses: ps.map((p) => p.response), system: ps[0]?.system };
};
const settings = (weights = EQUAL_WEIGHTS): RejectionSettings => ({ seed: 11, weights });

describe('preference pairs from mosaics', () => {
  it('every chosen response is true, every rejected one false, and rebuilt exactly from meta.rejected', () => {
    const kinds = new Map<string, number>();
    let written = 0;
    for (const m of mosaics) {
      const record = mosaicToRecord('dpo', m, { withMeta: true, rejections: settings() }) as DpoRecord | null;
      const sources = sourcesOf(m);
      if (record === null) {
        // Only a single plain pair has nothing to break.
        expect(m.meta.sources.length === 1 && m.meta.strategy === 'primary').toBe(true);
        continue;
      }
      written++;
      const rejection = record.meta?.rejected as Rejection;
      kinds.set(rejection.kind, (kinds.get(rejection.kind) ?? 0) + 1);
      expect(record.chosen).toBe(m.response);
      expect(verifyMosaic({ prompt: record.instruction, response: record.chosen, meta: m.meta }, sources, ENGLISH).ok).toBe(true);
      const rejected = verifyMosaic({ prompt: record.instruction, response: record.rejected, meta: m.meta }, sources, ENGLISH);
      expect(rejected.ok, `${rejection.kind} ${JSON.stringify(m.meta)}`).toBe(false);
      const composition = m.parts?.composition;
      if (!composition) throw new Error('mosaic without parts');
      expect(validRejection(rejection, composition, sources.responses)).toBe(true);
      expect(rejectedResponse(sources.responses, composition, rejection)).toBe(record.rejected);
    }
    expect(written).toBeGreaterThan(mosaics.length * 0.9);
    expect([...kinds.keys()].sort()).toEqual([...REJECTION_KINDS].sort());
  });

  it('draws only the kinds given weight', () => {
    const weights = { order: 0, masked: 1, label: 0, marker: 0, missing: 0 };
    const records = mosaics.map((m) => mosaicToRecord('dpo', m, { withMeta: true, rejections: settings(weights) }) as DpoRecord | null);
    const kept = records.filter((r): r is DpoRecord => r !== null);
    expect(kept.length).toBe(mosaics.filter((m) => m.meta.masked.length > 0).length);
    expect(kept.every((r) => r.meta?.rejected.kind === 'masked')).toBe(true);
  });

  it('is the same for the same seed, and differs for another', () => {
    const draw = (seed: number) => mosaics.map((m) => JSON.stringify(mosaicToRecord('dpo', m, { withMeta: true, rejections: { seed, weights: EQUAL_WEIGHTS } })));
    expect(draw(11)).toEqual(draw(11));
    expect(draw(11)).not.toEqual(draw(12));
  });

  it("writes LLaMA-Factory's sharegpt ranking layout and TRL's layouts", () => {
    const m = mosaics.find((x) => x.meta.sources.length > 2) as Mosaic;
    const sharegpt = mosaicToRecord('dpo-sharegpt', m, { withMeta: false, rejections: settings() }) as DpoShareGptRecord;
    expect(Object.keys(sharegpt)).toEqual(['conversations', 'chosen', 'rejected']);
    expect(sharegpt.conversations).toEqual([{ from: 'human', value: m.prompt }]);
    expect(sharegpt.chosen).toEqual({ from: 'gpt', value: m.response });
    expect(sharegpt.rejected.from).toBe('gpt');
    const trl = mosaicToRecord('dpo-trl', m, { withMeta: false, rejections: settings() });
    expect(Object.keys(trl ?? {})).toEqual(['prompt', 'chosen', 'rejected']);
    const withSystem = { ...m, system: 'Be brief.' };
    const conversational = mosaicToRecord('dpo-trl', withSystem, { withMeta: false, conversational: true, rejections: settings() }) as unknown as {
      prompt: unknown[];
      chosen: unknown[];
    };
    expect(conversational.prompt).toEqual([
      { role: 'system', content: 'Be brief.' },
      { role: 'user', content: m.prompt },
    ]);
    expect(conversational.chosen).toEqual([{ role: 'assistant', content: m.response }]);
  });

  it('gives LLaMA-Factory ranking entries, and refuses one for the TRL layout', () => {
    expect(datasetInfoEntry('dpo', 'x.jsonl', { hasSystem: true, conversationalPromptCompletion: false })).toEqual({
      file_name: 'x.jsonl',
      formatting: 'alpaca',
      ranking: true,
      columns: { prompt: 'instruction', query: 'input', chosen: 'chosen', rejected: 'rejected', system: 'system' },
    });
    expect(datasetInfoEntry('dpo-sharegpt', 'x.jsonl', { hasSystem: false, conversationalPromptCompletion: false })).toMatchObject({
      formatting: 'sharegpt',
      ranking: true,
      columns: { messages: 'conversations', chosen: 'chosen', rejected: 'rejected' },
    });
    expect(() => datasetInfoEntry('dpo-trl', 'x.jsonl', { hasSystem: false, conversationalPromptCompletion: false })).toThrow(/TRL/);
  });
});
