import { fillNumber, fillSentence } from '../templates/fill.js';
import { LABEL_CLAUSES, MARKER_CLAUSES, MASKOUT, PERMUTE, PRIMARY } from '../templates/phrasings.js';
import {
  CLAUSE_SEPARATOR,
  MARKER_STYLES,
  META_SEPARATOR,
  NUMBERED_SEPARATOR,
  NUMBERING_STYLES,
  UNNUMBERED_SEPARATORS,
} from '../templates/styles.js';
import type { TokenCounter } from '../tokens/counter.js';
import { identityOrder } from './rules.js';

const ALL_SENTENCES: readonly string[] = [
  ...PRIMARY,
  ...Object.values(PERMUTE).flat(),
  ...Object.values(MASKOUT).flatMap((p) => [...p.one, ...p.many]),
];

/**
 * The most tokens any composition of k pairs can add on top of the pairs' own tokens:
 * the longest meta-instruction with the widest numbers, every item's label, markers and
 * separator. It lets the planner accept a pair without rendering anything. It is a true
 * upper bound for counters where count(a + b) <= count(a) + count(b) (the built-in
 * estimate); for model tokenizers the builder still checks every sample exactly.
 */
export class DecorationBound {
  private readonly cache = new Map<number, number>();

  constructor(private readonly counter: TokenCounter) {}

  /** The bound if already known, without a promise round trip on the hot path. */
  cached(k: number): number | undefined {
    return this.cache.get(k);
  }

  async of(k: number): Promise<number> {
    const hit = this.cache.get(k);
    if (hit !== undefined) return hit;
    const value = await this.compute(k);
    this.cache.set(k, value);
    return value;
  }

  private async compute(k: number): Promise<number> {
    const count = (text: string) => this.counter.count(text);
    const numbers = identityOrder(k);
    let sentence = 0;
    for (const template of ALL_SENTENCES) {
      for (const where of ['below', 'above'] as const) {
        const text = fillSentence(template, { count: k, where, sequence: numbers, list: numbers, n: k });
        sentence = Math.max(sentence, await count(text));
      }
    }
    let perItem = 0;
    for (const n of numbers) {
      let label = 0;
      for (const style of NUMBERING_STYLES) {
        label = Math.max(label, (await count(fillNumber(style.instruction, n))) + (await count(fillNumber(style.answer, n))));
      }
      perItem += label;
    }
    let marker = 0;
    for (const m of MARKER_STYLES) marker = Math.max(marker, (await count(`${m.open}\n`)) + (await count(`\n${m.close}`)));
    let separator = await count(NUMBERED_SEPARATOR);
    for (const s of UNNUMBERED_SEPARATORS) separator = Math.max(separator, await count(s));
    // Instructions and answers each have k - 1 separators.
    return sentence + (await this.clauses(k)) + perItem + k * marker + 2 * (k - 1) * separator;
  }

  /** The label and marker clauses and their joints; the label example grows with k. */
  private async clauses(k: number): Promise<number> {
    const count = (text: string) => this.counter.count(text);
    let label = 0;
    for (const template of LABEL_CLAUSES) {
      for (const style of NUMBERING_STYLES) {
        label = Math.max(label, await count(fillSentence(template, { label: fillNumber(style.answer, k).trim() })));
      }
    }
    let marker = 0;
    for (const template of [...MARKER_CLAUSES.one, ...MARKER_CLAUSES.many]) {
      for (const m of MARKER_STYLES) marker = Math.max(marker, await count(fillSentence(template, { open: m.open, close: m.close })));
    }
    const joints = 2 * (await count(CLAUSE_SEPARATOR)) + (await count(META_SEPARATOR));
    return label + marker + joints;
  }
}
