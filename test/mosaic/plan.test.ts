/**
 * The planner on plain numbers: an order, per-pair tokens, a decoration bound and a
 * fitter written here, no texts and no tokenizer.
 */
import { describe, expect, it } from 'vitest';
import { planBlock, type Fitter, type PlanInput, type Planned } from '../../src/mosaic/plan.js';

/** A sample as the planner sees it, and what it was made of. */
interface Toy {
  readonly start: number;
  readonly end: number;
  readonly group: number;
  readonly tokens: number;
  readonly plain: boolean;
}

interface World {
  readonly order: number[];
  /** Per pair index. */
  readonly content: number[];
  readonly budget: number;
  /** What decorating k pairs adds, exactly. */
  readonly decoration: (k: number) => number;
}

/** Tokens of the group [start, end) decorated: its pairs plus decoration. */
function exactTokens(w: World, start: number, end: number): number {
  let sum = w.decoration(end - start);
  for (let p = start; p < end; p++) sum += w.content[w.order[p] as number] as number;
  return sum;
}

interface Calls {
  fits: Array<[number, number]>;
  sample: Array<[number, number]>;
  exact: Array<[number, number]>;
  alone: number[];
  checked: number;
}

/** Counts every sample exactly, as the planner asks; `lie` lowers what fits() and sample() see. */
function toyFitter(w: World, calls: Calls, window = 1, lie = 0): Fitter<Toy> {
  const toy = (start: number, end: number, group: number, minus: number): Toy => ({
    start,
    end,
    group,
    tokens: exactTokens(w, start, end) - minus,
    plain: false,
  });
  return {
    window,
    fits(start, end, group) {
      calls.fits.push([start, end]);
      const s = toy(start, end, group, lie);
      return s.tokens <= w.budget ? s : false;
    },
    sample(start, end, group) {
      calls.sample.push([start, end]);
      return Promise.resolve(toy(start, end, group, lie));
    },
    exact(start, end, group) {
      calls.exact.push([start, end]);
      return toy(start, end, group, 0);
    },
    alone(start, like) {
      calls.alone.push(start);
      return { ...like, end: start + 1, tokens: w.content[w.order[start] as number] as number, plain: true };
    },
    check(samples) {
      calls.checked += samples.length;
      // A plain sample is the pair as it came: its own tokens.
      return samples.map((s) => ({ ...s, tokens: s.plain ? (w.content[w.order[s.start] as number] as number) : exactTokens(w, s.start, s.end) }));
    },
  };
}

function noCalls(): Calls {
  return { fits: [], sample: [], exact: [], alone: [], checked: 0 };
}

interface Setup {
  bound?: (k: number) => number | Promise<number>;
  targets?: readonly number[];
  joins?: (start: number, pos: number) => boolean;
}

/** The plan input for a world; group sizes come from `targets`, cycled, and are recorded as drawn. */
function inputFor(w: World, setup: Setup = {}, drawn: number[] = []): PlanInput {
  const targets = setup.targets ?? [Number.POSITIVE_INFINITY];
  return {
    order: Uint32Array.from(w.order),
    content: Uint32Array.from(w.content),
    budget: w.budget,
    fixed: () => 0,
    bound: setup.bound ?? ((k) => w.decoration(k)),
    drawK: () => {
      const k = targets[drawn.length % targets.length] as number;
      drawn.push(k);
      return k;
    },
    joinsFrom: (start) => (pos) => setup.joins?.(start, pos) ?? true,
  };
}

async function planAll(input: PlanInput, fitter: Fitter<Toy>): Promise<Planned<Toy>[]> {
  const out: Planned<Toy>[] = [];
  for await (const p of planBlock(input, fitter)) out.push(p);
  return out;
}

/** A fixed but uneven world: 40 pairs in a shuffled order, 1 to 30 tokens each. */
function world(budget: number, decoration = (k: number) => 3 * k + (k > 1 ? 5 : 0)): World {
  const content = Array.from({ length: 40 }, (_, i) => 1 + ((i * 17 + 5) % 30));
  const order = Array.from({ length: 40 }, (_, i) => (i * 23) % 40);
  return { order, content, budget, decoration };
}

function expectCovers(groups: readonly Planned<Toy>[], length: number): void {
  let pos = 0;
  groups.forEach((g, i) => {
    expect(g.group).toBe(i);
    expect(g.start).toBe(pos);
    expect(g.end).toBeGreaterThan(g.start);
    pos = g.end;
  });
  expect(pos).toBe(length);
}

describe('planBlock', () => {
  it('cuts the block into contiguous groups that place every position once, in order, within budget', async () => {
    for (const budget of [40, 60, 100, 250, 10_000]) {
      const w = world(budget);
      const groups = await planAll(inputFor(w), toyFitter(w, noCalls()));
      expectCovers(groups, w.order.length);
      for (const g of groups) {
        expect(g.sample.tokens).toBeLessThanOrEqual(budget);
        expect([g.sample.start, g.sample.end]).toEqual([g.start, g.end]);
      }
    }
  });

  it('never grows a group past its drawn size, and reaches it when nothing else stops it', async () => {
    const w = world(1_000_000);
    const targets = [3, 1, 4, 1, 5, 9, 2, 6];
    const groups = await planAll(inputFor(w, { targets }), toyFitter(w, noCalls()));
    expectCovers(groups, w.order.length);
    groups.forEach((g, i) => expect(g.end - g.start).toBe(Math.min(targets[i % targets.length] as number, w.order.length - g.start)));
  });

  it('draws one size per group, in group order', async () => {
    const w = world(120);
    const drawn: number[] = [];
    const groups = await planAll(inputFor(w, { targets: [2, 7, 4] }, drawn), toyFitter(w, noCalls()));
    expect(drawn).toHaveLength(groups.length);
    expect(drawn).toEqual(groups.map((_, i) => [2, 7, 4][i % 3]));
  });

  it('accepts by the bound without asking the fitter, and only counts the sample it keeps', async () => {
    const w = world(1_000_000);
    const calls = noCalls();
    const groups = await planAll(inputFor(w, { targets: [5] }), toyFitter(w, calls));
    expect(calls.fits).toEqual([]);
    expect(calls.sample).toEqual(groups.map((g) => [g.start, g.end]));
  });

  it('a promise from the bound (a size not counted yet) is awaited like a number', async () => {
    const w = world(90);
    const sync = await planAll(inputFor(w), toyFitter(w, noCalls()));
    const later = await planAll(inputFor(w, { bound: (k) => Promise.resolve(w.decoration(k)) }), toyFitter(w, noCalls()));
    expect(later).toEqual(sync);
  });

  it('ends a group when the pairs alone overflow, without asking the fitter', async () => {
    // Decoration is free but the bound does not know it: every growth is a close call,
    // and the fitter is asked only when the pairs' own tokens leave it open (it then says yes).
    const w = world(50, () => 0);
    const calls = noCalls();
    const groups = await planAll(inputFor(w, { bound: () => 1_000 }), toyFitter(w, calls));
    expect(calls.fits).toEqual(groups.flatMap((g) => Array.from({ length: g.end - g.start - 1 }, (_, i) => [g.start, g.start + i + 2])));
    for (const g of groups.slice(0, -1)) expect(exactTokens(w, g.start, g.end + 1)).toBeGreaterThan(50);
  });

  it('leaves a close call to the fitter and keeps the sample it counted', async () => {
    const w = world(80);
    const calls = noCalls();
    // A useless bound: every growth is a close call.
    const groups = await planAll(inputFor(w, { bound: () => 1_000 }), toyFitter(w, calls));
    expect(calls.fits.length).toBeGreaterThan(0);
    // Grown as far as the fitter allowed: the next pair was refused (or overflowed alone).
    for (const g of groups.slice(0, -1)) expect(exactTokens(w, g.start, g.end + 1)).toBeGreaterThan(80);
    // A group the fitter counted at its final size is not counted again: only single
    // pairs, which the fitter never saw, are counted by sample().
    expect(calls.sample).toEqual(groups.filter((g) => g.end - g.start === 1).map((g) => [g.start, g.end]));
  });

  it('asks the joins test for the positions after the start, in turn; a no starts the next group there', async () => {
    const w = world(1_000_000);
    const asked: Array<[number, number]> = [];
    // Pair indices divisible by 7 refuse to join anything.
    const joins = (start: number, pos: number): boolean => {
      asked.push([start, pos]);
      return (w.order[pos] as number) % 7 !== 0;
    };
    const groups = await planAll(inputFor(w, { targets: [6], joins }), toyFitter(w, noCalls()));
    expectCovers(groups, w.order.length);
    for (const g of groups) {
      const mine = asked.filter(([s]) => s === g.start).map(([, p]) => p);
      expect(mine).toEqual(Array.from({ length: mine.length }, (_, i) => g.start + 1 + i));
      for (let p = g.start + 1; p < g.end; p++) expect((w.order[p] as number) % 7).not.toBe(0);
      if (g.end - g.start < 6 && g.end < w.order.length) expect((w.order[g.end] as number) % 7).toBe(0);
    }
  });

  it('sheds trailing pairs from a sample counted over budget; the next group starts after the last kept pair', async () => {
    const w = world(70);
    const calls = noCalls();
    // The fitter's counts are 15 low, so its own count says yes to samples over budget.
    const groups = await planAll(inputFor(w, { bound: () => 0 }), toyFitter(w, calls, 1, 15));
    expectCovers(groups, w.order.length);
    // The window's check restores exact counts; shrinking then counts exactly.
    expect(calls.exact.length).toBeGreaterThan(0);
    for (const g of groups) expect(g.sample.tokens).toBeLessThanOrEqual(70);
  });

  it('a single pair whose decorated sample is over budget goes out on its own, plain', async () => {
    // Pairs fit alone (at most 30 tokens), but one decorated costs 30 more.
    const w = world(45, (k) => 30 * k);
    const calls = noCalls();
    const groups = await planAll(inputFor(w), toyFitter(w, calls));
    expectCovers(groups, w.order.length);
    for (const g of groups) {
      expect(g.end - g.start).toBe(1);
      const own = w.content[w.order[g.start] as number] as number;
      expect(g.sample.plain).toBe(own + 30 > 45);
      if (g.sample.plain) expect(g.sample.tokens).toBe(own);
    }
    expect(calls.alone).toEqual(groups.filter((g) => g.sample.plain).map((g) => g.start));
  });

  it('the window changes when samples are checked, never the groups or the sizes drawn', async () => {
    const w = world(75);
    const runs: string[] = [];
    for (const window of [1, 2, 3, 8, 100]) {
      const drawn: number[] = [];
      const calls = noCalls();
      const groups = await planAll(inputFor(w, { targets: [2, 5, 3, 9] }, drawn), toyFitter(w, calls, window, 12));
      // Groups planned after a shrink are planned again, with the sizes already drawn:
      // one draw per group index planned, and never more than the window past the output.
      expect(drawn.length).toBeGreaterThanOrEqual(groups.length);
      expect(drawn.length).toBeLessThan(groups.length + window);
      expect(drawn).toEqual(drawn.map((_, i) => [2, 5, 3, 9][i % 4]));
      expect(calls.checked).toBeGreaterThanOrEqual(groups.length);
      // The low counts let samples through that the check then found over budget.
      expect(calls.exact.length).toBeGreaterThan(0);
      runs.push(JSON.stringify(groups));
    }
    for (const run of runs) expect(run).toBe(runs[0]);
  });

  it('an empty block has no groups and draws no size', async () => {
    const w: World = { order: [], content: [], budget: 10, decoration: () => 0 };
    const drawn: number[] = [];
    expect(await planAll(inputFor(w, {}, drawn), toyFitter(w, noCalls()))).toEqual([]);
    expect(drawn).toEqual([]);
  });

  it('what every sample carries (system prompt, template) counts against the budget from the first pair', async () => {
    const w = world(1_000, () => 0);
    const plain = await planAll(inputFor(w, { bound: () => 0 }), toyFitter(w, noCalls()));
    // Groups that start with an even pair carry 990 tokens besides their pairs.
    const input = { ...inputFor(w, { bound: () => 0 }), fixed: (first: number) => (first % 2 === 0 ? 990 : 0) };
    const groups = await planAll(input, toyFitter(w, noCalls()));
    expect(groups).not.toEqual(plain);
    for (const g of groups) {
      if ((w.order[g.start] as number) % 2 === 0 && g.end - g.start > 1) expect(990 + exactTokens(w, g.start, g.end)).toBeLessThanOrEqual(1_000);
    }
  });
});
