/**
 * Every rule sentence of a language pack, filled for every sample it can be chosen for:
 * k = 2..10 (from the rule's minK), every skip count maskCount can draw (odd/even fix
 * their own), the instructions below and above. The pack tests read each one as a person
 * of that language would.
 */
import { fillSentence, type FillValues } from '../../src/language/fill.js';
import { formFor, type Forms, type LanguagePack } from '../../src/language/pack.js';
import { MASKOUT } from '../../src/strategies/maskout.js';
import { PERMUTE } from '../../src/strategies/permute.js';
import { MASKOUT_RULES, PERMUTE_RULES } from '../../src/types.js';

export interface FilledSentence {
  /** "primary", "permute:alpha", "maskout:longest". */
  readonly what: string;
  readonly strategy: string;
  readonly rule: string | undefined;
  readonly k: number;
  /** Instructions skipped, for maskout. */
  readonly n: number | undefined;
  readonly template: string;
  readonly values: FillValues;
  readonly text: string;
}

/** The pack's Forms by strategy and rule, the switched-off rules left out. */
export function allForms(pack: LanguagePack): Array<[string, Forms]> {
  const out: Array<[string, Forms]> = [['primary', pack.primary]];
  for (const rule of PERMUTE_RULES) {
    const forms = pack.permute[rule];
    if (forms) out.push([`permute:${rule}`, forms]);
  }
  for (const rule of MASKOUT_RULES) {
    const forms = pack.maskout[rule];
    if (forms) out.push([`maskout:${rule}`, forms]);
  }
  return out;
}

/**
 * The skip list is the last n numbers, not simply 1..n, so a sentence that quotes a wrong
 * list cannot pass by accident; the sequence is k..1.
 */
export function* filledSentences(pack: LanguagePack): Generator<FilledSentence> {
  for (const [what, forms] of allForms(pack)) {
    const [strategy = what, rule] = what.split(':');
    for (let k = 2; k <= 10; k++) {
      const spec = strategy === 'permute' ? PERMUTE[rule as keyof typeof PERMUTE] : strategy === 'maskout' ? MASKOUT[rule as keyof typeof MASKOUT] : null;
      if (spec && k < spec.minK) continue;
      // maskCount's range: max(1, floor(k r)) with r < 0.5.
      const counts = strategy !== 'maskout' ? [undefined] : rule === 'odd' ? [Math.ceil(k / 2)] : rule === 'even' ? [Math.floor(k / 2)] : range(1, Math.max(1, Math.ceil(k / 2) - 1));
      for (const n of counts) {
        const list = n === undefined ? [] : range(k + 1 - n, k);
        for (const where of ['below', 'above'] as const) {
          for (const template of formFor(forms, k, n)) {
            const values: FillValues = { count: k, where, sequence: range(1, k).reverse(), list, n: n ?? 0 };
            yield { what, strategy, rule, k, n, template, values, text: fillSentence(template, values, pack) };
          }
        }
      }
    }
  }
}

export function range(from: number, to: number): number[] {
  const out: number[] = [];
  for (let i = from; i <= to; i++) out.push(i);
  return out;
}
