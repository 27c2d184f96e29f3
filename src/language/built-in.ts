import { CHINESE } from './chinese.js';
import { ENGLISH } from './english.js';
import type { LanguagePack } from './pack.js';

/** The packs mosaic-it ships, in the order auto detection prefers them on a tie. */
export function builtInPacks(): readonly LanguagePack[] {
  return [ENGLISH, CHINESE];
}
