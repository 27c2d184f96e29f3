import { createRequire } from 'node:module';

/** Why a reader could doubt an order (the rules' reasons of the same names). */
export type ReadingDoubt = 'readings' | 'too-close';

/**
 * Readings of alphabetical order that only some scripts need, beside the collator's. For
 * Han, the order is pinyin order, and the collator knows one reading per character while
 * a reader reads each word in context: 长城 is cháng chéng to a reader, and the collator
 * files 长 under zhǎng. pinyin-pro reads the whole text in context, so the order is
 * offered only where its syllables agree with the collator within the head. Keyed by
 * Unicode script name; a script without an entry needs no second reading.
 *
 * Each function gets two keys the collator puts in this order and how many characters
 * the order may take to decide; it returns null when the reading agrees.
 */
export const ALPHABET_READINGS: Readonly<Record<string, (a: string, b: string, head: number) => ReadingDoubt | null>> = {
  Han: comparePinyin,
};

function comparePinyin(a: string, b: string, head: number): ReadingDoubt | null {
  const ca = Array.from(a);
  const cb = Array.from(b);
  const ra = syllables(a);
  const rb = syllables(b);
  for (let i = 0; i < Math.min(head, ca.length, cb.length); i++) {
    if (ca[i] === cb[i]) continue;
    const x = ra[i] ?? '';
    const y = rb[i] ?? '';
    // The same syllable: only tone or strokes could decide, which a reader may not know.
    if (x === y) return 'too-close';
    return x < y ? null : 'readings';
  }
  return 'too-close';
}

/** Toneless syllables of a text read in context, one per character (others as they are). */
function syllables(text: string): string[] {
  return pinyinPro().pinyin(text, { toneType: 'none', type: 'array', v: true }).map((s) => s.toLowerCase());
}

/**
 * pinyin-pro and its dictionaries take tens of milliseconds to load, and only groups of
 * Han prompts ever ask for a reading: loaded on the first such question. The question is
 * asked synchronously, deep in rule checks, so the package's CommonJS build is required
 * (the same version and code as its ES build, which cannot be loaded synchronously).
 */
function pinyinPro(): typeof import('pinyin-pro') {
  pinyinModule ??= createRequire(import.meta.url)('pinyin-pro') as typeof import('pinyin-pro');
  return pinyinModule;
}
let pinyinModule: typeof import('pinyin-pro') | undefined;
