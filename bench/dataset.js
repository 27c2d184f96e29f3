// Bench datasets: alpaca records resampled from the real alpaca_en_demo.json (999 records),
// generated once into the bench directory and reused while present.
//
// Each record is assembled from real parts, so lengths follow the real distribution while
// texts are mostly distinct (a plain resample would repeat the same 999 texts, which
// flatters anything that memoizes): the instruction of one source record, the input of
// another (empty with the source's own probability), and the output of a third with a few
// of its sentences replaced by sentences of other outputs.
//
// Generation is deterministic (alea, fixed seed) and streamed to disk in blocks, so 10M
// records never sit in memory. A file is written under a temporary name and renamed when
// complete, so an interrupted run never leaves a truncated dataset that looks reusable.
import { closeSync, existsSync, mkdirSync, openSync, readFileSync, renameSync, statSync, writeSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import seedrandom from 'seedrandom';

export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
export const source = join(root, '..', 'shared', 'data', 'alpaca_en_demo.json');
export const benchDir = join(tmpdir(), 'mosaic-it-bench');

// Part of every file name: bump it whenever the generator's output changes, so datasets
// written by an older generator are not reused.
const GENERATOR = 'g2';
const SEED = 'mosaic-it-bench';
// Share of an output's sentences replaced by sentences of other outputs (at least one).
const SWAP_SHARE = 0.2;
// Bytes gathered before one write: few syscalls, bounded memory.
const BLOCK = 4 << 20;

/**
 * Splits a text into sentences that keep their trailing whitespace, so joining them gives
 * the text back. A sentence ends at . ! ? followed by whitespace (not after a digit, so
 * list numbers like "1. " stay with their item) or at a line break.
 */
function sentences(text) {
  return text.match(/[^]*?(?:(?<![0-9])[.!?]+(?:\s+|$)|\n+|$)/g).filter((s) => s !== '');
}

/** The source records, split into the parts records are built from. */
function loadParts() {
  const records = JSON.parse(readFileSync(source, 'utf8'));
  const inputs = records.map((r) => r.input).filter((input) => input !== '');
  const outputs = records.map((r) => sentences(r.output));
  return {
    instructions: records.map((r) => r.instruction),
    inputs,
    emptyInput: 1 - inputs.length / records.length,
    outputs,
    // Whitespace-only pieces (a blank line) alone could leave an output empty.
    pool: outputs.flat().filter((s) => s.trim() !== ''),
  };
}

/** Returns a function that gives the next generated record; same seed, same sequence. */
export function recordGenerator() {
  const parts = loadParts();
  const rng = seedrandom.alea(SEED);
  const pick = (list) => list[Math.floor(rng() * list.length)];
  return () => {
    const instruction = pick(parts.instructions);
    const input = rng() < parts.emptyInput ? '' : pick(parts.inputs);
    const output = pick(parts.outputs).slice();
    const swaps = Math.max(1, Math.round(output.length * SWAP_SHARE));
    for (let s = 0; s < swaps; s++) output[Math.floor(rng() * output.length)] = pick(parts.pool);
    // A swapped-in sentence may have ended its own text (no trailing space) or may carry
    // trailing whitespace to the end: keep one separator between sentences, none at the end.
    for (let i = 0; i < output.length - 1; i++) if (!/\s$/.test(output[i])) output[i] += ' ';
    output[output.length - 1] = output[output.length - 1].trimEnd();
    return { instruction, input, output: output.join('') };
  };
}

/**
 * Writes `count` generated records to `path`: JSON Lines, or with `array` one JSON array
 * (one element per line). Streamed in blocks; returns the path.
 */
export function writeDataset(path, count, { array = false, onProgress } = {}) {
  const next = recordGenerator();
  const partial = `${path}.partial-${process.pid}`;
  const fd = openSync(partial, 'w');
  let block = array ? '[\n' : '';
  for (let i = 0; i < count; i++) {
    const line = JSON.stringify(next());
    block += array ? (i + 1 < count ? `${line},\n` : `${line}\n`) : `${line}\n`;
    if (block.length >= BLOCK) {
      writeSync(fd, block);
      block = '';
      onProgress?.(i + 1);
    }
  }
  if (array) block += ']\n';
  writeSync(fd, block);
  closeSync(fd);
  renameSync(partial, path);
  return path;
}

/** The dataset of `count` records (JSONL, or a JSON array), generated unless already present. */
export function dataset(count, { array = false, log = () => {} } = {}) {
  mkdirSync(benchDir, { recursive: true });
  const path = join(benchDir, `alpaca-${GENERATOR}-${count}.${array ? 'json' : 'jsonl'}`);
  if (existsSync(path)) return path;
  log(`generating ${path} (${count} records)`);
  const started = process.hrtime.bigint();
  const step = Math.max(1, Math.floor(count / 10));
  let shown = 0;
  writeDataset(path, count, {
    array,
    onProgress: (done) => {
      if (done - shown >= step) {
        shown = done;
        log(`  ${done} of ${count} records`);
      }
    },
  });
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  log(`  done: ${(statSync(path).size / 1e6).toFixed(1)} MB in ${seconds.toFixed(1)} s`);
  return path;
}
