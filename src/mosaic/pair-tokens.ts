import type { CountColumns } from '../counts/counts-reader.js';
import { GrowingArray } from '../growing-array.js';
import { countAll, type TokenCounter } from '../tokens/counter.js';
import type { Pair } from '../types.js';
import type { SampleCounter } from './sample-count.js';
import { ENGLISH_ONLY, languageOf, type LanguageChoice } from '../language/choice.js';

/**
 * Token counts of the input, taken once before any pass: each pair's prompt plus
 * response, and each distinct system prompt (typically one or a handful, so counting
 * them once instead of per pair matters).
 */
export interface PairTokens {
  /** Tokens of prompt + response, per pair. */
  readonly content: Uint32Array;
  /** Tokens of the prompt alone, per pair (the response's are content minus these). */
  readonly promptTokens: Uint32Array;
  /** Index into systemTokens per pair; 0 is "no system prompt". */
  readonly systemOf: Uint32Array;
  /** Tokens of each distinct system prompt, counted once each. */
  readonly systemTokens: readonly number[];
}

/** PairTokens plus each pair's tokens as a sample on its own, which decides whether it is usable. */
export interface PairCounts extends PairTokens {
  readonly alone: Uint32Array;
  /** Per pair: the index of the language pack that speaks for it (LanguageChoice.packs). */
  readonly languageOf: Uint32Array;
}

// Pairs per bulk count: large enough for the engine's batches, small enough to report
// progress and stop on an interrupt within a second or so.
export const COUNT_SLICE = 8192;

/**
 * Counts pairs slice by slice as they arrive, so that a streamed input never has to be
 * held whole for counting. Numbers go to typed arrays; distinct system prompts are kept
 * (as text, once each) to tell them apart. With `given` (a counts file's columns, pair i
 * at index i) nothing is tokenized: the numbers are the file's, and only what comes from
 * the texts themselves (system prompt ids, languages) is worked out here.
 */
export class PairCounter {
  private readonly content = GrowingArray.uint32();
  private readonly promptTokens = GrowingArray.uint32();
  private readonly alone = GrowingArray.uint32();
  private readonly systemOf = GrowingArray.uint32();
  private readonly languageOf = GrowingArray.uint32();
  private readonly systemIds = new Map<string, number>();
  private readonly systemTokens: number[] = [0];
  private taken = 0;

  /**
   * `sample` counts a pair alone as the trainer sees it (with --chat-template, its
   * rendered conversation); without it, a pair alone is its texts plus its system prompt.
   */
  constructor(
    private readonly counter: TokenCounter,
    private readonly sample?: SampleCounter,
    private readonly languages: LanguageChoice = ENGLISH_ONLY,
    private readonly given?: CountColumns,
  ) {}

  get length(): number {
    return this.given ? this.taken : this.content.length;
  }

  /** Counts a slice, one bulk call per field. */
  async add(slice: readonly Pair[]): Promise<void> {
    if (this.given) {
      this.take(slice, this.given);
      return;
    }
    const prompts = await countAll(this.counter, slice.map((p) => p.prompt));
    const responses = await countAll(this.counter, slice.map((p) => p.response));
    const fresh: string[] = [];
    for (const pair of slice) {
      const system = pair.system;
      if (system === undefined || system === '' || this.systemIds.has(system)) continue;
      this.systemIds.set(system, this.systemIds.size + 1);
      fresh.push(system);
    }
    if (fresh.length > 0) this.systemTokens.push(...(await countAll(this.counter, fresh)));
    const rendered = this.sample?.hasTemplate ? await this.sample.exactMany(slice.map((p) => ({ system: p.system, text: p }))) : null;
    for (let i = 0; i < slice.length; i++) {
      const system = (slice[i] as Pair).system;
      const id = system === undefined || system === '' ? 0 : (this.systemIds.get(system) as number);
      const content = (prompts[i] as number) + (responses[i] as number);
      this.content.push(content);
      this.promptTokens.push(prompts[i] as number);
      this.systemOf.push(id);
      this.languageOf.push(languageOf((slice[i] as Pair).prompt, this.languages));
      this.alone.push(rendered ? (rendered[i] as number) : content + (this.systemTokens[id] as number));
    }
  }

  /**
   * A slice whose numbers are given: a system prompt's tokens are those of the first pair
   * that has it. Pairs past the given ones (an input that changed) are taken without
   * numbers; the caller refuses such a run before done().
   */
  private take(slice: readonly Pair[], given: CountColumns): void {
    for (const pair of slice) {
      const at = this.taken++;
      const system = pair.system;
      let id = 0;
      if (system !== undefined && system !== '') {
        id = this.systemIds.get(system) ?? 0;
        if (id === 0) {
          id = this.systemIds.size + 1;
          this.systemIds.set(system, id);
          this.systemTokens.push(given.system[at] ?? 0);
        }
      }
      this.systemOf.push(id);
      this.languageOf.push(languageOf(pair.prompt, this.languages));
    }
  }

  done(): PairCounts {
    const given = this.given;
    if (given && this.taken !== given.content.length) throw new Error(`${this.taken} pairs taken, ${given.content.length} given: the inputs must be checked against the counts first`);
    return {
      content: given ? given.content : this.content.shared(),
      promptTokens: given ? given.prompt : this.promptTokens.shared(),
      systemOf: this.systemOf.shared(),
      systemTokens: this.systemTokens,
      alone: given ? given.alone : this.alone.shared(),
      languageOf: this.languageOf.shared(),
    };
  }
}

/** Counts of pairs already in memory, in slices; `onProgress` after each. */
export async function pairTokens(
  pairs: readonly Pair[],
  counter: TokenCounter,
  onProgress?: (counted: number, total: number) => void,
  sample?: SampleCounter,
  languages?: LanguageChoice,
): Promise<PairCounts> {
  const counting = new PairCounter(counter, sample, languages);
  for (let start = 0; start < pairs.length; start += COUNT_SLICE) {
    await counting.add(pairs.slice(start, start + COUNT_SLICE));
    onProgress?.(counting.length, pairs.length);
  }
  return counting.done();
}

/**
 * Stable partition of a shuffled order by a key per pair (system prompt and language),
 * buckets in the order their first member appears: groups are then cut within one
 * bucket, and the shuffle still decides both the order of buckets and the order inside
 * each.
 */
export function partitionBySystem(order: Uint32Array, systemOf: Uint32Array, systems: number): void {
  const sizes = new Uint32Array(systems);
  const rank = new Int32Array(systems).fill(-1);
  let ranked = 0;
  for (const i of order) {
    const id = systemOf[i] as number;
    sizes[id] = (sizes[id] as number) + 1;
    if (rank[id] === -1) rank[id] = ranked++;
  }
  const startOfRank = new Uint32Array(ranked + 1);
  for (let id = 0; id < systems; id++) if ((rank[id] as number) >= 0) startOfRank[(rank[id] as number) + 1] = sizes[id] as number;
  for (let r = 1; r <= ranked; r++) startOfRank[r] = (startOfRank[r] as number) + (startOfRank[r - 1] as number);
  const copy = order.slice();
  for (const i of copy) {
    const r = rank[systemOf[i] as number] as number;
    order[startOfRank[r] as number] = i;
    startOfRank[r] = (startOfRank[r] as number) + 1;
  }
}
