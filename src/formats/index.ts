/** Reading records of every input format into pairs, and writing mosaics in every output format. */
export { INPUT_FORMATS, DEFAULT_OUTPUT_FORMAT, type InputFormat } from './input-formats.js';
export {
  OUTPUT_FORMATS,
  MULTI_TURN_POLICIES,
  SKIP_REASONS,
  type OutputFormat,
  type MultiTurn,
  type SkipReason,
  type RecordPairs,
} from './format-names.js';
export { recordToPairs, type RecordSpec } from './record-pairs.js';
export { detectFormat, describeMismatch } from './detect.js';
export { parseFieldMap, assertMapFits, formatsTaking, FIELD_MAP_KEYS, type FieldMap, type FieldMapKey } from './field-map.js';
export { mosaicToRecord, type OutputRecord, type OutputOptions } from './output.js';
export { alpacaToPair, mosaicToAlpaca, type AlpacaRecord } from './alpaca.js';
export { mosaicToShareGpt, type ShareGptRecord } from './sharegpt.js';
export { mosaicToMessages, type MessagesRecord, type ChatMessage } from './messages.js';
export {
  mosaicToPromptCompletion,
  type PromptCompletionRecord,
  type StringPromptCompletionRecord,
  type ConversationalPromptCompletionRecord,
} from './prompt-completion.js';
export { datasetInfoEntry, mergeDatasetInfo, type DatasetInfoEntry, type DatasetInfoOptions } from './dataset-info.js';
