import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { OutputFormat } from '../formats/format-names.js';
import type { InputFormat } from '../formats/input-formats.js';
import { Digest, fileDigest } from '../io/digest.js';
import type { Container } from '../io/write-records.js';
import { keysOf, MANIFEST_GROUPS, specOf, type ManifestSources } from '../option-table.js';
import type { ResolvedAugmentOptions } from '../options.js';
import { TEMPLATE_FILES } from '../tokens/chat-template.js';
import { tokenizerFile, tokenizerFolder } from '../tokens/resolve.js';
import type { RunSummary } from './summary.js';
import { packageVersion } from './version.js';

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
  readonly reading: ManifestSources['reading'];
  readonly writing: ManifestSources['writing'];
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
    options: manifestOptions(parts),
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

/**
 * The options as the run used them: parsed values, not the strings typed; each option
 * of the table contributes its fields, build options first, then read, then output.
 */
export function manifestOptions(parts: Pick<ManifestParts, 'options' | 'reading' | 'writing'>): Record<string, unknown> {
  const run: ManifestSources = { resolved: parts.options, reading: parts.reading, writing: parts.writing };
  const fields: Record<string, unknown> = {};
  for (const group of MANIFEST_GROUPS) {
    for (const key of keysOf(group)) {
      const rule = specOf(key).manifest;
      if ('fields' in rule) Object.assign(fields, rule.fields(run));
    }
  }
  return fields;
}

/** The tokenizer by name, and for a tokenizer file the sha256 of each file that defines it. */
async function tokenizerIdentity(options: ResolvedAugmentOptions, value: string): Promise<Manifest['tokenizer']> {
  const base = { name: options.tokenizer.name, exact: options.tokenizer.exact };
  const folder = await tokenizerFolder(value);
  if (folder === null) return base;
  const json = await tokenizerFile(value);
  const files: Record<string, string> = { [basename(json)]: (await fileDigest(json)).sha256 };
  // The chat template is read from one of these files; whichever are there shaped the counts.
  if (options.chatTemplate !== null) {
    for (const name of TEMPLATE_FILES) {
      const path = join(folder, name);
      if (existsSync(path)) files[name] = (await fileDigest(path)).sha256;
    }
  }
  return { ...base, files };
}
