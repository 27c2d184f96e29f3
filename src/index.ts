/**
 * mosaic-it as a library: what a user needs to read datasets, run an augmentation as the
 * CLI does, write the records, load a tokenizer or a language pack, and tell the errors
 * apart. Nothing here touches the process: no argv, no exit, no stdout.
 *
 * A run as the CLI makes it (any input format, worker threads, shards, texts spilled past
 * a memory budget):
 *
 *   const options = await resolveAugmentOptions({ tokenizer: 'o200k_base', maxTokens: 4096 });
 *   const run = await runAugmentation(['data.jsonl'], options, { threads: 4 });
 *   await run.write({ path: 'mosaics.jsonl', container: 'jsonl' });   // or: for await (const record of run)
 *   console.log(run.summary);
 *
 * Counting once for many runs or shards (a counts file, as `mosaic-it count` writes it):
 *
 *   const part = await countPairs(['data.jsonl'], options);          // { shard } for a part
 *   await part.write(sink);                                          // header line, a line per pair
 *   await runAugmentation(['data.jsonl'], options, { counts: 'data.counts', shard });
 *
 * Mosaics of pairs in memory, built in this thread:
 *
 *   const pairs = await readPairs(['data.jsonl']);   // any format; readDataset also counts skips
 *   const augmentation = await augment(pairs, { seed: 7, maxTokens: 4096 });
 *   for await (const mosaic of augmentation) { ... }
 *
 * The planner, the rules and the measures behind them are internal: their names may
 * change in any release.
 */

// Running
export { runAugmentation, AugmentationRun, type RunSettings, type RunInputs, type DatasetCounts } from './run.js';
export { augment, Augmentation, type AugmentSummary, type AugmentProgress, type AugmentationSettings } from './mosaic/augment.js';
export { resolveAugmentOptions, DEFAULTS, type AugmentOptions, type ResolvedAugmentOptions } from './options.js';
export type { Strategies, RuleList } from './strategies.js';
export type { KDistribution } from './rng/k-distributions.js';
export { countPairs, type CountSettings, type CountedPart } from './counts/count-pairs.js';
export type { CountsHeader } from './counts/counts-format.js';
export type { CountsSource } from './counts/counts-reader.js';

// Reading
export { readPairs, readDataset, type ReadOptions, type ReadProgress, type Dataset } from './io/read-pairs.js';
export { readRecords } from './io/open-input.js';
export { expandInputs } from './io/expand-inputs.js';
export type { InputSource, LocatedValue } from './io/read-json.js';
export { recordToPairs, type RecordSpec } from './formats/record-pairs.js';
export { detectFormat } from './formats/detect.js';
export { parseFieldMap, type FieldMap } from './formats/field-map.js';
export { INPUT_FORMATS, type InputFormat } from './formats/input-formats.js';
export { MULTI_TURN_POLICIES, SKIP_REASONS, type MultiTurn, type SkipReason, type RecordPairs } from './formats/format-names.js';

// Writing
export { OUTPUT_FORMATS, type OutputFormat } from './formats/format-names.js';
export { mosaicToRecord, type OutputRecord, type OutputOptions } from './formats/output.js';
export type { AlpacaRecord } from './formats/alpaca.js';
export type { ShareGptRecord } from './formats/sharegpt.js';
export type { MessagesRecord, ChatMessage } from './formats/messages.js';
export type { PromptCompletionRecord, StringPromptCompletionRecord, ConversationalPromptCompletionRecord } from './formats/prompt-completion.js';
export { datasetInfoEntry, mergeDatasetInfo, type DatasetInfoEntry, type DatasetInfoOptions } from './formats/dataset-info.js';
export { writeRecords, type OutputTarget, type WriteOptions, type Container } from './io/write-records.js';

// Token counting
export { resolveTokenizer, TOKENIZER_NAMES, DEFAULT_TOKENIZER } from './tokens/resolve.js';
export { approxCounter } from './tokens/approx.js';
export type { TokenCounter } from './tokens/counter.js';

// Languages
export { ENGLISH } from './language/english.js';
export { CHINESE } from './language/chinese.js';
export { builtInPacks } from './language/built-in.js';
export type { LanguagePack, Forms, NumberingStyle, MarkerStyle } from './language/pack.js';
export { parsePack } from './language/pack-schema.js';
export { loadPackFile, packToYaml, type LoadedPack } from './language/pack-file.js';

// Inspecting
export { inspectDatasets, type InspectOptions, type InspectReport, type FileReport } from './inspect/inspect.js';

// Errors
export { DataError, UsageError, OptionError, OutputError, ClosedPipeError, WriteAbortedError, ProblemsFound } from './errors.js';

// Data types: Pair, Mosaic, MosaicMeta, strategy and rule names
export type { Composition } from './mosaic/composition.js';
export * from './types.js';
