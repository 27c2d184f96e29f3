import { isUtf8 } from 'node:buffer';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { describeInvalidUtf8, firstInvalidByte } from '../../src/io/utf8-check.js';

const bytes = (...b: number[]) => new Uint8Array(b);

describe('firstInvalidByte', () => {
  const cases: Array<[string, Uint8Array, number]> = [
    ['a stray continuation byte', bytes(0x61, 0x80, 0x62), 1],
    ['0xFF', bytes(0x61, 0x62, 0xff), 2],
    ['an overlong two-byte form (0xC0 0xAF)', bytes(0xc0, 0xaf), 0],
    ['an overlong three-byte form (0xE0 0x80 0xAF)', bytes(0x61, 0xe0, 0x80, 0xaf), 1],
    ['a UTF-16 surrogate (0xED 0xA0 0x80)', bytes(0xed, 0xa0, 0x80), 0],
    ['above U+10FFFF (0xF4 0x90 0x80 0x80)', bytes(0x61, 0xf4, 0x90, 0x80, 0x80), 1],
    ['a sequence cut short by ASCII', bytes(0xe2, 0x82, 0x61), 0],
    ['a sequence cut short by the end', bytes(0x61, 0xe2, 0x82), 1],
  ];
  for (const [what, input, at] of cases) {
    it(what, () => {
      expect(isUtf8(input)).toBe(false);
      expect(firstInvalidByte(input)).toBe(at);
    });
  }

  it('agrees with the native check: the bytes before the offset are valid, the sequence at it is not', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 40 }), (input) => {
        fc.pre(!isUtf8(input));
        const at = firstInvalidByte(input);
        expect(isUtf8(input.subarray(0, at))).toBe(true);
        // No valid sequence starts at `at`: none of its 1 to 4 byte prefixes is valid UTF-8 by itself.
        for (let n = 1; n <= 4 && at + n <= input.length; n++) expect(isUtf8(input.subarray(at, at + n))).toBe(false);
      }),
      { numRuns: 2000 },
    );
  });

  it('describes the place and the bytes found', () => {
    expect(describeInvalidUtf8(bytes(0x61, 0xff, 0x22), 'line')).toBe('expected a UTF-8 sequence at byte 2 of the line, found 0xFF 0x22');
  });
});
