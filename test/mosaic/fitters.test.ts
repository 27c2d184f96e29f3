/**
 * The three fitters behind one interface, on plain numbers: where their counts agree they
 * must cut the same groups, and each must hold the budget with the counts it has.
 */
import { describe, expect, it } from 'vitest';
import { BatchedFitter, BoundedFitter, ExactFitter, fitterFor, type SampleSource } from '../../src/mosaic/fitters.js';
import { planBlock, type Fitter, type PlanInput, type Planned } from '../../src/mosaic/plan.js';

interface Toy {
  readonly start: number;
  readonly end: number;
  readonly tokens: number;
  /** A pair gone out on its own, undecorated. */
  readonly plain?: boolean;
}

const BUDGET = 90;
// 60 pairs of 1 to 34 tokens, in a shuffled order.
const content = Array.from({ length: 60 }, (_, i) => 1 + ((i * 13 + 7) % 34));
const order = Uint32Array.from({ length: 60 }, (_, i) => (i * 37) % 60);
const decoration = (k: number): number => (k === 1 ? 0 : 4 + 3 * k);
const own = (start: number, end: number): number => {
  let sum = 0;
  for (let p = start; p < end; p++) sum += content[order[p] as number] as number;
  return sum;
};

interface Counts {
  counted: number;
  estimated: number;
  batches: number;
}

/**
 * Samples whose exact count is `exact` and whose planning estimate is `estimate`; a
 * single pair alone is its own tokens.
 */
function source(exact: (s: number, e: number) => number, estimate: (s: number, e: number) => number, counts: Counts): SampleSource<Toy> {
  return {
    async counted(start, end) {
      counts.counted++;
      return { start, end, tokens: exact(start, end) };
    },
    estimated: (start, end) => ({ start, end, tokens: estimate(start, end) }),
    estimate(start, end) {
      counts.estimated++;
      return estimate(start, end);
    },
    async countMany(samples) {
      counts.batches++;
      return samples.map((s) => ({ ...s, tokens: s.plain ? own(s.start, s.end) : exact(s.start, s.end) }));
    },
    alone: (start) => ({ start, end: start + 1, tokens: own(start, start + 1), plain: true }),
  };
}

function input(kTargets: readonly number[]): PlanInput {
  let drawn = 0;
  return {
    order,
    content: Uint32Array.from(content),
    budget: BUDGET,
    fixed: () => 0,
    // A true bound of every count below.
    bound: (k) => decoration(k) + 2 * k,
    drawK: () => kTargets[drawn++ % kTargets.length] as number,
    joinsFrom: () => () => true,
  };
}

/** Each group as [start, end, tokens, plain]. */
async function groupsOf(fitter: Fitter<Toy>, kTargets: readonly number[] = [4, 9, 2, 6]): Promise<Array<[number, number, number, boolean]>> {
  const out: Array<[number, number, number, boolean]> = [];
  for await (const p of planBlock(input(kTargets), fitter) as AsyncGenerator<Planned<Toy>>) out.push([p.start, p.end, p.sample.tokens, p.sample.plain === true]);
  return out;
}

function noCounts(): Counts {
  return { counted: 0, estimated: 0, batches: 0 };
}

// Joining texts loses up to a token per joint (0 to k - 1 in all); the estimate adds one
// per joint instead, and `honest` is off by a little either way from the plain sum.
const subadditive = (s: number, e: number): number => own(s, e) + decoration(e - s) - ((s * 7 + e) % (e - s));
const upper = (s: number, e: number): number => own(s, e) + decoration(e - s) + (e - s - 1);
const honest = (s: number, e: number): number => own(s, e) + decoration(e - s) + ((s + e) % 3);

describe('fitters', () => {
  it('bounded and exact cut the same groups when the estimate is a true upper bound; bounded never counts more', async () => {
    const exact = noCounts();
    const bounded = noCounts();
    const a = await groupsOf(new ExactFitter(source(subadditive, upper, exact), BUDGET));
    const b = await groupsOf(new BoundedFitter(source(subadditive, upper, bounded), BUDGET));
    expect(b).toEqual(a);
    expect(bounded.counted).toBeLessThanOrEqual(exact.counted);
    expect(bounded.estimated).toBeGreaterThan(0);
    for (const [, , tokens] of a) expect(tokens).toBeLessThanOrEqual(BUDGET);
  });

  it('all three cut the same groups when the estimate is the exact count, whatever the window', async () => {
    const reference = await groupsOf(new ExactFitter(source(honest, honest, noCounts()), BUDGET));
    expect(await groupsOf(new BoundedFitter(source(honest, honest, noCounts()), BUDGET))).toEqual(reference);
    for (const window of [1, 5, 256]) {
      const counts = noCounts();
      expect(await groupsOf(new BatchedFitter(source(honest, honest, counts), BUDGET, window))).toEqual(reference);
      // Planning never counted a sample alone: every exact count came in a batch.
      expect(counts.counted).toBe(0);
      expect(counts.batches).toBe(Math.ceil(reference.length / window));
    }
  });

  it('batched holds the budget exactly with low estimates, and its window changes nothing', async () => {
    const low = (s: number, e: number): number => honest(s, e) - 9;
    const runs: string[] = [];
    for (const window of [1, 3, 7, 256]) {
      const counts = noCounts();
      const groups = await groupsOf(new BatchedFitter(source(honest, low, counts), BUDGET, window));
      for (const [start, end, tokens, plain] of groups) expect(tokens).toBe(plain ? own(start, end) : honest(start, end));
      for (const [, , tokens] of groups) expect(tokens).toBeLessThanOrEqual(BUDGET);
      // Some samples the estimate let through were over: they were shrunk, counted one by one.
      expect(counts.counted).toBeGreaterThan(0);
      runs.push(JSON.stringify(groups));
    }
    for (const run of runs) expect(run).toBe(runs[0]);
  });

  it('a batched engine plans on the estimate: it may end a group a pair before the exact fitter would', async () => {
    const exact = await groupsOf(new ExactFitter(source(subadditive, upper, noCounts()), BUDGET));
    const batched = await groupsOf(new BatchedFitter(source(subadditive, upper, noCounts()), BUDGET, 8));
    expect(batched).not.toEqual(exact);
    for (const [start, end, tokens, plain] of batched) {
      expect(tokens).toBeLessThanOrEqual(BUDGET);
      expect(tokens).toBe(plain ? own(start, end) : subadditive(start, end));
    }
  });

  it('the counting mode chooses the fitter in one place; batched wins over bounded', () => {
    const s = source(honest, honest, noCounts());
    expect(fitterFor({ batched: true, bounded: true }, s, BUDGET, 16)).toBeInstanceOf(BatchedFitter);
    expect(fitterFor({ batched: true, bounded: true }, s, BUDGET, 16).window).toBe(16);
    expect(fitterFor({ batched: false, bounded: true }, s, BUDGET, 16)).toBeInstanceOf(BoundedFitter);
    expect(fitterFor({ batched: false, bounded: false }, s, BUDGET, 16)).toBeInstanceOf(ExactFitter);
    expect(fitterFor({ batched: false, bounded: false }, s, BUDGET, 16).window).toBe(1);
  });
});
