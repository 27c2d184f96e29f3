import { describe, expect, it } from 'vitest';
import { inspectDatasets } from '../../src/inspect/inspect.js';
import { readMeta } from '../../src/inspect/mosaic-meta.js';
import { approxCounter } from '../../src/tokens/approx.js';

import { MOSAIC_MIX, MOSAICS, PAIRS } from '../helpers/inspect-fixture.js';

// approx: a run of ASCII letters costs ceil(letters / 6); each digit, punctuation mark,
// newline or tab costs 1; spaces are free. Length of a pair = system + prompt + response.
//
// pairs.jsonl, record by record (prompt = instruction, plus "\n" + input when non-empty):
//  0 "Say hi" 2 | "Hi." 2                                              = 4
//  1 "Add 2 and 3" 4 | "5" 1                                           = 5
//  2 "Name a color" 3 | "Blue" 1                                       = 4
//  3 "Spell cat\nslowly" 4 | "c a t" 3                                 = 7
//  4 has "history": two exchanges, skipped (multi-turn)
//  5 "Translate bonjour" (9 letters: 2, 7 letters: 2) 4 | "Hello" 1    = 5
//  6 "Count to 5" 3 | "1, 2, 3, 4, 5." 5 digits + 4 commas + 1 period = 10 = 13
//  7 system "Be brief." 3 + "Why is the sky blue?" 6 | "Rayleigh scattering." 2 + 2 + 1 = 5 => 14
//  8 "List three primes" 3 | "2, 3, 5" 5                               = 8
//  9 "Give an antonym of hot" (antonym 7 letters: 2) 6 | "cold" 1      = 7
// 10 "Write a haiku about rain" 5 | "Soft rain on tin roofs" 5 + "\n" 1
//    + "the gutter hums all night" 5 + "\n" 1 + "morning smells of earth" 2+1+1+1 = 5 => 17 => 22
// lengths 4 5 4 7 5 13 14 8 7 22; sorted 4 4 5 5 7 7 8 13 14 22; total 89; mean 8.9
// nearest rank (n = 10): p50 = 5th = 7, p90 = 9th = 14, p95 = ceil(9.5) = 10th = 22, p99 = 22
// histogram, 10 bins: width ceil((22 - 4 + 1) / 10) = 2, starting at 4
const PAIRS_REPORT = {
  file: PAIRS,
  format: 'alpaca',
  formatDetected: true,
  records: 11,
  pairs: 10,
  skipped: { 'multi-turn': 1, 'tool-use': 0, 'non-text': 0, 'no-answer': 0, 'turn-order': 0, preference: 0, 'kto-undesirable': 0 },
  tokens: { count: 10, total: 89, min: 4, p50: 7, p90: 14, p95: 22, p99: 22, max: 22, mean: 8.9 },
  histogram: [
    { from: 4, to: 5, count: 4 },
    { from: 6, to: 7, count: 2 },
    { from: 8, to: 9, count: 1 },
    { from: 10, to: 11, count: 0 },
    { from: 12, to: 13, count: 1 },
    { from: 14, to: 15, count: 1 },
    { from: 16, to: 17, count: 0 },
    { from: 18, to: 19, count: 0 },
    { from: 20, to: 21, count: 0 },
    { from: 22, to: 22, count: 1 },
  ],
  mosaic: null,
  cost: null,
  // What the rule section holds is tested on data built for it in inspect-rules.test.ts.
  rules: expect.objectContaining({ groups: expect.any(Number) }),
};

// mosaics.jsonl, written by hand over pairs.jsonl (input is "", so prompt = instruction):
// 0 epoch 0, sources [0,1,2] primary:
//   "Answer each." 3, "\n" 1, "1. Say hi" 4, "\n" 1, "2. Add 2 and 3" 6, "\n" 1, "3. Name a color" 5 = 21
//   "1. Hi." 4, "\n" 1, "2. 5" 3, "\n" 1, "3. Blue" 3 = 12                                  => 33
// 1 epoch 0, sources [3,5] permute:reverse:
//   "Answer in reverse order." (reverse 7 letters: 2) 6, "\n" 1, "1. Spell cat" 4, "\n" 1,
//   "slowly" 1, "\n" 1, "2. Translate bonjour" 6 = 20; "2. Hello" 3, "\n" 1, "1. c a t" 5 = 9 => 29
// 2 epoch 0, sources [6,8,9,10] maskout:longest:
//   "Skip the longest task." 6, "1. Count to 5" 5, "2. List three primes" 5,
//   "3. Give an antonym of hot" 8, "4. Write a haiku about rain" 7, four "\n" 4 = 35
//   "1. 1, 2, 3, 4, 5." 12, "2. 2, 3, 5" 7, "3. cold" 3, two "\n" 2 = 24                 => 59
// 3 epoch 0, sources [7] primary: record 7 itself, with its system prompt               => 14
// 4 epoch 1, sources [10,9,8,6,5] format:
//   "Answer all, each in [brackets]." (brackets 8 letters: 2) 10, then 7 + 8 + 5 + 5 + 6
//   for the numbered prompts, five "\n" 5 = 46
//   "1. [" 3 + haiku 17 + "]" 1 = 21, "2. [cold]" 5, "3. [2, 3, 5]" 9, "4. [1, 2, 3, 4, 5.]" 14,
//   "5. [Hello]" 5, four "\n" 4 = 58                                                     => 104
// 5 epoch 1, sources [3,2,1,0] permute:alpha:
//   "Answer in alphabetical order." 6, "1. Spell cat" 4, "slowly" 1, "2. Name a color" 5,
//   "3. Add 2 and 3" 6, "4. Say hi" 4, five "\n" 5 = 31
//   "3. 5" 3, "2. Blue" 3, "4. Hi." 4, "1. c a t" 5, three "\n" 3 = 18                   => 49
// 6 epoch 1, sources [7] primary                                                        => 14
// lengths 33 29 59 14 104 49 14; sorted 14 14 29 33 49 59 104; total 302; mean 302 / 7
// nearest rank (n = 7): p50 = ceil(3.5) = 4th = 33; p90 = ceil(6.3) = 7th = 104; p95, p99 = 104
// histogram: width ceil((104 - 14 + 1) / 10) = 10, starting at 14
// k: 1 (mosaics 3, 6) 2 (1) 3 (0) 4 (2, 5) 5 (4) => 1:2, 2:1, 3:1, 4:2, 5:1
// passes: epoch 0 = 33 + 29 + 59 + 14 = 135 tokens in 4 samples; epoch 1 = 104 + 49 + 14 = 167 in 3
// sources used: 0 1 2 3 5 6 7 8 9 10 = 10 records, one pair each; their tokens are all of
// pairs.jsonl's: 89 per epoch. Baseline, 3 epochs: 30 samples, 267 tokens.
// ratios: samples 7 / 30; tokens 302 / 267. Saving: samples 23 / 30 (77%), tokens -35 / 267.

describe('inspectDatasets on the hand-written fixtures (approx)', () => {
  it('an input file: counts, stats, histogram; no mosaic section', async () => {
    const report = await inspectDatasets([PAIRS], { counter: approxCounter });
    expect(report.tokenizer).toEqual({ name: 'approx', exact: false });
    expect(report.baselineEpochs).toBe(3);
    expect(report.sources).toBeNull();
    expect(report.files).toEqual([PAIRS_REPORT]);
  });

  it('a mosaic file with --sources: stats, k, mixes and the exact cost', async () => {
    const report = await inspectDatasets([MOSAICS], { counter: approxCounter, sources: [PAIRS] });
    expect(report.files[0]?.rules, 'rules are tried on pair files, not on mosaics').toBeNull();
    expect(report.sources).toEqual({ files: [PAIRS], records: 11, pairs: 10 });
    const [file] = report.files;
    expect(file?.records).toBe(7);
    expect(file?.pairs).toBe(7);
    expect(file?.tokens).toEqual({ count: 7, total: 302, min: 14, p50: 33, p90: 104, p95: 104, p99: 104, max: 104, mean: 302 / 7 });
    expect(file?.histogram).toEqual([
      { from: 14, to: 23, count: 2 }, // 14 14
      { from: 24, to: 33, count: 2 }, // 29 33
      { from: 34, to: 43, count: 0 },
      { from: 44, to: 53, count: 1 }, // 49
      { from: 54, to: 63, count: 1 }, // 59
      { from: 64, to: 73, count: 0 },
      { from: 74, to: 83, count: 0 },
      { from: 84, to: 93, count: 0 },
      { from: 94, to: 103, count: 0 },
      { from: 104, to: 104, count: 1 },
    ]);
    expect(file?.mosaic).toEqual(MOSAIC_MIX);
    expect(file?.cost).toEqual({
      baselineEpochs: 3,
      mosaic: {
        samples: 7,
        tokens: 302,
        passes: [
          { epoch: 0, samples: 4, tokens: 135 },
          { epoch: 1, samples: 3, tokens: 167 },
        ],
      },
      baseline: { samplesPerEpoch: 10, tokensPerEpoch: 89, samples: 30, tokens: 267 },
      ratio: { samples: 7 / 30, tokens: 302 / 267 },
      saving: { samples: 1 - 7 / 30, tokens: 1 - 302 / 267 },
    });
  });

  it('without --sources the baseline has samples (distinct sources) but no tokens', async () => {
    const report = await inspectDatasets([MOSAICS], { counter: approxCounter, baselineEpochs: 5 });
    expect(report.sources).toBeNull();
    // 5 epochs of 10 pairs = 50 samples; 7 / 50
    expect(report.files[0]?.cost?.baseline).toEqual({ samplesPerEpoch: 10, tokensPerEpoch: null, samples: 50, tokens: null });
    expect(report.files[0]?.cost?.ratio).toEqual({ samples: 7 / 50, tokens: null });
  });

  it('each file is inspected on its own, in the order given', async () => {
    const report = await inspectDatasets([MOSAICS, PAIRS], { counter: approxCounter, sources: [PAIRS], bins: 4 });
    expect(report.files.map((f) => f.file)).toEqual([MOSAICS, PAIRS]);
    expect(report.files[1]?.records).toBe(11);
    // 4 bins over 4..22: width ceil(19 / 4) = 5
    expect(report.files[1]?.histogram.map((b) => b.count)).toEqual([7, 1, 1, 1]);
  });

  it('--multi-turn first reads the history record too: its first exchange, "Hello" 1 | "Hi there." 3, is 4', async () => {
    const report = await inspectDatasets([PAIRS], { counter: approxCounter, multiTurn: 'first' });
    expect(report.files[0]?.pairs).toBe(11);
    expect(report.files[0]?.tokens?.total).toBe(89 + 4);
  });
});

describe('readMeta', () => {
  const at = { file: 'm.jsonl', line: 2 };
  const meta = { epoch: 1, sources: [4, 0], strategy: 'permute', rule: 'reverse', order: [2, 1], masked: [], numbered: true, tokens: 9 };

  it('reads epoch, sources, strategy and rule', () => {
    expect(readMeta({ meta }, at)).toEqual({ epoch: 1, sources: [4, 0], strategy: 'permute', rule: 'reverse', lang: null });
    expect(readMeta({ meta: { ...meta, rule: null } }, at).rule).toBeNull();
    expect(readMeta({ meta: { ...meta, lang: 'zh' } }, at).lang).toBe('zh');
    expect(() => readMeta({ meta: { ...meta, lang: 3 } }, at)).toThrow(/field "meta\.lang": expected a language pack's name, found a number \(3\)/);
  });

  it.each([
    ['no meta', {}, /^m\.jsonl:2: field "meta": expected the object augment --meta writes/],
    ['an empty sources list', { meta: { ...meta, sources: [] } }, /field "meta\.sources": .* found an empty list/],
    ['a negative source', { meta: { ...meta, sources: [1, -1] } }, /field "meta\.sources": .* found a list holding a number \(-1\)/],
    ['a text epoch', { meta: { ...meta, epoch: '0' } }, /field "meta\.epoch": expected a whole number >= 0, found a string/],
    ['no strategy', { meta: { ...meta, strategy: undefined } }, /field "meta\.strategy"/],
    ['a numeric rule', { meta: { ...meta, rule: 3 } }, /field "meta\.rule"/],
  ])('%s is a data error naming the record and field', (_what, record, message) => {
    expect(() => readMeta(record, at)).toThrow(message);
  });
});
