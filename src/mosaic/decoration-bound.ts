import { ENGLISH } from '../language/english.js';
import { fillNumber, fillSentence } from '../language/fill.js';
import { META_SEPARATOR, NUMBERED_SEPARATOR } from '../language/layout.js';
import type { Forms, LanguagePack } from '../language/pack.js';
import { countAll, type TokenCounter } from '../tokens/counter.js';
import { identityOrder } from '../strategies/rule.js';

/** Every rule sentence of a pack, whatever count it is for. */
function allSentences(pack: LanguagePack): string[] {
  const forms: Forms[] = [pack.primary];
  for (const f of Object.values(pack.permute)) if (f) forms.push(f);
  for (const f of Object.values(pack.maskout)) if (f) forms.push(f);
  return forms.flatMap((f) => [...(f.two ?? []), ...(f.one ?? []), ...f.many]);
}

/**
 * The most tokens any composition of k pairs can add on top of the pairs' own tokens:
 * the longest meta-instruction with the widest numbers, every item's label, markers and
 * separator. It lets the planner accept a pair without rendering anything. It is a true
 * upper bound for counters where count(a + b) <= count(a) + count(b) (the built-in
 * estimate); for model tokenizers the builder still checks every sample exactly.
 */
export class DecorationBound {
  private readonly cache = new Map<number, number>();

  constructor(
    private readonly counter: TokenCounter,
    private readonly packs: readonly LanguagePack[] = [ENGLISH],
  ) {}

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
    const groups: string[][] = [[], [], [], [], [META_SEPARATOR]];
    const [sentences, labels, markerClauses, separators, joints] = groups as [string[], string[], string[], string[], string[]];
    for (const pack of this.packs) {
      for (const template of allSentences(pack)) {
        // Counts are words in some packs, so a smaller count can be the longer text.
        for (const n of numbers) {
          for (const where of ['below', 'above'] as const) {
            sentences.push(fillSentence(template, { count: k, where, sequence: numbers, list: numbers, n }, pack));
          }
        }
      }
      for (const t of [...pack.labelClauses.one, ...pack.labelClauses.many]) for (const style of pack.numbering) labels.push(fillSentence(t, { label: fillNumber(style.answer, k).trim() }, pack));
      const { one, many, labelled } = pack.markerClauses;
      for (const t of [...one, ...many, ...labelled]) for (const m of pack.markers) markerClauses.push(fillSentence(t, { open: m.open, close: m.close }, pack));
      separators.push(NUMBERED_SEPARATOR, ...pack.separators);
      joints.push(pack.clauseSeparator);
    }
    const styles = this.packs.flatMap((p) => p.numbering);
    const markers = this.packs.flatMap((p) => p.markers);
    // Per instruction number n: each style's instruction and answer label (two texts).
    for (const n of numbers) groups.push(styles.flatMap((style) => [fillNumber(style.instruction, n), fillNumber(style.answer, n)]));
    groups.push(markers.flatMap((m) => [`${m.open}\n`, `\n${m.close}`]));

    const counts = await countAll(this.counter, groups.flat());
    let at = 0;
    const take = (length: number): number[] => counts.slice(at, (at += length));
    const [sentenceCounts, labelCounts, markerClauseCounts, separatorCounts, jointCounts, ...rest] = groups.map((g) => take(g.length));
    const markerPairs = pairSums(rest.pop() as number[]);
    const perItem = rest.reduce((sum, counts) => sum + Math.max(...pairSums(counts)), 0);
    const [metaJoint = 0, ...clauseJoints] = jointCounts as number[];
    const clauseJoint = Math.max(...clauseJoints);
    const meta = Math.max(...(sentenceCounts as number[])) + Math.max(...(labelCounts as number[])) + Math.max(...(markerClauseCounts as number[]));
    // Instructions and answers each have k - 1 separators; the meta-instruction has two
    // clause joints and one joint to the instructions.
    return meta + 2 * clauseJoint + metaJoint + perItem + k * Math.max(...markerPairs) + 2 * (k - 1) * Math.max(...(separatorCounts as number[]));
  }
}

/** [a0, b0, a1, b1, ...] -> [a0 + b0, a1 + b1, ...] */
function pairSums(counts: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i + 1 < counts.length; i += 2) out.push((counts[i] as number) + (counts[i + 1] as number));
  return out;
}
