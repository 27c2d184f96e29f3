import { describe, expect, it } from 'vitest';
import { DataError } from '../../src/errors.js';
import { baselineEpoch, checkSampleMosaics, indexSources, passCosts } from '../../src/inspect/baseline.js';
import type { PairLengths } from '../../src/inspect/read-lengths.js';
import { trainingCost } from '../../src/inspect/training-cost.js';

describe('trainingCost', () => {
  it('compares the mosaic set, trained once, with plain tuning for the baseline epochs', () => {
    const cost = trainingCost({
      mosaic: { samples: 7, tokens: 302, passes: [] },
      baselineSamplesPerEpoch: 10,
      baselineTokensPerEpoch: 89,
      baselineEpochs: 3,
    });
    // baseline: 10 * 3 = 30 samples, 89 * 3 = 267 tokens
    expect(cost.baseline).toEqual({ samplesPerEpoch: 10, tokensPerEpoch: 89, samples: 30, tokens: 267 });
    expect(cost.ratio.samples).toBeCloseTo(7 / 30, 12); // 0.2333
    expect(cost.ratio.tokens).toBeCloseTo(302 / 267, 12); // 1.1311: more tokens
    expect(cost.saving.samples).toBeCloseTo(23 / 30, 12); // 0.7667: 77% fewer samples
    expect(cost.saving.tokens).toBeCloseTo(-35 / 267, 12); // -0.1311: 13% more tokens
  });

  it('the paper-like case: 1000 pairs, 4 passes of ~5 pairs per mosaic, against 3 epochs', () => {
    // 4 passes * 1000 pairs / 5 per mosaic = 800 mosaics; 3 * 1000 = 3000 plain samples;
    // 800 / 3000 = 0.2667, a saving of 73.3%.
    const cost = trainingCost({ mosaic: { samples: 800, tokens: 0, passes: [] }, baselineSamplesPerEpoch: 1000, baselineTokensPerEpoch: null, baselineEpochs: 3 });
    expect(cost.saving.samples).toBeCloseTo(2200 / 3000, 12);
    expect(cost.baseline.tokens).toBeNull();
    expect(cost.ratio.tokens).toBeNull();
    expect(cost.saving.tokens).toBeNull();
  });

  it('refuses baseline epochs that are not a whole number >= 1', () => {
    const input = { mosaic: { samples: 1, tokens: 1, passes: [] }, baselineSamplesPerEpoch: 1, baselineTokensPerEpoch: 1 };
    expect(() => trainingCost({ ...input, baselineEpochs: 0 })).toThrow(RangeError);
    expect(() => trainingCost({ ...input, baselineEpochs: 1.5 })).toThrow(RangeError);
  });
});

describe('passCosts', () => {
  it('samples and tokens per meta.epoch, ascending', () => {
    const epochs = Float64Array.from([1, 0, 1, 0, 2]);
    const lengths = Float64Array.from([10, 20, 30, 40, 50]);
    expect(passCosts(epochs, lengths)).toEqual([
      { epoch: 0, samples: 2, tokens: 60 }, // 20 + 40
      { epoch: 1, samples: 2, tokens: 40 }, // 10 + 30
      { epoch: 2, samples: 1, tokens: 50 },
    ]);
  });
});

/** Sources as readPairLengths would give them: 4 records; record 1 skipped, record 2 split into 2 pairs. */
function sources(): PairLengths {
  const none = { 'multi-turn': 1, 'tool-use': 0, 'non-text': 0, 'no-answer': 0, 'turn-order': 0, preference: 0, 'kto-undesirable': 0 };
  return {
    formats: [{ file: 'in.jsonl', format: 'alpaca', detected: true }],
    records: 4,
    skipped: none,
    lengths: Float64Array.from([5, 7, 11, 13]),
    sources: Float64Array.from([0, 2, 2, 3]),
    rules: null,
    epochs: null,
    mix: null,
    usedSources: null,
    prompts: new Map([
      [0, ['alpha']],
      [2, ['beta', 'gamma']],
    ]),
    sampleMosaics: [],
  };
}

describe('baselineEpoch', () => {
  it('counts every pair of each used record once', () => {
    const index = indexSources(sources());
    // records 0 and 2: pairs 1 + 2 = 3; tokens 5 + (7 + 11) = 23
    expect(baselineEpoch(new Set([2, 0]), index, 'm.jsonl')).toEqual({ samples: 3, tokens: 23 });
    // all usable records: 4 pairs, 5 + 7 + 11 + 13 = 36 tokens
    expect(baselineEpoch(new Set([0, 2, 3]), index, 'm.jsonl')).toEqual({ samples: 4, tokens: 36 });
  });

  it('a source that is skipped or beyond the records is a data error naming the mosaic file', () => {
    const index = indexSources(sources());
    expect(() => baselineEpoch(new Set([1]), index, 'm.jsonl')).toThrow(/^m\.jsonl: meta\.sources names record 1, which gives no pair there/);
    expect(() => baselineEpoch(new Set([0, 4]), index, 'm.jsonl')).toThrow(/record 4, which is beyond their 4 records/);
    expect(() => baselineEpoch(new Set([9]), index, 'm.jsonl')).toThrow(DataError);
  });
});

describe('checkSampleMosaics', () => {
  const index = indexSources(sources());
  const location = { file: 'm.jsonl', line: 3 };

  it('accepts mosaics whose prompt holds a prompt of every source record', () => {
    expect(() => checkSampleMosaics([{ prompt: 'Do: gamma; alpha', sources: [2, 0], location }], index)).not.toThrow();
  });

  it('refuses a mosaic missing a source prompt, pointing at the mosaic', () => {
    expect(() => checkSampleMosaics([{ prompt: 'Do: alpha; delta', sources: [0, 2], location }], index)).toThrow(
      /^m\.jsonl:3: meta\.sources names record 2 of the --sources inputs, whose prompt this mosaic's prompt does not contain/,
    );
    expect(() => checkSampleMosaics([{ prompt: 'anything', sources: [1], location }], index)).toThrow(/record 1 of the --sources inputs, which is not a record with a pair/);
  });
});
