import { DataError, describeValue, formatLocation } from '../errors.js';
import { readMeta, type MetaView } from '../inspect/mosaic-meta.js';
import { isObject } from '../formats/record-fields.js';
import type { InputSource } from '../io/read-json.js';
import { readDataset, type ReadOptions } from '../io/read-pairs.js';
import type { LanguagePack } from '../language/pack.js';
import type { SourceLocation } from '../location.js';
import type { ChatTemplate } from '../tokens/chat-template.js';
import { countSum, type TokenCounter } from '../tokens/counter.js';
import type { MosaicMeta, Pair } from '../types.js';
import type { Composition } from '../mosaic/composition.js';
import { rejectedResponse, validRejection, type Rejection } from '../preference/rejection.js';
import { verifyMosaic, type SourceTexts } from './verify-mosaic.js';

export interface CheckOptions {
  /** How the source files are read: the format flags augment was given. */
  readonly sources?: ReadOptions;
  /** Every pack a mosaic may be in, by name (the built-in ones and any --templates). */
  readonly packs: readonly LanguagePack[];
  /** With maxTokens: each mosaic must fit, counted as augment's budget counts. */
  readonly tokenizer?: TokenCounter;
  readonly chatTemplate?: ChatTemplate | null;
  readonly maxTokens?: number;
  /** Receives each problem as it is found, one line naming the record. */
  readonly onProblem?: (problem: CheckProblem) => void;
  readonly onWarning?: (message: string) => void;
  readonly signal?: AbortSignal;
}

export interface CheckProblem {
  readonly location: SourceLocation;
  readonly message: string;
}

export interface CheckResult {
  /** Mosaic records checked (files without meta are one problem each, their records not counted). */
  readonly records: number;
  /** Records with at least one problem. */
  readonly failed: number;
  readonly problems: number;
  /** Source records read, across the source files. */
  readonly sourceRecords: number;
}

/**
 * Verifies a mosaic dataset against the files it was built from, record by record (see
 * verifyMosaic), through the provenance augment --meta wrote. The sources are read first
 * and their pairs kept by record index; the mosaics are then streamed, in any layout and
 * container augment writes (their records read back as the pairs they hold).
 */
export async function checkMosaics(mosaics: readonly InputSource[], sources: readonly InputSource[], options: CheckOptions): Promise<CheckResult> {
  const bySource = new Map<number, Pair[]>();
  const sourceData = await readDataset(sources, {
    ...options.sources,
    keepPairs: false,
    onWarning: options.onWarning,
    onRecord: ({ source, pairs }) => {
      if (pairs.length > 0) bySource.set(source, pairs.slice());
    },
  });
  const packs = new Map(options.packs.map((p) => [p.name, p]));
  let records = 0;
  let failed = 0;
  let problems = 0;
  let current = -1;
  let withoutMeta = false;
  const report = (location: SourceLocation, messages: readonly string[]) => {
    failed++;
    for (const message of messages) {
      problems++;
      options.onProblem?.({ location, message });
    }
  };
  await readDataset(mosaics, {
    keepPairs: false,
    // Preference output is read with its chosen response, the one that must be true.
    preference: 'chosen',
    // A mosaic's own meta is read here; readDataset's warning about it would only confuse.
    onWarning: undefined,
    onRecord: async ({ input, value, location, pairs }) => {
      options.signal?.throwIfAborted();
      // Like the format, provenance is decided on a file's first record: a file written
      // without --meta is one problem, not one per record.
      if (input !== current) {
        current = input;
        withoutMeta = !(isObject(value) && isObject(value.meta));
        if (withoutMeta) {
          problems++;
          options.onProblem?.({ location: { file: location.file }, message: 'no "meta" in its first record: check needs a file written with augment --meta' });
        }
      }
      if (withoutMeta) return;
      records++;
      const meta = metaOf(value, location);
      if (typeof meta === 'string') return report(location, [meta]);
      const pair = pairs[0];
      if (pair === undefined || pairs.length > 1) return report(location, ['expected one prompt and one response in the record']);
      const pack = packs.get(meta.lang);
      if (!pack) return report(location, [`meta.lang: no language pack named "${meta.lang}" (give its file with --templates)`]);
      const texts = sourceTexts(meta, bySource);
      if (typeof texts === 'string') return report(location, [texts]);
      const verdict = verifyMosaic({ prompt: pair.prompt, response: pair.response, system: pair.system, meta }, texts, pack);
      const found = verdict.ok ? [] : [...verdict.problems];
      if (isObject(value) && value.rejected !== undefined) found.push(...rejectedProblems(value, verdict.ok ? verdict.layout.composition : null, texts));
      if (options.tokenizer && options.maxTokens !== undefined) found.push(...(await budgetProblems(pair, meta, options)));
      if (found.length > 0) report(location, found);
    },
  });
  return { records, failed, problems, sourceRecords: sourceData.records };
}

/**
 * The meta of a record, checked for shape; a string says what is wrong with it. The fields
 * inspect reads are read as inspect reads them (readMeta); check needs the rest too.
 */
function metaOf(value: unknown, location: SourceLocation): MosaicMeta | string {
  let view: MetaView;
  try {
    view = readMeta(value, location);
  } catch (error) {
    if (error instanceof DataError) return error.detail;
    throw error;
  }
  const meta = (value as { meta: Record<string, unknown> }).meta;
  const numbers = (v: unknown): v is number[] => Array.isArray(v) && v.every((n) => Number.isSafeInteger(n) && (n as number) >= 1);
  if (!numbers(meta.order) || !numbers(meta.masked)) return 'fields "meta.order" and "meta.masked": expected lists of instruction numbers';
  if (typeof meta.numbered !== 'boolean') return `field "meta.numbered": expected true or false, found ${describeValue(meta.numbered)}`;
  if (typeof meta.tokens !== 'number') return `field "meta.tokens": expected a number, found ${describeValue(meta.tokens)}`;
  return {
    epoch: view.epoch,
    sources: [...view.sources],
    strategy: view.strategy as MosaicMeta['strategy'],
    rule: view.rule as MosaicMeta['rule'],
    order: meta.order,
    masked: meta.masked,
    numbered: meta.numbered,
    // Files from before meta carried the language were all English.
    lang: view.lang ?? 'en',
    tokens: meta.tokens,
  };
}

function sourceTexts(meta: MosaicMeta, bySource: ReadonlyMap<number, readonly Pair[]>): SourceTexts | string {
  const pairs: Pair[] = [];
  for (const s of meta.sources) {
    const got = bySource.get(s);
    if (got === undefined) return `meta.sources: record ${s} is not a usable pair of the --sources files (are they the files, in the order, augment was given?)`;
    if (got.length > 1) return `meta.sources: record ${s} holds ${got.length} pairs; check cannot tell which one a mosaic took`;
    pairs.push(got[0] as Pair);
  }
  const systems = new Set(pairs.map((p) => p.system ?? ''));
  if (systems.size > 1) return 'meta.sources: the records have different system prompts, which augment never puts in one mosaic';
  return { prompts: pairs.map((p) => p.prompt), responses: pairs.map((p) => p.response), system: pairs[0]?.system };
}

/** The mosaic's tokens as augment's budget counts them: within --max-tokens, and as meta says. */
async function budgetProblems(pair: Pair, meta: MosaicMeta, options: CheckOptions): Promise<string[]> {
  const counter = options.tokenizer as TokenCounter;
  const template = options.chatTemplate;
  const tokens = template
    ? await countSum(counter, template.render({ system: pair.system, prompt: pair.prompt, response: pair.response }))
    : await countSum(counter, ...(pair.system === undefined ? [] : [pair.system]), pair.prompt, pair.response);
  const problems: string[] = [];
  if (tokens > (options.maxTokens as number)) problems.push(`tokens: ${tokens} under ${counter.name}, over --max-tokens ${options.maxTokens}`);
  if (tokens !== meta.tokens) problems.push(`meta.tokens: says ${meta.tokens}, ${counter.name} counts ${tokens}`);
  return problems;
}

/**
 * A preference record's rejected response must be its chosen one broken in exactly the
 * way meta.rejected records, and that way must be one the chosen response can be broken in.
 */
function rejectedProblems(record: Record<string, unknown>, chosen: Composition | null, texts: SourceTexts): string[] {
  const rejection = isObject(record.meta) ? (record.meta.rejected as Rejection | undefined) : undefined;
  const shapeOk = isObject(rejection) && typeof rejection.kind === 'string' && Number.isSafeInteger(rejection.answer) && Array.isArray(rejection.order);
  if (!shapeOk) return ['field "meta.rejected": expected {kind, answer, order}, as augment --to dpo --meta writes'];
  if (chosen === null) return [];
  if (!validRejection(rejection, chosen, texts.responses)) return [`meta.rejected: ${JSON.stringify(rejection)} is not a way to break this mosaic (kind "${rejection.kind}", answer ${rejection.answer})`];
  const text = rejectedText(record.rejected);
  if (text === null) return ['field "rejected": expected text, a message, or a list with one assistant message'];
  const expected = rejectedResponse(texts.responses, chosen, rejection);
  return text === expected ? [] : [`rejected: differs from the chosen response broken as meta.rejected says (${rejection.kind}, answer ${rejection.answer})`];
}

/** The rejected answer's text, in whichever layout the record holds it. */
function rejectedText(value: unknown): string | null {
  if (typeof value === 'string') return value;
  if (isObject(value) && typeof value.value === 'string') return value.value;
  if (Array.isArray(value) && value.length === 1 && isObject(value[0]) && typeof value[0].content === 'string') return value[0].content;
  return null;
}

/** One problem as check prints it. */
export function formatProblem(problem: CheckProblem): string {
  return `${formatLocation(problem.location)}: ${problem.message}`;
}
