// The I/O floor for one augment run: what any tool producing the same output must at
// least do. It parses every input record (JSON Lines or a JSON array) and serializes and
// writes, with fsync, the very records the tool wrote. Reading the tool's output back to
// get those records is not the floor's work, so only parse-input and stringify+write are
// timed. Prints one JSON line: {"seconds": ..., "parseSeconds": ..., "writeSeconds": ...}.
//
// usage: node bench/io-floor.js <input> <tool-output.jsonl> <floor-output>
import { closeSync, createReadStream, fsyncSync, openSync, writeSync } from 'node:fs';

const [input, toolOutput, floorOutput] = process.argv.slice(2);
if (!floorOutput) {
  process.stderr.write('usage: node bench/io-floor.js <input> <tool-output.jsonl> <floor-output>\n');
  process.exit(2);
}

const now = () => Number(process.hrtime.bigint()) / 1e9;

/** Calls `line` for each line of a file, read in 1 MiB chunks; returns the seconds spent in `line` when `timed`. */
async function eachLine(path, onLine) {
  let rest = '';
  for await (const chunk of createReadStream(path, { encoding: 'utf8', highWaterMark: 1 << 20 })) {
    const text = rest + chunk;
    const lines = text.split('\n');
    rest = lines.pop() ?? '';
    onLine(lines);
  }
  if (rest !== '') onLine([rest]);
}

/** Parse time of the input, whole: a JSON array is parsed as one document, as a plain script would. */
async function parseInput(path) {
  const started = now();
  let records = 0;
  let first = true;
  let arrayText = null;
  await eachLine(path, (lines) => {
    for (const line of lines) {
      if (first) {
        first = false;
        if (line.trimStart().startsWith('[')) arrayText = [];
      }
      if (arrayText) {
        arrayText.push(line);
        continue;
      }
      if (line.trim() === '') continue;
      JSON.parse(line);
      records++;
    }
  });
  if (arrayText) records = JSON.parse(arrayText.join('\n')).length;
  return { seconds: now() - started, records };
}

const parsed = await parseInput(input);

// Stringify + write (+ fsync) of the tool's records, batch by batch; parsing them back is untimed.
const fd = openSync(floorOutput, 'w');
let writeSeconds = 0;
let written = 0;
await eachLine(toolOutput, (lines) => {
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
