// One llama2 tokenization pass over a dataset's pair texts, run by bench/run.js in its own
// process: every record's prompt (instruction, plus "\n" + input when there is one) and
// output. Records are read streaming; only the tokenization is timed. Two figures:
//   engine: the native `tokenizers` engine alone, encodeBatch of 512 whole texts at a time;
//   memo:   as the tool counts them (loadHfCounter's pre-token memo, cold at the start).
// Prints one JSON line.
//
// usage: node bench/tokenize-pass.js <input> [--no-memo]
import { eachRecords } from './json-stream.js';

const [input, ...flags] = process.argv.slice(2);
if (!input) {
  process.stderr.write('usage: node bench/tokenize-pass.js <input> [--no-memo]\n');
  process.exit(2);
}
const withMemo = !flags.includes('--no-memo');

const { llama2TokenizerJson } = await import('../dist/tokens/llama2-json.js');
const { loadHfCounter } = await import('../dist/tokens/hf-engine.js');
const { Tokenizer } = await import('tokenizers');
const json = llama2TokenizerJson();
const engine = Tokenizer.fromString(json);
const counter = withMemo ? await loadHfCounter('llama2', json) : null;

// Texts per encodeBatch call, as the brief for this figure fixes it.
const BATCH = 512;
// Texts gathered before they are tokenized: whole batches, and rounds of the memo's size.
const ROUND = 16 * BATCH;

const now = () => process.hrtime.bigint();
const seconds = (ns) => Number(ns) / 1e9;
let engineNs = 0n;
let memoNs = 0n;
let texts = 0;
let bytes = 0;
let tokens = 0;
let pending = [];

async function tokenize(round) {
  let started = now();
  for (let i = 0; i < round.length; i += BATCH) {
    const encodings = await engine.encodeBatch(round.slice(i, i + BATCH), { addSpecialTokens: false });
    for (const e of encodings) tokens += e.getLength();
  }
  engineNs += now() - started;
  if (counter) {
    started = now();
    await counter.countMany(round);
    memoNs += now() - started;
  }
}

const records = await eachRecords(input, async (batch) => {
  for (const r of batch) {
    const prompt = r.input ? `${r.instruction}\n${r.input}` : r.instruction;
    pending.push(prompt, r.output);
    texts += 2;
    bytes += Buffer.byteLength(prompt) + Buffer.byteLength(r.output);
  }
  while (pending.length >= ROUND) {
    await tokenize(pending.slice(0, ROUND));
    pending = pending.slice(ROUND);
  }
});
if (pending.length > 0) await tokenize(pending);

process.stdout.write(
  `${JSON.stringify({
    records,
    texts,
    textBytes: bytes,
    tokens,
    engineSeconds: seconds(engineNs),
    memoSeconds: counter ? seconds(memoNs) : null,
    memoLookups: counter?.memo?.lookups ?? null,
    memoMisses: counter?.memo?.misses ?? null,
  })}\n`,
);
