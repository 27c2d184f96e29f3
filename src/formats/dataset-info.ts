import { DataError, UsageError, describeValue } from '../errors.js';
import type { OutputFormat } from './format-names.js';
import { isObject } from './record-fields.js';

/** One entry of LLaMA-Factory's data/dataset_info.json, as its data/README documents the fields. */
export interface DatasetInfoEntry {
  file_name: string;
  formatting: 'alpaca' | 'sharegpt';
  /** Preference data: each record has a chosen and a rejected answer. */
  ranking?: true;
  columns: Record<string, string>;
  tags?: Record<string, string>;
}

export interface DatasetInfoOptions {
  /** Whether any written record has a system prompt; only then is a system column declared. */
  readonly hasSystem: boolean;
  /** Whether prompt-completion output was written in its conversational (message list) form. */
  readonly conversationalPromptCompletion: boolean;
}

/**
 * The dataset_info.json entry that lets LLaMA-Factory read a file mosaic-it wrote.
 * `fileName` is relative to LLaMA-Factory's dataset_dir, where dataset_info.json lives.
 * - alpaca: columns prompt/query/response (+ system);
 * - sharegpt: "conversations" with LLaMA-Factory's default from/value and human/gpt tags
 *   spelled out (+ the system column);
 * - messages: LLaMA-Factory's OpenAI layout, sharegpt formatting with role/content tags;
 * - prompt-completion (string form): alpaca formatting reading prompt and completion.
 *   LLaMA-Factory has no reader for the conversational form: that is a usage error;
 * - dpo, dpo-sharegpt: the same layouts with `ranking: true` and chosen/rejected columns.
 *   TRL's preference layout (dpo-trl) has no LLaMA-Factory reader: a usage error.
 */
export function datasetInfoEntry(format: OutputFormat, fileName: string, options: DatasetInfoOptions): DatasetInfoEntry {
  const system: Record<string, string> = options.hasSystem ? { system: 'system' } : {};
  switch (format) {
    case 'alpaca':
      return {
        file_name: fileName,
        formatting: 'alpaca',
        columns: { prompt: 'instruction', query: 'input', response: 'output', ...system },
      };
    case 'sharegpt':
      return {
        file_name: fileName,
        formatting: 'sharegpt',
        columns: { messages: 'conversations', ...system },
        tags: { role_tag: 'from', content_tag: 'value', user_tag: 'human', assistant_tag: 'gpt' },
      };
    case 'messages':
      return {
        file_name: fileName,
        formatting: 'sharegpt',
        columns: { messages: 'messages' },
        tags: { role_tag: 'role', content_tag: 'content', user_tag: 'user', assistant_tag: 'assistant', system_tag: 'system' },
      };
    case 'prompt-completion':
      if (options.conversationalPromptCompletion) {
        throw new UsageError(
          'LLaMA-Factory cannot read conversational prompt-completion records; write them with --to messages instead',
          '--dataset-info',
        );
      }
      if (options.hasSystem) throw new Error('string prompt-completion records cannot carry a system prompt');
      return { file_name: fileName, formatting: 'alpaca', columns: { prompt: 'prompt', response: 'completion' } };
    case 'dpo':
      return {
        file_name: fileName,
        formatting: 'alpaca',
        ranking: true,
        columns: { prompt: 'instruction', query: 'input', chosen: 'chosen', rejected: 'rejected', ...system },
      };
    case 'dpo-sharegpt':
      return {
        file_name: fileName,
        formatting: 'sharegpt',
        ranking: true,
        columns: { messages: 'conversations', chosen: 'chosen', rejected: 'rejected', ...system },
        tags: { role_tag: 'from', content_tag: 'value', user_tag: 'human', assistant_tag: 'gpt' },
      };
    case 'dpo-trl':
      throw new UsageError("LLaMA-Factory has no reader for TRL's preference layout; write --to dpo or --to dpo-sharegpt for it", '--dataset-info');
  }
}

/**
 * dataset_info.json text with `entry` under `name`: other entries are kept in their order,
 * an entry of the same name is replaced where it stood. `existing` is the file's current
 * text, or undefined when there is none; `file` names it in error messages.
 */
export function mergeDatasetInfo(existing: string | undefined, name: string, entry: object, file = 'dataset_info.json'): string {
  let entries: [string, unknown][] = [];
  if (existing !== undefined && existing.trim() !== '') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(existing);
    } catch (error) {
      throw new DataError(`expected JSON, found invalid text (${(error as Error).message})`, { file });
    }
    if (!isObject(parsed)) throw new DataError(`expected a JSON object of dataset entries, found ${describeValue(parsed)}`, { file });
    entries = Object.entries(parsed);
  }
  const at = entries.findIndex(([key]) => key === name);
  if (at >= 0) entries[at] = [name, entry];
  else entries.push([name, entry]);
  // fromEntries defines own properties, so a name like "__proto__" stays an ordinary key.
  return `${JSON.stringify(Object.fromEntries(entries), null, 2)}\n`;
}
