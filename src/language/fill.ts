import type { LanguagePack } from './pack.js';

/** Values for the placeholders documented in pack.ts. */
export interface FillValues {
  count?: number;
  where?: 'below' | 'above';
  sequence?: readonly number[];
  list?: readonly number[];
  n?: number;
  open?: string;
  close?: string;
  label?: string;
}

export const PLACEHOLDERS = ['count', 'where', 'sequence', 'list', 'n', 'open', 'close', 'label'] as const;
const PLACEHOLDER = new RegExp(`\\{(${PLACEHOLDERS.join('|')})\\}`);

/**
 * Templates cut at their placeholders, remembered: the same few hundred sentences and
 * numbering patterns are filled for every sample, and cutting once is cheaper than
 * matching every time. A template seen for the first time once the cache is full is cut
 * and not kept, so arbitrary callers cannot grow it without bound.
 */
const MAX_CACHED = 4096;
const sentenceParts = new Map<string, readonly string[]>();
const numberParts = new Map<string, readonly [string, string] | null>();

function remember<V>(cache: Map<string, V>, key: string, value: V): V {
  if (cache.size < MAX_CACHED) cache.set(key, value);
  return value;
}

/**
 * A sentence as [text, key, text, key, ..., text]: split() with a capturing group keeps
 * each placeholder's key between the texts around it.
 */
export function templateParts(template: string): readonly string[] {
  return sentenceParts.get(template) ?? remember(sentenceParts, template, template.split(PLACEHOLDER));
}

/** Fills a sentence in the pack's words; a placeholder without a value is a bug in the caller. */
export function fillSentence(template: string, values: FillValues, pack: LanguagePack): string {
  const parts = templateParts(template);
  let out = parts[0] as string;
  for (let i = 1; i < parts.length; i += 2) {
    out += valueText(parts[i] as keyof FillValues, values, template, pack) + (parts[i + 1] as string);
  }
  return out;
}

function valueText(key: keyof FillValues, values: FillValues, template: string, pack: LanguagePack): string {
  const value = values[key];
  if (value === undefined) throw new Error(`no value for {${key}} in "${template}"`);
  switch (key) {
    case 'count':
    case 'n':
      return countText(value as number, pack);
    case 'where':
      return pack.where[value as 'below' | 'above'];
    case 'sequence':
      return (value as readonly number[]).join(pack.sequence);
    case 'list':
      return joinList(value as readonly number[], pack);
    default:
      return pack.quotes[0] + (value as string) + pack.quotes[1];
  }
}

/** A count as the pack writes it: its numeral word where it has one, digits beyond. */
export function countText(n: number, pack: LanguagePack): string {
  return pack.numerals[n] ?? String(n);
}

/** [3] -> "3"; [2, 5] -> "2 and 5"; [1, 4, 7] -> "1, 4 and 7" (in the pack's words). */
export function joinList(numbers: readonly number[], pack: LanguagePack): string {
  if (numbers.length <= 1) return numbers.join('');
  return numbers.slice(0, -1).join(pack.list.comma) + pack.list.and + String(numbers[numbers.length - 1]);
}

/** Puts an instruction number into a numbering pattern such as "Answer {n}:" (its first {n}). */
export function fillNumber(pattern: string, n: number): string {
  let parts = numberParts.get(pattern);
  if (parts === undefined) {
    const at = pattern.indexOf('{n}');
    parts = remember(numberParts, pattern, at < 0 ? null : [pattern.slice(0, at), pattern.slice(at + 3)]);
  }
  return parts === null ? pattern : parts[0] + n + parts[1];
}
