import { countAll, type TokenCounter } from '../tokens/counter.js';
import type { Pair } from '../types.js';

/**
 * Token counts of the input, taken once before any pass: each pair's prompt plus
 * response, and each distinct system prompt (typically one or a handful, so counting
 * them once instead of per pair matters).
 */
export interface PairTokens {
  /** Tokens of prompt + response, per pair. */
  readonly content: Float64Array;
  /** Index into systemTokens per pair; 0 is "no system prompt". */
  readonly systemOf: Uint32Array;
  /** Tokens of each distinct system prompt, counted once each. */
  readonly systemTokens: readonly number[];
}

// Pairs per bulk count: large enough for the engine's batches, small enough to report
// progress and stop on an interrupt within a second or so.
const COUNT_SLICE = 8192;

export async function pairTokens(
  pairs: readonly Pair[],
  counter: TokenCounter,
  onProgress?: (counted: number, total: number) => void,
): Promise<PairTokens> {
  const content = new Float64Array(pairs.length);
  // In slices, so that progress can be told; each slice is still one bulk call per field.
  for (let start = 0; start < pairs.length; start += COUNT_SLICE) {
    const slice = pairs.slice(start, start + COUNT_SLICE);
    const prompts = await countAll(counter, slice.map((p) => p.prompt));
    const responses = await countAll(counter, slice.map((p) => p.response));
    for (let i = 0; i < slice.length; i++) content[start + i] = (prompts[i] as number) + (responses[i] as number);
    onProgress?.(start + slice.length, pairs.length);
  }
  const ids = new Map<string, number>();
  const systems: string[] = [];
  const systemOf = new Uint32Array(pairs.length);
  for (let i = 0; i < pairs.length; i++) {
    const system = (pairs[i] as Pair).system;
    if (system === undefined || system === '') continue;
    let id = ids.get(system);
    if (id === undefined) {
      id = systems.push(system);
      ids.set(system, id);
    }
    systemOf[i] = id;
  }
  const systemTokens = [0, ...(await countAll(counter, systems))];
  return { content, systemOf, systemTokens };
}

/**
 * Stable partition of a shuffled order by system prompt, buckets in the order their first
 * member appears: groups are then cut within one system prompt, and the shuffle still
 * decides both the order of buckets and the order inside each.
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
