// A stand-in for a fine-tuned model that half follows mosaic prompts, by rules, so that
// `eval score` has something imperfect to score without a GPU:
//   node examples/imperfect-model.mjs eval.jsonl > answers.jsonl
// It follows "reverse" but answers every other permute prompt in the given order, answers
// the skipped instructions of random masks, forgets the closing marker of its last answer,
// and writes the labels of primary prompts in bold. Its answers are the reference answers.
import { readFileSync } from 'node:fs';

/** What the imperfect model answers to one eval item. */
export function imperfectAnswer(item) {
  const { key } = item;
  const identity = Array.from({ length: key.k }, (_, i) => i + 1);
  let order = key.order;
  if (key.strategy === 'permute' && key.rule !== 'reverse') order = identity;
  if (key.strategy === 'maskout' && key.rule === 'random') order = identity;
  const answers = order.map((n, i) => {
    const label = key.strategy === 'primary' ? `**${key.labels[n - 1]}**` : key.labels[n - 1];
    const body = `${label}\n${key.references[n - 1]}`;
    if (!key.markers) return body;
    const last = i === order.length - 1;
    return last ? `${key.markers.open}\n${body}` : `${key.markers.open}\n${body}\n${key.markers.close}`;
  });
  return answers.join('\n\n');
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop())) {
  const lines = readFileSync(process.argv[2], 'utf8').split('\n').filter(Boolean);
  for (const line of lines) {
    const item = JSON.parse(line);
    process.stdout.write(`${JSON.stringify({ id: item.id, response: imperfectAnswer(item) })}\n`);
  }
}
