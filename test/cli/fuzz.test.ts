import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { DataError } from '../../src/errors.js';
import { readDataset } from '../../src/io/read-pairs.js';
import { runCli, STACK_FRAME, stderrLines, useTempDirs } from '../helpers/e2e-cli.js';
import { HANG } from '../helpers/timeouts.js';

const dir = useTempDirs();
const work = mkdtempSync(join(tmpdir(), 'mosaic-it-fuzz-'));
afterAll(() => rmSync(work, { recursive: true, force: true }));

/** Values shaped like records of each format, with fields of any JSON type. */
const anyJson = fc.jsonValue({ maxDepth: 3 });
const field = fc.oneof(fc.string(), fc.string({ unit: 'grapheme' }), anyJson);
const recordLike = fc.oneof(
  fc.record({ instruction: field, input: field, output: field }, { requiredKeys: [] }),
  fc.record({ conversations: fc.array(fc.record({ from: fc.constantFrom('human', 'gpt', 'system', 'x'), value: field }, { requiredKeys: [] }), { maxLength: 4 }) }),
  fc.record({ messages: fc.oneof(anyJson, fc.array(fc.record({ role: fc.constantFrom('user', 'assistant', 'system', 'tool'), content: field }), { maxLength: 4 })) }),
  fc.record({ prompt: field, completion: field }, { requiredKeys: [] }),
  anyJson,
);

/** A file's bytes: random bytes, or records as JSON Lines or an array, sometimes damaged or gzipped. */
const fileBytes = fc.oneof(
  fc.uint8Array({ maxLength: 300 }),
  fc
    .tuple(fc.array(recordLike, { maxLength: 6 }), fc.boolean(), fc.nat(), fc.boolean(), fc.constantFrom('', '\r'))
    .map(([records, asArray, cut, gzip, cr]) => {
      const text = asArray ? JSON.stringify(records, null, cut % 3) : records.map((r) => `${JSON.stringify(r)}${cr}\n`).join('');
      // Cut some texts short, anywhere, to meet truncated input.
      const bytes = Buffer.from(cut % 4 === 0 ? text.slice(0, cut % (text.length + 1)) : text);
      return new Uint8Array(gzip ? gzipSync(bytes) : bytes);
    }),
);

describe('fuzz: random bytes and random JSON', () => {
  it('the reader either reads or throws a located DataError, under fail and skip', async () => {
    let n = 0;
    await fc.assert(
      fc.asyncProperty(fileBytes, fc.constantFrom('fail', 'skip') as fc.Arbitrary<'fail' | 'skip'>, async (bytes, policy) => {
        const path = join(work, `in-${n++}.jsonl`);
        writeFileSync(path, bytes);
        try {
          const data = await readDataset([path], { invalidRecords: policy, multiTurn: 'split' });
          // What was read adds up: every record gave pairs, was skipped, or (under skip) was invalid.
          const left = [...Object.values(data.skipped), ...Object.values(data.invalid)].reduce((a, b) => a + b, 0);
          expect(data.recordsPerInput).toEqual([data.records]);
          expect(new Set(data.pairs.map((p) => p.source)).size).toBe(data.records - left);
          if (policy === 'fail') expect(Object.values(data.invalid).every((n) => n === 0)).toBe(true);
        } catch (error) {
          if (!(error instanceof DataError)) throw error;
          expect(error.message).not.toContain('\n');
          expect(error.message.startsWith(path)).toBe(true);
        }
      }),
      { numRuns: 1000 },
    );
  }, HANG);

  it('the CLI either succeeds or exits 1 with one line, never a crash', async () => {
    await fc.assert(
      fc.asyncProperty(fileBytes, async (bytes) => {
        const d = dir();
        writeFileSync(join(d, 'in.jsonl'), bytes);
        const r = await runCli(['augment', 'in.jsonl', '-o', 'out.jsonl', '--tokenizer', 'approx', '--epochs', '1', '--multi-turn', 'split'], { cwd: d });
        expect(r.stderr).not.toMatch(STACK_FRAME);
        if (r.status === 0) {
          expect(readdirSync(d).sort()).toEqual(['in.jsonl', 'out.jsonl']);
          return;
        }
        expect(r.status, r.stderr).toBe(1);
        const lines = stderrLines(r.stderr);
        expect(lines, r.stderr).toHaveLength(1);
        expect(lines[0]).toMatch(/^mosaic-it: /);
        expect(readdirSync(d)).toEqual(['in.jsonl']);
      }),
      { numRuns: 40 },
    );
  }, HANG);
});
