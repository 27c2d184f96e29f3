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

const PLACEHOLDER = /\{(count|where|sequence|list|n|open|close|label)\}/g;

/** Fills a sentence; a placeholder without a value is a bug in the caller, not in data. */
export function fillSentence(template: string, values: FillValues): string {
  return template.replace(PLACEHOLDER, (_, key: keyof FillValues) => {
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
  });
}

/** 3 -> "3"; [2, 5] -> "2 and 5"; [1, 4, 7] -> "1, 4 and 7". */
export function joinWithAnd(numbers: readonly number[]): string {
  if (numbers.length <= 1) return numbers.join('');
  return `${numbers.slice(0, -1).join(', ')} and ${numbers[numbers.length - 1]}`;
}

/** Puts an instruction number into a numbering pattern such as "Answer {n}:". */
export function fillNumber(pattern: string, n: number | string): string {
  return pattern.replace('{n}', String(n));
}
