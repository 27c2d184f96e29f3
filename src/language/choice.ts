import { UsageError } from '../errors.js';
import { ENGLISH } from './english.js';
import type { LanguagePack } from './pack.js';

/**
 * Which pack speaks for each pair: one fixed pack (--lang en), or per pair the pack whose
 * scripts hold most of its prompt's letters (--lang auto). `packs[0]` is the fallback for
 * text no pack claims (digits only, an unclaimed script).
 */
export interface LanguageChoice {
  readonly packs: readonly LanguagePack[];
  /** Index into packs of the one pack every pair gets; null for auto. */
  readonly fixed: number | null;
}

export const ENGLISH_ONLY: LanguageChoice = { packs: [ENGLISH], fixed: 0 };

/**
 * The packs a run can speak: the built-in ones, each replaced by a user pack of the same
 * name, then the user packs with new names, in the order given. `lang` is "auto" or a
 * pack's name.
 */
export function chooseLanguages(lang: string, builtIn: readonly LanguagePack[], user: readonly LanguagePack[] = []): LanguageChoice {
  const packs = builtIn.map((b) => user.find((u) => u.name === b.name) ?? b);
  for (const u of user) if (!packs.includes(u)) packs.push(u);
  if (lang === 'auto') return { packs, fixed: null };
  const fixed = packs.findIndex((p) => p.name === lang);
  if (fixed < 0) throw new UsageError(`unknown language "${lang}"; accepted: auto, ${packs.map((p) => p.name).join(', ')}`, '--lang');
  return { packs, fixed };
}

const letters = /\p{L}/gu;
const scriptPatterns = new Map<string, RegExp>();
function scriptPattern(script: string): RegExp {
  let re = scriptPatterns.get(script);
  if (re === undefined) {
    re = new RegExp(`\\p{Script=${script}}`, 'gu');
    scriptPatterns.set(script, re);
  }
  return re;
}
const ASCII = /^[\x00-\x7f]*$/;

/** The index of the pack that speaks for a pair with this prompt. */
export function languageOf(prompt: string, choice: LanguageChoice): number {
  if (choice.fixed !== null) return choice.fixed;
  const { packs } = choice;
  if (packs.length === 1) return 0;
  // Most prompts are ASCII: only a pack claiming Latin can speak for their letters.
  if (ASCII.test(prompt)) {
    const latin = packs.findIndex((p) => p.scripts.includes('Latin'));
    return /[A-Za-z]/.test(prompt) && latin >= 0 ? latin : 0;
  }
  if ((prompt.match(letters)?.length ?? 0) === 0) return 0;
  let best = 0;
  let most = 0;
  packs.forEach((pack, i) => {
    let n = 0;
    for (const script of pack.scripts) n += prompt.match(scriptPattern(script))?.length ?? 0;
    if (n > most) {
      most = n;
      best = i;
    }
  });
  return best;
}
