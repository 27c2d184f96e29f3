import { DataError, describeValue } from '../errors.js';
import { isObject } from '../formats/record-fields.js';
import type { InputSource } from '../io/read-json.js';
import { readRecords } from '../io/open-input.js';
import type { EvalItem } from './eval-item.js';

/** The items `eval build` wrote, checked for the fields the scorer reads. */
export async function readEvalItems(source: InputSource, signal?: AbortSignal): Promise<EvalItem[]> {
  const items: EvalItem[] = [];
  const ids = new Set<string>();
  for await (const { value, location } of readRecords(source, { signal })) {
    const key = isObject(value) ? value.key : undefined;
    const fail = (field: string, expected: string, found: unknown) => {
      throw new DataError(`field "${field}": expected ${expected}, found ${describeValue(found)}; is this a file eval build wrote?`, location);
    };
    if (!isObject(value) || typeof value.id !== 'string') fail('id', 'a string', isObject(value) ? value.id : value);
    if (!isObject(key)) return fail('key', 'the answer key eval build writes', key);
    const k = key.k;
    if (!Number.isSafeInteger(k) || (k as number) < 1) fail('key.k', 'a whole number >= 1', k);
    for (const field of ['order', 'masked'] as const) {
      const list = key[field];
      if (!Array.isArray(list) || !list.every((n) => Number.isSafeInteger(n) && n >= 1 && n <= (k as number))) fail(`key.${field}`, `a list of numbers 1..${k}`, list);
    }
    for (const field of ['labels', 'references'] as const) {
      const list = key[field];
      if (!Array.isArray(list) || list.length !== k || !list.every((s) => typeof s === 'string')) fail(`key.${field}`, `${k} strings`, list);
    }
    const markers = key.markers;
    if (markers !== null && !(isObject(markers) && typeof markers.open === 'string' && typeof markers.close === 'string')) fail('key.markers', 'null or {open, close}', markers);
    const id = (value as { id: string }).id;
    if (ids.has(id)) throw new DataError(`field "id": "${id}" appears twice`, location);
    ids.add(id);
    items.push(value as unknown as EvalItem);
  }
  return items;
}

/**
 * Where a model's answer is in one record of a generation tool's output:
 * - `{"id", "response"}`: what eval build --reference writes, and the simplest to produce;
 * - `{"id", "output"}` or `{"id", "predict"}`: the field names of alpaca-style generation
 *   scripts and of LLaMA-Factory's generated_predictions.jsonl (with an id added);
 * - `{"custom_id", "response": {"body": {"choices": [{"message": {"content"}}]}}}`: the
 *   OpenAI Batch API's output file, with custom_id set to the item's id.
 */
export const ANSWER_LAYOUTS = ['id + response', 'id + output', 'id + predict', 'OpenAI batch output (custom_id)'] as const;

export async function readAnswers(source: InputSource, signal?: AbortSignal): Promise<Map<string, string>> {
  const answers = new Map<string, string>();
  for await (const { value, location } of readRecords(source, { signal })) {
    const answer = answerOf(value);
    if (answer === null) {
      const fields = isObject(value) ? Object.keys(value).map((k) => `"${k}"`).join(', ') : describeValue(value);
      throw new DataError(`expected an answer record (${ANSWER_LAYOUTS.join('; ')}), found ${fields}`, location);
    }
    if (answers.has(answer.id)) throw new DataError(`field "id": "${answer.id}" answered twice`, location);
    answers.set(answer.id, answer.response);
  }
  return answers;
}

function answerOf(value: unknown): { id: string; response: string } | null {
  if (!isObject(value)) return null;
  if (typeof value.id === 'string') {
    for (const field of ['response', 'output', 'predict']) {
      const text = value[field];
      if (typeof text === 'string') return { id: value.id, response: text };
    }
    return null;
  }
  if (typeof value.custom_id === 'string' && isObject(value.response) && isObject(value.response.body)) {
    const choices = value.response.body.choices;
    const first = Array.isArray(choices) ? choices[0] : undefined;
    const content = isObject(first) && isObject(first.message) ? first.message.content : undefined;
    if (typeof content === 'string') return { id: value.custom_id, response: content };
  }
  return null;
}
