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
import { countAll, type TokenCounter } from '../tokens/counter.js';
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

  /**
   * Every candidate text for k is counted in one countAll call: an engine with a batched
   * path tokenizes the few hundred short strings at once instead of one by one.
   */
  private async compute(k: number): Promise<number> {
    const numbers = identityOrder(k);
    const groups: string[][] = [];
    groups.push(
      ALL_SENTENCES.flatMap((template) =>
        (['below', 'above'] as const).map((where) => fillSentence(template, { count: k, where, sequence: numbers, list: numbers, n: k })),
      ),
    );
    groups.push(LABEL_CLAUSES.flatMap((t) => NUMBERING_STYLES.map((style) => fillSentence(t, { label: fillNumber(style.answer, k).trim() }))));
    groups.push(
      [...MARKER_CLAUSES.one, ...MARKER_CLAUSES.many].flatMap((t) => MARKER_STYLES.map((m) => fillSentence(t, { open: m.open, close: m.close }))),
    );
    groups.push([NUMBERED_SEPARATOR, ...UNNUMBERED_SEPARATORS]);
    groups.push([CLAUSE_SEPARATOR, META_SEPARATOR]);
    // Per instruction number n: each style's instruction and answer label (two texts).
    for (const n of numbers) groups.push(NUMBERING_STYLES.flatMap((style) => [fillNumber(style.instruction, n), fillNumber(style.answer, n)]));
    groups.push(MARKER_STYLES.flatMap((m) => [`${m.open}\n`, `\n${m.close}`]));

    const counts = await countAll(this.counter, groups.flat());
    let at = 0;
    const take = (length: number): number[] => counts.slice(at, (at += length));
    const [sentences, labels, markerClauses, separators, joints, ...rest] = groups.map((g) => take(g.length));
    const markerPairs = pairSums(rest.pop() as number[]);
    const perItem = rest.reduce((sum, labelCounts) => sum + Math.max(...pairSums(labelCounts)), 0);
    const [clauseJoint = 0, metaJoint = 0] = joints as number[];
    const meta = Math.max(...(sentences as number[])) + Math.max(...(labels as number[])) + Math.max(...(markerClauses as number[]));
    // Instructions and answers each have k - 1 separators; the meta-instruction has two
    // clause joints and one joint to the instructions.
    return meta + 2 * clauseJoint + metaJoint + perItem + k * Math.max(...markerPairs) + 2 * (k - 1) * Math.max(...(separators as number[]));
  }
}

/** [a0, b0, a1, b1, ...] -> [a0 + b0, a1 + b1, ...] */
function pairSums(counts: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i + 1 < counts.length; i += 2) out.push((counts[i] as number) + (counts[i + 1] as number));
  return out;
}
