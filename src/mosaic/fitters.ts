import type { Counted, Fitter } from './plan.js';

/**
 * What a fitter counts with, for a block's groups named by positions [start, end) and
 * group index (group-samples.ts BlockSamples; in tests, plain numbers).
 */
export interface SampleSource<S extends Counted> {
  /** The sample counted exactly. */
  counted(start: number, end: number, group: number): Promise<S>;
  /** The sample carrying the planning estimate as its count. */
  estimated(start: number, end: number, group: number): S;
  /** The planning estimate alone, without rendering the sample. */
  estimate(start: number, end: number, group: number): number;
  /** Exact counts of many samples, in one batch. */
  countMany(samples: readonly S[]): Promise<S[]>;
  /** The pair at `start` as it came. */
  alone(start: number, like: S): S;
}

/** How a counter counts samples, as sample-count.ts SampleCounter tells it. */
export interface CountingMode {
  /** Planned on estimates, counted exactly a window at a time. */
  readonly batched: boolean;
  /** The estimate is a true upper bound of the exact count. */
  readonly bounded: boolean;
}

/**
 * The fitter for a counting mode: the one place the mode is chosen. A batched engine
 * plans on estimates (its bulk path is async, one sample at a time would idle it); a
 * counter whose estimate is a true bound tries it before counting; any other counts.
 */
export function fitterFor<S extends Counted>(mode: CountingMode, samples: SampleSource<S>, budget: number, window: number): Fitter<S> {
  if (mode.batched) return new BatchedFitter(samples, budget, window);
  if (mode.bounded) return new BoundedFitter(samples, budget);
  return new ExactFitter(samples, budget);
}

/**
 * Counts every close call exactly, as it is planned (the OpenAI encodings, any counter
 * that answers synchronously): counts are final when planned, the window is one group.
 */
export class ExactFitter<S extends Counted> implements Fitter<S> {
  readonly window: number = 1;

  constructor(
    protected readonly samples: SampleSource<S>,
    protected readonly budget: number,
  ) {}

  fits(start: number, end: number, group: number): boolean | S | Promise<boolean | S> {
    return this.samples.counted(start, end, group).then((sample) => (sample.tokens <= this.budget ? sample : false));
  }

  sample(start: number, end: number, group: number): Promise<S> {
    return this.samples.counted(start, end, group);
  }

  exact(start: number, end: number, group: number): Promise<S> {
    return this.samples.counted(start, end, group);
  }

  alone(start: number, like: S): S {
    return this.samples.alone(start, like);
  }

  check(samples: readonly S[]): readonly S[] {
    return samples;
  }
}

/**
 * For counters whose estimate is a true upper bound (the built-in estimate): an estimate
 * within budget settles a close call without rendering the sample; only a closer call is
 * counted. It gives the groups ExactFitter gives, with fewer counts.
 */
export class BoundedFitter<S extends Counted> extends ExactFitter<S> {
  override fits(start: number, end: number, group: number): boolean | S | Promise<boolean | S> {
    if (this.samples.estimate(start, end, group) <= this.budget) return true;
    return super.fits(start, end, group);
  }
}

/**
 * For batched engines (a tokenizer.json on the native binding): planning decides on the
 * estimate alone, and a window of samples is counted exactly in one batch afterwards.
 * Near the budget the estimate may end a group a pair early; a sample it let through
 * over budget is shrunk with exact counts (plan.ts), so the budget holds exactly.
 */
export class BatchedFitter<S extends Counted> implements Fitter<S> {
  constructor(
    private readonly samples: SampleSource<S>,
    private readonly budget: number,
    readonly window: number,
  ) {}

  fits(start: number, end: number, group: number): boolean {
    return this.samples.estimate(start, end, group) <= this.budget;
  }

  sample(start: number, end: number, group: number): S {
    return this.samples.estimated(start, end, group);
  }

  exact(start: number, end: number, group: number): Promise<S> {
    return this.samples.counted(start, end, group);
  }

  alone(start: number, like: S): S {
    return this.samples.alone(start, like);
  }

  check(samples: readonly S[]): Promise<S[]> {
    return this.samples.countMany(samples);
  }
}
