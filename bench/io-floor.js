// The I/O floor for one augment run: what any tool producing the same output must at
// least do. It parses every input record (JSON Lines or a JSON array) and serializes and
// writes, with fsync, the very records the tool wrote. Reading the tool's output back to
// get those records is not the floor's work, so only parse-input and stringify+write are
// timed. Prints one JSON line: {"seconds": ..., "parseSeconds": ..., "writeSeconds": ...}.
//
// A JSON array is parsed as one document, as a plain script would, when it fits in one
// string; V8 cannot make a string over about 512 MiB, so a larger array is split into its
// top-level elements by a small byte scanner (bench/json-stream.js) and each element is
// parsed on its own; the scan is included in the parse time, as any reader pays for it.
//
// usage: node bench/io-floor.js <input> <tool-output.jsonl> <floor-output>
import { closeSync, fsyncSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import { eachArrayElements, eachLines, isJsonArray } from './json-stream.js';

const [input, toolOutput, floorOutput] = process.argv.slice(2);
if (!floorOutput) {
  process.stderr.write('usage: node bench/io-floor.js <input> <tool-output.jsonl> <floor-output>\n');
  process.exit(2);
}

// Largest file read as one string: below V8's string limit (2^29 - 24 characters).
const WHOLE_LIMIT = 512 * 2 ** 20 - 1024;

const now = () => Number(process.hrtime.bigint()) / 1e9;

/** Parses every input record; returns the seconds it took (reading included) and the count. */
async function parseInput(path) {
  const started = now();
  let records = 0;
  if (!isJsonArray(path)) {
    await eachLines(path, (lines) => {
      for (const line of lines) {
        if (line.trim() === '') continue;
        JSON.parse(line);
        records++;
      }
    });
  } else if (statSync(path).size <= WHOLE_LIMIT) {
    records = JSON.parse(readFileSync(path, 'utf8')).length;
  } else {
    await eachArrayElements(path, (texts) => {
      for (const text of texts) JSON.parse(text);
      records += texts.length;
    });
  }
  return { seconds: now() - started, records };
}

const parsed = await parseInput(input);

// Stringify + write (+ fsync) of the tool's records, batch by batch; parsing them back is untimed.
const fd = openSync(floorOutput, 'w');
let writeSeconds = 0;
let written = 0;
await eachLines(toolOutput, (lines) => {
  const records = [];
  for (const line of lines) if (line !== '') records.push(JSON.parse(line));
  const started = now();
  let block = '';
  for (const record of records) block += `${JSON.stringify(record)}\n`;
  writeSync(fd, block);
  writeSeconds += now() - started;
  written += records.length;
});
const syncStarted = now();
fsyncSync(fd);
closeSync(fd);
writeSeconds += now() - syncStarted;

process.stdout.write(
  `${JSON.stringify({ seconds: parsed.seconds + writeSeconds, parseSeconds: parsed.seconds, writeSeconds, records: parsed.records, written })}\n`,
);
