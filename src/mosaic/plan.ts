/**
 * The planner: a block's order of pairs -> groups. It is pure: it reads numbers (the
 * order, each pair's tokens, the decoration bound) and asks the caller's tests (which
 * pairs may share a group, and a Fitter for the close calls); it never touches texts, a
 * tokenizer or rendering, so it can be tested with plain arrays.
 */

/** What a sample must say for the planner to hold the budget: its tokens as counted. */
export interface Counted {
  readonly tokens: number;
}

/** A group cut from the block's order: positions [start, end), its index in the block, its sample. */
export interface Planned<S extends Counted> {
  readonly start: number;
  readonly end: number;
  readonly group: number;
  readonly sample: S;
}

/**
 * How samples are counted, as far as planning cares. The cheap tests (the decoration
 * bound, the pairs' own tokens) are the planner's; a fitter answers what they leave open
 * and says when counts become final. Which fitter a run uses is chosen in fitters.ts.
 */
export interface Fitter<S extends Counted> {
  /** Groups planned before their samples are checked together (1: every count is final when planned). */
  readonly window: number;
  /**
   * The close call: whether the group [start, end) fits the budget. When counting the
   * sample was how it knew, the sample itself (within budget), so it need not be made again.
   */
  fits(start: number, end: number, group: number): boolean | S | Promise<boolean | S>;
  /** The group's sample, counted as planning counts it. */
  sample(start: number, end: number, group: number): S | Promise<S>;
  /** The group's sample counted exactly: shrinking a sample that check() found over budget. */
  exact(start: number, end: number, group: number): S | Promise<S>;
  /** The pair at `start` on its own, undecorated: a pair fits the budget alone, not always in a mosaic. */
  alone(start: number, like: S): S;
  /** The window's samples with final counts, in the same order. */
  check(samples: readonly S[]): readonly S[] | Promise<readonly S[]>;
}

/** What a block's plan is made from. Pairs are named by index; positions index `order`. */
export interface PlanInput {
  /** The block's part of the epoch's seeded order: pair indices. */
  readonly order: ArrayLike<number>;
  /** Per pair: its own tokens (prompt and response). */
  readonly content: ArrayLike<number>;
  readonly budget: number;
  /** What every sample of a group starting with this pair adds besides pairs and decoration (system prompt, template). */
  readonly fixed: (first: number) => number;
  /** An upper bound of what decorating k pairs adds; a promise only while it is being counted. */
  readonly bound: (k: number) => number | Promise<number>;
  /** The next group's target size, drawn once per group in group order (the block's k stream). */
  readonly drawK: () => number;
  /**
   * Whether pairs may join the group starting at `start`, whatever their tokens: the
   * returned test is asked for positions start + 1, start + 2, ... in turn, until it
   * says no or the group ends, so it may keep what it saw.
   */
  readonly joinsFrom: (start: number) => (pos: number) => boolean;
}

/**
 * The groups of a block, in output order, each with its sample. Groups are cut in
 * windows of `fitter.window`; a window's samples are then checked, and a sample found
 * over budget is shrunk with exact counts and planning resumes right after it with the
 * next group index, so the window size never changes the groups.
 */
export async function* planBlock<S extends Counted>(input: PlanInput, fitter: Fitter<S>): AsyncGenerator<Planned<S>> {
  const planner = new GroupPlanner(input, fitter);
  const length = input.order.length;
  let pos = 0;
  let group = 0;
  while (pos < length) {
    const window: Planned<S>[] = [];
    while (pos < length && window.length < fitter.window) {
      const planned = await planner.plan(pos, group++);
      pos = planned.end;
      window.push(planned);
    }
    const checked = await fitter.check(window.map((w) => w.sample));
    for (let i = 0; i < window.length; i++) {
      const w = { ...(window[i] as Planned<S>), sample: checked[i] as S };
      if (w.sample.tokens <= input.budget) {
        yield w;
        continue;
      }
      // Rare: planning's count was low. The rest of the window is planned again after it.
      const fixed = await planner.shrink(w, (start, end, g) => fitter.exact(start, end, g));
      yield fixed;
      pos = fixed.end;
      group = w.group + 1;
      break;
    }
  }
}

type Count<S> = (start: number, end: number, group: number) => S | Promise<S>;

/** Cuts one group at a time; keeps the block's drawn group sizes, which replanning reuses. */
class GroupPlanner<S extends Counted> {
  private readonly targets: number[] = [];

  constructor(
    private readonly input: PlanInput,
    private readonly fitter: Fitter<S>,
  ) {}

  /** Group sizes come from one stream in group order, so a group replanned keeps its size. */
  private targetOf(group: number): number {
    while (this.targets.length <= group) this.targets.push(this.input.drawK());
    return this.targets[group] as number;
  }

  /**
   * Cuts the group at `start`: pairs join while the target allows, the joins test agrees
   * and the sample fits. The decoration bound accepts a pair without asking the fitter; a
   * pair whose own tokens overflow ends the group without asking either.
   */
  async plan(start: number, group: number): Promise<Planned<S>> {
    const { order, content, budget } = this.input;
    const target = this.targetOf(group);
    const joins = this.input.joinsFrom(start);
    const first = order[start] as number;
    let sum = this.input.fixed(first) + (content[first] as number);
    let end = start + 1;
    // The last sample the fitter counted for the group as it stands, if any.
    let kept: S | null = null;
    while (end - start < target && end < order.length && joins(end)) {
      const next = content[order[end] as number] as number;
      // The bound is a promise only the first time a size is asked: no await on the hot path.
      const known = this.input.bound(end - start + 1);
      const bound = typeof known === 'number' ? known : await known;
      let fit: boolean | S = true;
      if (sum + next + bound > budget) {
        // A close call: the pairs' own tokens settle an overflow, the fitter the rest.
        if (sum + next > budget) break;
        fit = await this.fitter.fits(start, end + 1, group);
        if (fit === false) break;
      }
      kept = fit === true ? null : fit;
      sum += next;
      end++;
    }
    const sample = kept ?? (await this.fitter.sample(start, end, group));
    return this.shrink({ start, end, group, sample }, (s, e, g) => this.fitter.sample(s, e, g));
  }

  /**
   * Drops trailing pairs while the sample (as `count` counts it) is over budget. A single
   * pair over budget goes out plain: it fits alone, or it would not be in the order.
   */
  async shrink(planned: Planned<S>, count: Count<S>): Promise<Planned<S>> {
    let { end, sample } = planned;
    while (sample.tokens > this.input.budget) {
      if (end - planned.start === 1) {
        sample = this.fitter.alone(planned.start, sample);
        break;
      }
      end--;
      sample = await count(planned.start, end, planned.group);
    }
    return { ...planned, end, sample };
  }
}
