/** The summary's fourth line: why allowed rules were not taken, most often first. */
import { describe, expect, it } from 'vitest';
import { describeUnavailable } from '../../src/cli/summary.js';

describe('describeUnavailable', () => {
  it('gives shares of the grouped mosaics, merging a rule with its twin of equal counts', () => {
    const line = describeUnavailable({
      grouped: 200,
      unavailable: {
        'permute:chars': { 'too-close': 100, ties: 20 },
        'permute:chars-desc': { ties: 20, 'too-close': 100 },
        'maskout:odd': { size: 50 },
        'permute:alpha': { readings: 2 },
      },
    });
    expect(line).toBe('unavailable in mosaics of 2+ pairs: permute:chars, chars-desc 60% (too-close 50%, ties 10%); maskout:odd 25% (size 25%); permute:alpha 1% (readings 1%)');
  });

  it('names three entries and counts the rest', () => {
    const unavailable = Object.fromEntries(['a', 'b', 'c', 'd', 'e'].map((r, i) => [`maskout:${r}`, { ties: 10 - i }]));
    expect(describeUnavailable({ grouped: 10, unavailable })).toMatch(/maskout:a 100% .*; maskout:c 80% \(ties 80%\); 2 more in --summary-json$/);
  });

  it('is null when nothing was unavailable or nothing was grouped', () => {
    expect(describeUnavailable({ grouped: 0, unavailable: { 'permute:alpha': { ties: 1 } } })).toBeNull();
    expect(describeUnavailable({ grouped: 5, unavailable: {} })).toBeNull();
  });
});
