import { CHINESE } from './chinese.js';
import { ENGLISH } from './english.js';
import type { LanguagePack } from './pack.js';

/** The packs that ship with mosaic-it, by --lang name: `mosaic-it templates --lang <name>` dumps one to edit. */
export function builtInPacks(): readonly LanguagePack[] {
  return BUILT_IN;
}

const BUILT_IN: readonly LanguagePack[] = [ENGLISH, CHINESE];
