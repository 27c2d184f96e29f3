import { createHash, type Hash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import type { InputFormat, OutputFormat } from '../formats/format-names.js';
import type { Container } from '../io/write-records.js';
import type { ResolvedAugmentOptions } from '../options.js';
import type { RunSummary } from './summary.js';

/** sha256 of a byte stream fed in pieces, with its length. */
export class Digest {
  private readonly hash: Hash = createHash('sha256');
  bytes = 0;

  update(chunk: string | Uint8Array): void {
    this.bytes += typeof chunk === 'string' ? Buffer.byteLength(chunk, 'utf8') : chunk.length;
    this.hash.update(chunk);
  }

  hex(): string {
    return this.hash.digest('hex');
  }
}

export async function fileDigest(path: string): Promise<{ sha256: string; bytes: number }> {
  const digest = new Digest();
  for await (const chunk of createReadStream(path)) digest.update(chunk as Uint8Array);
  return { sha256: digest.hex(), bytes: digest.bytes };
}

export interface FileRecord {
  /** As given (glob patterns expanded); "-" for stdin or stdout. */
  readonly path: string;
  readonly sha256: string;
  readonly bytes: number;
  readonly records: number;
}

/**
 * Everything needed to rebuild the output and check it: the tool version, every option
 * as resolved (defaults included), what went in and what came out, byte for byte.
 * It holds no clock time, so the same run gives the same manifest.
 */
export interface Manifest {
  readonly tool: 'mosaic-it';
  readonly version: string;
  readonly command: 'augment';
  readonly options: Readonly<Record<string, unknown>>;
  readonly tokenizer: { readonly name: string; readonly exact: boolean; readonly files?: Readonly<Record<string, string>> };
  readonly inputs: ReadonlyArray<FileRecord & { readonly format: InputFormat | null }>;
  readonly output: FileRecord & { readonly format: OutputFormat; readonly container: Container };
  readonly counts: {
    readonly records: number;
    readonly pairs: number;
    readonly mosaics: number;
    readonly byStrategy: RunSummary['byStrategy'];
    readonly byRule: RunSummary['byRule'];
    readonly dropped: RunSummary['dropped'];
    readonly skipped: RunSummary['skipped'];
    readonly invalid: RunSummary['invalid'];
  };
}

/** The options as the run used them: parsed values, not the strings typed. */
export function resolvedOptions(
  options: ResolvedAugmentOptions,
  reading: { format?: InputFormat; map?: string; multiTurn: string; onInvalid?: string },
  writing: { to: OutputFormat; container: Container; meta: boolean },
): Record<string, unknown> {
  // The --permute-rules and --maskout-rules lists as the plain strategy entries took them;
  // null when that entry is not used (aliases such as reverse carry their own rule).
  const rulesOf = (strategy: string) => options.choices.find((c) => c.label === strategy)?.rules ?? null;
  return {
    seed: options.seed,
    epochs: options.epochs,
    maxK: options.maxK,
    kDist: options.kDist,
    maxTokens: options.maxTokens,
    tokenizer: options.tokenizer.name,
    chatTemplate: options.chatTemplate !== null,
    strategies: Object.fromEntries(options.choices.map((c) => [c.label, c.weight])),
    permuteRules: rulesOf('permute'),
    maskoutRules: rulesOf('maskout'),
    format: reading.format ?? 'detected',
    map: reading.map ?? null,
    multiTurn: reading.multiTurn,
    onInvalid: reading.onInvalid ?? 'fail',
    to: writing.to,
    outputFormat: writing.container,
    meta: writing.meta,
  };
}

export function manifestOf(parts: {
  version: string;
  options: Record<string, unknown>;
  tokenizer: Manifest['tokenizer'];
  inputs: Manifest['inputs'];
  output: Manifest['output'];
  summary: RunSummary;
}): Manifest {
  const s = parts.summary;
  return {
    tool: 'mosaic-it',
    version: parts.version,
    command: 'augment',
    options: parts.options,
    tokenizer: parts.tokenizer,
    inputs: parts.inputs,
    output: parts.output,
    counts: {
      records: s.records,
      pairs: s.pairs,
      mosaics: s.mosaics,
      byStrategy: s.byStrategy,
      byRule: s.byRule,
      dropped: s.dropped,
      skipped: s.skipped,
      invalid: s.invalid,
    },
  };
}
