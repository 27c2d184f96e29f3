/** Values for the placeholders documented in phrasings.ts. */
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

const PLACEHOLDER = /\{(count|where|sequence|list|n|open|close|label)\}/;

/**
 * Templates cut at their placeholders, remembered: the same few hundred sentences and
 * numbering patterns (phrasings.ts, styles.ts) are filled for every sample, and cutting
 * once is cheaper than matching every time. A template seen for the first time once the
 * cache is full is cut and not kept, so arbitrary callers cannot grow it without bound.
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
function partsOf(template: string): readonly string[] {
  return sentenceParts.get(template) ?? remember(sentenceParts, template, template.split(PLACEHOLDER));
}

/** Fills a sentence; a placeholder without a value is a bug in the caller, not in data. */
export function fillSentence(template: string, values: FillValues): string {
  const parts = partsOf(template);
  let out = parts[0] as string;
  for (let i = 1; i < parts.length; i += 2) out += valueText(parts[i] as keyof FillValues, values, template) + (parts[i + 1] as string);
  return out;
}

function valueText(key: keyof FillValues, values: FillValues, template: string): string {
  const value = values[key];
  if (value === undefined) throw new Error(`no value for {${key}} in "${template}"`);
  switch (key) {
    case 'sequence':
      return (value as readonly number[]).join(', ');
    case 'list':
      return joinWithAnd(value as readonly number[]);
    case 'open':
    case 'close':
    case 'label':
      return `"${value as string}"`;
    default:
      return String(value);
  }
}

/** 3 -> "3"; [2, 5] -> "2 and 5"; [1, 4, 7] -> "1, 4 and 7". */
export function joinWithAnd(numbers: readonly number[]): string {
  if (numbers.length <= 1) return numbers.join('');
  return `${numbers.slice(0, -1).join(', ')} and ${numbers[numbers.length - 1]}`;
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
