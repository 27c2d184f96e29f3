import { createHash, type Hash } from 'node:crypto';
import { createReadStream, existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Shard } from '../mosaic/augment.js';
import type { OutputFormat } from '../formats/format-names.js';
import type { InputFormat } from '../formats/input-formats.js';
import type { Container } from '../io/write-records.js';
import type { ResolvedAugmentOptions } from '../options.js';
import { tokenizerFile, tokenizerFolder } from '../tokens/resolve.js';
import type { RunSummary } from './summary.js';
import { packageVersion } from './version.js';

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

/** What a manifest is made of, as the augment command has it at the end of a run. */
export interface ManifestParts {
  readonly options: ResolvedAugmentOptions;
  readonly reading: {
    readonly format?: InputFormat;
    readonly map?: string;
    readonly multiTurn: string;
    readonly onInvalid?: string;
    readonly preference?: string;
    readonly ktoUndesirable?: string;
  };
  readonly writing: { readonly to: OutputFormat; readonly container: Container; readonly gzip: boolean; readonly meta: boolean; readonly shard?: Shard };
  /** --tokenizer as given: a name, or the path whose files are hashed. */
  readonly tokenizerValue: string;
  readonly inputs: ReadonlyArray<{ readonly path: string; readonly digest: Digest; readonly records: number; readonly format: InputFormat | null }>;
  readonly output: { readonly path: string; readonly digest: Digest; readonly records: number };
  readonly summary: RunSummary;
}

export async function buildManifest(parts: ManifestParts): Promise<Manifest> {
  const s = parts.summary;
  return {
    tool: 'mosaic-it',
    version: packageVersion(),
    command: 'augment',
    options: resolvedOptions(parts.options, parts.reading, parts.writing),
    tokenizer: await tokenizerIdentity(parts.options, parts.tokenizerValue),
    inputs: parts.inputs.map((i) => ({ path: i.path, sha256: i.digest.hex(), bytes: i.digest.bytes, records: i.records, format: i.format })),
    output: {
      path: parts.output.path,
      sha256: parts.output.digest.hex(),
      bytes: parts.output.digest.bytes,
      records: parts.output.records,
      format: parts.writing.to,
      container: parts.writing.container,
    },
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

/** The options as the run used them: parsed values, not the strings typed. */
function resolvedOptions(options: ResolvedAugmentOptions, reading: ManifestParts['reading'], writing: ManifestParts['writing']): Record<string, unknown> {
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
    lang: options.languages.fixed === null ? 'auto' : (options.languages.packs[options.languages.fixed] as { name: string }).name,
    // Every pack the run could speak: built-in ones by name and version, files by sha256.
    packs: options.languages.packs.map((pack) => {
      const user = options.packSources.find((s) => s.name === pack.name);
      return user ? { name: pack.name, version: pack.version, file: user.file, sha256: user.sha256 } : { name: pack.name, version: pack.version, builtIn: true };
    }),
    format: reading.format ?? 'detected',
    map: reading.map ?? null,
    multiTurn: reading.multiTurn,
    onInvalid: reading.onInvalid ?? 'fail',
    preference: reading.preference ?? 'skip',
    ktoUndesirable: reading.ktoUndesirable ?? 'skip',
    to: writing.to,
    outputFormat: writing.container,
    compression: writing.gzip ? 'gzip' : null,
    meta: writing.meta,
    // Which part of the whole this output is; null for the whole. --memory is not here:
    // it changes where texts wait, never the output.
    shard: writing.shard ? `${writing.shard.index}/${writing.shard.count}` : null,
  };
}

/** The tokenizer by name, and for a tokenizer file the sha256 of each file that defines it. */
async function tokenizerIdentity(options: ResolvedAugmentOptions, value: string): Promise<Manifest['tokenizer']> {
  const base = { name: options.tokenizer.name, exact: options.tokenizer.exact };
  const folder = await tokenizerFolder(value);
  if (folder === null) return base;
  const json = await tokenizerFile(value);
  const files: Record<string, string> = { [basename(json)]: (await fileDigest(json)).sha256 };
  // The chat template is read from either file; whichever is there shaped the counts.
  if (options.chatTemplate !== null) {
    for (const name of ['tokenizer_config.json', 'chat_template.jinja']) {
      const path = join(folder, name);
      if (existsSync(path)) files[name] = (await fileDigest(path)).sha256;
    }
  }
  return { ...base, files };
}
