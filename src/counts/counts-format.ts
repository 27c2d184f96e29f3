import { z } from 'zod';
import type { Sink } from '../io/pending-file.js';
import type { InputIdentity, TemplateIdentity, TokenizerIdentity } from './identity.js';

/**
 * A counts file: every pair's token counts, made once (`mosaic-it count`) and read by any
 * number of augment runs or shards instead of tokenizing the input again. Text, made of
 * parts, so that parts counted apart (count --shard i/n) concatenate into a whole file:
 *
 *   {"mosaic-it counts":1,"tokenizer":{...},"chatTemplate":null,"input":{...},"pairs":N,"range":[lo,hi],"fields":[...]}
 *   12 85 0
 *   7 130 0
 *   ...                       (hi - lo lines: pairs lo .. hi-1, in the order read)
 *
 * A line of numbers holds one pair's counts, in the header's `fields` order: the prompt's
 * tokens, the response's, its system prompt's (0 without one), and with a chat template
 * the pair alone as the template renders it. Parts may come in any order; together they
 * must cover [0, N) exactly once. Decimal text keeps the file readable with any tool and
 * parses at hundreds of MB a second; it is about 10 bytes a pair.
 */
export const COUNTS_VERSION = 1;

/** The key that opens every header, its value the format's version. */
export const COUNTS_KEY = 'mosaic-it counts';

export const PLAIN_FIELDS = ['prompt', 'response', 'system'] as const;
export const TEMPLATE_FIELDS = ['prompt', 'response', 'system', 'alone'] as const;
export type CountFields = typeof PLAIN_FIELDS | typeof TEMPLATE_FIELDS;

/** One part's header line. */
export interface CountsHeader {
  readonly [COUNTS_KEY]: typeof COUNTS_VERSION;
  readonly tokenizer: TokenizerIdentity;
  readonly chatTemplate: TemplateIdentity | null;
  readonly input: InputIdentity;
  /** N: the pairs the input gives, in all parts together. */
  readonly pairs: number;
  /** The pairs of this part: [lo, hi). */
  readonly range: readonly [number, number];
  readonly fields: CountFields;
}

const count = z.number().int().min(0).max(0xffffffff);
const hex = z.string().regex(/^[0-9a-f]{64}$/);

/** A header line's JSON, checked; what it must hold beyond the version key. */
export const headerSchema = z
  .object({
    [COUNTS_KEY]: z.literal(COUNTS_VERSION),
    tokenizer: z.object({ name: z.string(), id: z.string().min(1) }).strict(),
    chatTemplate: z.object({ sha256: hex }).strict().nullable(),
    input: z
      .object({
        sha256: hex,
        inputs: z.array(z.object({ sha256: hex, bytes: z.number().int().min(0) }).strict()),
        read: z
          .object({
            format: z.string().nullable(),
            map: z.record(z.string(), z.string()).nullable(),
            multiTurn: z.string(),
            preference: z.string(),
            ktoUndesirable: z.string(),
            onInvalid: z.string(),
          })
          .strict(),
      })
      .strict(),
    pairs: count,
    range: z.tuple([count, count]).refine(([lo, hi]) => lo <= hi, { error: 'expected range [lo, hi] with lo <= hi' }),
    fields: z.union([z.tuple([z.literal('prompt'), z.literal('response'), z.literal('system')]), z.tuple([z.literal('prompt'), z.literal('response'), z.literal('system'), z.literal('alone')])]),
  })
  .strict()
  .refine((h) => h.range[1] <= h.pairs, { error: 'expected the range to end at or before "pairs"' }) as unknown as z.ZodType<CountsHeader>;

/** One part's counts, pair by pair from range[0]: the columns of its lines. */
export interface PartCounts {
  readonly prompt: ArrayLike<number>;
  readonly response: ArrayLike<number>;
  readonly system: ArrayLike<number>;
  /** With a chat template only. */
  readonly alone?: ArrayLike<number>;
}

// Lines written per block handed to the sink: about 1 MB.
const LINES_PER_BLOCK = 1 << 16;

/** Writes one part: its header, then a line per pair of its range. */
export async function writeCountsPart(sink: Sink, header: CountsHeader, counts: PartCounts): Promise<void> {
  await sink(`${JSON.stringify(header)}\n`);
  const n = header.range[1] - header.range[0];
  const { prompt, response, system, alone } = counts;
  for (let start = 0; start < n; start += LINES_PER_BLOCK) {
    let block = '';
    for (let i = start; i < Math.min(n, start + LINES_PER_BLOCK); i++) {
      block += alone ? `${prompt[i]} ${response[i]} ${system[i]} ${alone[i]}\n` : `${prompt[i]} ${response[i]} ${system[i]}\n`;
    }
    await sink(block);
  }
}
