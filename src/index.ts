/**
 * mosaic-it as a library. Nothing here touches the process: no argv, no exit, no
 * stdout. A run as the CLI makes it (any input format, worker threads, shards, texts
 * spilled past a memory budget):
 *
 *   const options = await resolveAugmentOptions({ tokenizer: 'o200k_base', maxTokens: 4096 });
 *   const run = await runAugmentation(['data.jsonl'], options, { threads: 4 });
 *   await run.write({ path: 'mosaics.jsonl', container: 'jsonl' });   // or: for await (const record of run)
 *   console.log(run.summary);
 *
 * Mosaics of pairs in memory, built in this thread:
 *
 *   const pairs = await readPairs(['data.jsonl']);   // any format; readDataset also counts skips
 *   const augmentation = await augment(pairs, { seed: 7, maxTokens: 4096 });
 *   for await (const mosaic of augmentation) { ... }
 */
export { runAugmentation, AugmentationRun, type RunSettings, type RunInputs, type DatasetCounts } from './run.js';
export { augment, Augmentation, type AugmentSummary, type AugmentProgress, type AugmentationSettings } from './mosaic/augment.js';
export { decide, type Composition } from './mosaic/compose.js';
export { renderMosaic, metaInstruction } from './mosaic/render.js';
export { renderSegments, joinSegments, type Segment, type SegmentKind, type SegmentedText } from './mosaic/render-segments.js';
export { GroupView } from './mosaic/group-view.js';
export { permuteOrder, permuteUnavailable } from './strategies/permute.js';
export { maskedNumbers, maskoutUnavailable } from './strategies/maskout.js';
export type { Unavailable } from './strategies/rule.js';
export { charCounts, wordCounts, alphaKey, type CharCounts, type WordCounts, type AlphaKey } from './mosaic/text-measures.js';
export { ENGLISH } from './language/english.js';
export { CHINESE } from './language/chinese.js';
export { chooseLanguages, languageOf, type LanguageChoice } from './language/choice.js';
export type { LanguagePack, Forms, NumberingStyle, MarkerStyle } from './language/pack.js';
export { parsePack, languagePackSchema } from './language/pack-schema.js';
export { loadPackFile, packToYaml, type LoadedPack } from './language/pack-file.js';
export { builtInPacks } from './language/built-in.js';
export { parseStrategies, type StrategyChoice } from './mosaic/strategy-choices.js';
export { resolveAugmentOptions, augmentOptionsSchema, DEFAULTS, type AugmentOptions, type ResolvedAugmentOptions } from './options.js';
export { OptionError } from './errors.js';
export type { Strategies, RuleList } from './strategies.js';
export { readPairs, readDataset, type ReadOptions, type ReadProgress, type Dataset } from './io/read-pairs.js';
export { readRecords } from './io/open-input.js';
export { inspectDatasets, type InspectOptions, type InspectReport, type FileReport } from './inspect/inspect.js';
export { lengthStats, histogram, nearestRank, type LengthStats, type HistogramBin } from './inspect/length-stats.js';
export { expandInputs } from './io/expand-inputs.js';
export { readJsonRecords, type InputSource, type LocatedValue } from './io/read-json.js';
export { writeRecords, type OutputTarget, type WriteOptions, type Container } from './io/write-records.js';
export * from './formats/index.js';
export { approxCounter, approxTokenCount } from './tokens/approx.js';
export { resolveTokenizer, TOKENIZER_NAMES, DEFAULT_TOKENIZER } from './tokens/resolve.js';
export { loadHfCounter } from './tokens/hf-engine.js';
export { loadOpenAiCounter, OPENAI_ENCODINGS } from './tokens/openai.js';
export type { TokenCounter } from './tokens/counter.js';
export { kSampler, K_DISTRIBUTIONS, type KDistribution } from './rng/k-distributions.js';
export { rngFor, type Rng } from './rng/random.js';
export { DataError, UsageError, OutputError, ClosedPipeError, WriteAbortedError, ProblemsFound } from './errors.js';
export * from './types.js';
