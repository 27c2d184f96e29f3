import type { PairTexts } from '../io/pair-store.js';
import type { LanguagePack } from '../language/pack.js';
import { boundariesVisible, collisionsOf, joinCollisions, NO_COLLISIONS, type Collisions } from './collisions.js';

/**
 * A pair's collisions never change: they are found the first time the pair is tried and
 * kept as three numbers per pair for the run, however often epochs and the planner's
 * trials come back to it. Allocated on first use.
 */
export class PairCollisions {
  private bits: Uint32Array | null = null;
  private known: Uint8Array | null = null;

  constructor(private readonly pairs: number) {}

  of(i: number, texts: PairTexts, pack: LanguagePack): Collisions {
    const bits = (this.bits ??= new Uint32Array(3 * this.pairs));
    const known = (this.known ??= new Uint8Array(this.pairs));
    if (known[i] === 1) return { numbering: bits[3 * i] as number, separators: bits[3 * i + 1] as number, markers: bits[3 * i + 2] as number };
    const pair = texts.get(i);
    const c = joinCollisions(collisionsOf(pair.prompt, pack), collisionsOf(pair.response, pack));
    bits[3 * i] = c.numbering;
    bits[3 * i + 1] = c.separators;
    bits[3 * i + 2] = c.markers;
    known[i] = 1;
    return c;
  }
}

/** What the texts of a group rule out of the layout: the union of its pairs'. */
export function collisionsOfGroup(pairs: Iterable<number>, collisionsOfPair: (pair: number) => Collisions): Collisions {
  let c = NO_COLLISIONS;
  for (const i of pairs) c = joinCollisions(c, collisionsOfPair(i));
  return c;
}

/**
 * The planner's joins test for a block (plan.ts PlanInput.joinsFrom): a pair joins the
 * group only from the group's bucket (system prompt and language; `bucketOf` null when
 * all pairs share one), and only while the group's texts leave a numbering style or a
 * separator free, so every mosaic can show where each instruction and answer begins. A
 * pair that would take the last one starts the next group instead.
 */
export function joinsWithin(
  order: ArrayLike<number>,
  bucketOf: Uint32Array | null,
  collisionsOfPair: (pair: number) => Collisions,
  packOf: (pair: number) => LanguagePack,
): (start: number) => (pos: number) => boolean {
  return (start) => {
    const first = order[start] as number;
    const bucket = bucketOf?.[first];
    const pack = packOf(first);
    // Positions come in turn, so the union so far is kept rather than redone per pair.
    let seen = collisionsOfPair(first);
    return (pos) => {
      const pair = order[pos] as number;
      if (bucketOf?.[pair] !== bucket) return false;
      const joined = joinCollisions(seen, collisionsOfPair(pair));
      if (!boundariesVisible(joined, pack)) return false;
      seen = joined;
      return true;
    };
  };
}
