import { alpacaToPair } from '../formats/alpaca.js';
import type { Pair } from '../types.js';
import { readJsonRecords, type InputSource } from './read-json.js';

/**
 * Reads every input in the order given into pairs. A pair's `source` is the 0-based
 * index of its record counted across all inputs, which is what meta.sources reports.
 */
export async function readPairs(inputs: readonly InputSource[]): Promise<Pair[]> {
  const pairs: Pair[] = [];
  for (const input of inputs) {
    for await (const { value, location } of readJsonRecords(input)) {
      pairs.push(alpacaToPair(value, location, pairs.length));
    }
  }
  return pairs;
}
