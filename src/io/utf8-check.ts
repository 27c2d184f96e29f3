/**
 * "expected a UTF-8 sequence at byte 31 of the line, found 0xFF 0x22 0x7D": where bytes
 * the native check rejected go wrong, for a message a person can act on.
 */
export function describeInvalidUtf8(bytes: Uint8Array, unit: string): string {
  const at = firstInvalidByte(bytes);
  const found = Array.from(bytes.subarray(at, at + 4), hexByte).join(' ');
  return `expected a UTF-8 sequence at byte ${at + 1} of the ${unit}, found ${found}`;
}

/**
 * Offset of the lead byte of the first sequence that is not UTF-8, by the same rules as
 * the native check (no overlong forms, no surrogates, nothing above U+10FFFF). Only run
 * on a line that check rejected.
 */
export function firstInvalidByte(bytes: Uint8Array): number {
  let i = 0;
  while (i < bytes.length) {
    const lead = bytes[i] as number;
    if (lead < 0x80) {
      i++;
      continue;
    }
    const extra = lead >= 0xc2 && lead <= 0xdf ? 1 : lead >= 0xe0 && lead <= 0xef ? 2 : lead >= 0xf0 && lead <= 0xf4 ? 3 : 0;
    if (extra === 0) return i;
    const low = lead === 0xe0 ? 0xa0 : lead === 0xf0 ? 0x90 : 0x80;
    const high = lead === 0xed ? 0x9f : lead === 0xf4 ? 0x8f : 0xbf;
    const second = bytes[i + 1];
    if (second === undefined || second < low || second > high) return i;
    for (let k = 2; k <= extra; k++) {
      const next = bytes[i + k];
      if (next === undefined || next < 0x80 || next > 0xbf) return i;
    }
    i += extra + 1;
  }
  return Math.max(0, bytes.length - 1);
}

function hexByte(byte: number): string {
  return `0x${byte.toString(16).toUpperCase().padStart(2, '0')}`;
}
