import { DataError } from '../errors.js';
import { PairKeeper } from '../io/pair-store.js';
import type { Sink } from '../io/pending-file.js';
import { readDataset, type ReadOptions } from '../io/read-pairs.js';
import type { InputSource } from '../io/read-json.js';
import { shardBlocks, type Shard } from '../mosaic/blocks.js';
import { COUNT_SLICE, PairCounter, type PairCounts } from '../mosaic/pair-tokens.js';
import { SampleCounter } from '../mosaic/sample-count.js';
import type { ResolvedAugmentOptions } from '../resolved-options.js';
import { noPairsMessage, type DatasetCounts } from '../run-collect.js';
import type { Pair } from '../types.js';
import { COUNTS_KEY, COUNTS_VERSION, PLAIN_FIELDS, TEMPLATE_FIELDS, writeCountsPart, type CountsHeader, type PartCounts } from './counts-format.js';
import { InputHasher, templateIdentity, tokenizerIdentity } from './identity.js';

export interface CountSettings {
  /** How files are read, as augment reads them (the same settings give the same pairs), and its hooks. */
  readonly read?: Omit<ReadOptions, 'signal' | 'keepPairs'>;
  /**
   * Count only pairs [floor(N*i/n), floor(N*(i+1)/n)) of the N pairs read: every pair is
   * still read (N and the inputs' identity need them all), only that range is tokenized.
   * The n parts, concatenated in any order, are one counts file.
   */
  readonly shard?: Shard;
  /** With a shard: bytes of pair text held in memory while reading; past it, a spill file (default: no limit). */
  readonly memoryBytes?: number;
  /** Where that spill file goes (default: the current folder). */
  readonly spillDirectory?: string;
  readonly signal?: AbortSignal;
}

/** One part of a counts file, counted: its header, and what reading found. */
export interface CountedPart {
  readonly header: CountsHeader;
  readonly dataset: DatasetCounts;
  /** Writes the part (header line, then a line per pair) to a sink, e.g. a PendingFile's. */
  write(sink: Sink): Promise<void>;
}

/**
 * Reads the inputs as augment does and counts their pairs with augment's counter
 * (PairCounter: prompt, response, system prompt, and with a chat template the pair
 * alone), for a counts file that augment --counts reads instead of counting again. The
 * file records what it was counted with (tokenizer, chat template) and from (the inputs'
 * bytes and read settings) so that a run it does not fit refuses it.
 */
export async function countPairs(inputs: readonly InputSource[], options: ResolvedAugmentOptions, settings: CountSettings = {}): Promise<CountedPart> {
  // Identities first: a tokenizer that cannot be named stops the work before it starts.
  const [tokenizer, chatTemplate] = await Promise.all([tokenizerIdentity(options), templateIdentity(options)]);
  const read = settings.read ?? {};
  const hasher = new InputHasher();
  const counter = new PairCounter(options.tokenizer, await SampleCounter.create(options.tokenizer, options.chatTemplate));
  const sharded = settings.shard !== undefined && settings.shard.count > 1;
  // Unsharded, every pair is counted as it is read; a shard's range is known only once
  // all pairs are, so their texts are kept until then.
  const keeper = sharded ? new PairKeeper(settings.memoryBytes, settings.spillDirectory ?? '.') : null;
  let pending: Pair[] = [];
  const countPending = async (): Promise<void> => {
    const slice = pending;
    pending = [];
    await counter.add(slice);
  };
  try {
    const { pairs: _none, ...dataset } = await readDataset(inputs, {
      ...read,
      signal: settings.signal,
      keepPairs: false,
      onBytes: hasher.tap(read.onBytes),
      onRecord: (record) => {
        const outer = read.onRecord?.(record);
        let counting: Promise<void> | undefined;
        for (const pair of record.pairs) {
          if (keeper) keeper.add(pair);
          else if (pending.push(pair) >= COUNT_SLICE) counting = countPending();
        }
        return outer || counting ? Promise.all([outer, counting]).then(() => undefined) : undefined;
      },
    });
    const names = inputs.map((i) => (typeof i === 'string' ? i : i.name));
    if (dataset.pairCount === 0) throw new DataError(noPairsMessage(names.join(', ') || 'no input', dataset));
    const total = dataset.pairCount;
    const { first: lo, end: hi } = shardBlocks(settings.shard, total);
    if (keeper) await countRange(keeper, lo, hi, counter, settings.signal);
    else await countPending();
    const header: CountsHeader = {
      [COUNTS_KEY]: COUNTS_VERSION,
      tokenizer,
      chatTemplate,
      input: hasher.identity(inputs.length, read),
      pairs: total,
      range: [lo, hi],
      fields: chatTemplate === null ? PLAIN_FIELDS : TEMPLATE_FIELDS,
    };
    const columns = partColumns(counter.done(), chatTemplate !== null);
    return { header, dataset, write: (sink) => writeCountsPart(sink, header, columns) };
  } finally {
    keeper?.abandon();
  }
}

/** Counts pairs [lo, hi) of the texts kept, a slice at a time. */
async function countRange(keeper: PairKeeper, lo: number, hi: number, counter: PairCounter, signal?: AbortSignal): Promise<void> {
  const texts = keeper.texts();
  try {
    for (let start = lo; start < hi; start += COUNT_SLICE) {
      signal?.throwIfAborted();
      const indices = Array.from({ length: Math.min(COUNT_SLICE, hi - start) }, (_, i) => start + i);
      texts.load(indices);
      await counter.add(indices.map((i) => texts.get(i)));
    }
  } finally {
    texts.close();
  }
}

/** The columns a part's lines hold, from what the counter gives. */
function partColumns(counts: PairCounts, withAlone: boolean): PartCounts {
  const { content, promptTokens, systemOf, systemTokens, alone } = counts;
  const response = new Uint32Array(content.length);
  const system = new Uint32Array(content.length);
  for (let i = 0; i < content.length; i++) {
    response[i] = (content[i] as number) - (promptTokens[i] as number);
    system[i] = systemTokens[systemOf[i] as number] as number;
  }
  return { prompt: promptTokens, response, system, ...(withAlone && { alone }) };
}
