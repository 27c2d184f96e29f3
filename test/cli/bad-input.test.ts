import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { augment, jsonl, parseJsonl, runCli, STACK_FRAME, stderrLines, summaryCounts, useTempDirs } from '../helpers/e2e-cli.js';

const dir = useTempDirs();

const GOOD = { instruction: 'Name a colour.', output: 'Blue.' };
const good = JSON.stringify(GOOD);

/** Column (1-based) where `needle` starts in `line`: where the reader must point. */
const col = (line: string, needle: string): number => line.indexOf(needle) + 1;

const noValue = '{"instruction": "Add.", "output": }';
const twice = '{"instruction": "Add.", "output": "4", "output": "5"}';
const cut = '{"instruction": "Add.", "output": "4"';
const nested = '{"messages": [{"role": "user", "role": "user", "content": "Hi"}, {"role": "assistant", "content": "Hello"}]}';
const beforeBadByte = '{"instruction": "Add.", "output": "4';

/** [what, file name, content, the whole stderr line expected (file name relative)] */
const CASES: ReadonlyArray<readonly [string, string, string | Buffer, string]> = [
  ['invalid JSON, with line and column', 'in.jsonl', `${good}\n${noValue}\n`, `in.jsonl:2:${col(noValue, '}')}: invalid JSON: expected a value, found "}"`],
  [
    'invalid JSON inside a multi-line array record, with line and column',
    'in.json',
    `[\n  ${good},\n  {"instruction": "Add.",\n   "output": }\n]`,
    `in.json:4:${col('   "output": }', '}')}: invalid JSON in record [1]: expected a value, found "}"`,
  ],
  ['a JSON Lines file cut inside its last record', 'in.jsonl', `${good}\n${cut}`, `in.jsonl:2:${cut.length + 1}: invalid JSON: expected "}": the object is not closed, found the end of the record`],
  ['a JSON array cut short', 'in.json', `[${good},\n${good}`, 'in.json:2: the input ends before the array is closed with "]"'],
  ['a record that is not an object', 'in.json', `[${good}, 7]`, 'in.json[1]: expected a JSON object (an alpaca record), found a number (7)'],
  ['a record that is not an object, in JSON Lines', 'in.jsonl', `${good}\n"text"\n`, 'in.jsonl:2: expected a JSON object (an alpaca record), found a string'],
  [
    'a missing field',
    'in.jsonl',
    `${good}\n{"instruction": "Add."}\n`,
    'in.jsonl:2: expected an alpaca record with fields "instruction", "output"; found fields "instruction"',
  ],
  ['a number where text is expected', 'in.jsonl', `${good}\n{"instruction": "Add.", "output": 4}\n`, 'in.jsonl:2: field "output": expected non-empty text, found a number (4)'],
  ['a list where text is expected', 'in.jsonl', `${good}\n{"instruction": ["Add."], "output": "4"}\n`, 'in.jsonl:2: field "instruction": expected non-empty text, found an array'],
  ['an empty prompt', 'in.jsonl', `{"instruction": "", "output": "4"}\n`, 'in.jsonl:1: field "instruction": expected non-empty text, found an empty string'],
  ['an empty response', 'in.jsonl', `${good}\n{"instruction": "Add.", "output": "  "}\n`, 'in.jsonl:2: field "output": expected non-empty text, found a blank string'],
  ['an empty file', 'in.jsonl', '', 'in.jsonl: empty input: expected a JSON array or JSON Lines records'],
  ['a file of blank lines', 'in.jsonl', '\n\r\n  \n', 'in.jsonl: empty input: expected a JSON array or JSON Lines records'],
  ['an empty array', 'in.json', '[ ]', 'no records in in.json: expected at least one record, found none'],
  ['a duplicate key', 'in.jsonl', `${good}\n${twice}\n`, `in.jsonl:2:${col(twice, '"output": "5"')}: field "output" appears twice in one object; expected each field once`],
  [
    'a duplicate key in a nested message',
    'in.jsonl',
    `${nested}\n`,
    `in.jsonl:1:${col(nested, '"role": "user", "content"')}: field "role" appears twice in one object; expected each field once`,
  ],
  [
    'invalid UTF-8',
    'in.jsonl',
    Buffer.concat([Buffer.from(`${good}\n${beforeBadByte}`), Buffer.from([0xc3, 0x28]), Buffer.from('"}\n')]),
    `in.jsonl:2: not valid UTF-8 text: expected a UTF-8 sequence at byte ${beforeBadByte.length + 1} of the line, found 0xC3 0x28 0x22 0x7D`,
  ],
  ['invalid UTF-8 in an array record', 'in.json', Buffer.concat([Buffer.from(`[${good},\n"`), Buffer.from([0xff]), Buffer.from('"]')]), 'in.json:2: record [1] is not valid UTF-8 text: expected a UTF-8 sequence at byte 2 of the record, found 0xFF 0x22'],
  ['binary data', 'in.jsonl', Buffer.from([0x00, 0x01, 0x02, 0xff]), 'in.jsonl: expected a JSON array ("[") or JSON Lines objects ("{"), found character U+0000'],
  ['a damaged gzip file', 'in.jsonl.gz', gzipSync(jsonl([GOOD, GOOD])).subarray(0, 20), 'in.jsonl.gz: not a valid gzip file: the compressed data is truncated'],
];

describe('bad input: exit 1, one line naming file, line or index, field, expected and found; nothing written', () => {
  for (const [what, name, content, expected] of CASES) {
    it(what, async () => {
      const d = dir();
      writeFileSync(join(d, name), content);
      writeFileSync(join(d, 'out.jsonl'), 'the previous output\n');
      const r = await runCli(['augment', name, '-o', 'out.jsonl', '--tokenizer', 'approx'], { cwd: d });
      expect(r.status).toBe(1);
      expect(r.stderr).not.toMatch(STACK_FRAME);
      expect(stderrLines(r.stderr)).toEqual([`mosaic-it: ${expected}`]);
      // The previous output is untouched and no temporary file is left beside it.
      expect(readFileSync(join(d, 'out.jsonl'), 'utf8')).toBe('the previous output\n');
      expect(readdirSync(d).sort()).toEqual([name, 'out.jsonl'].sort());
    });
  }
});

describe('accepted as they are', () => {
  it('a UTF-8 BOM and CRLF line endings, in JSON Lines and in a JSON array', async () => {
    const d = dir();
    const bom = '\ufeff';
    writeFileSync(join(d, 'a.jsonl'), `${bom}${good}\r\n${good}\r\n\r\n`);
    writeFileSync(join(d, 'b.json'), `${bom}[\r\n${good},\r\n${good}\r\n]\r\n`);
    for (const name of ['a.jsonl', 'b.json']) {
      const r = await augment([join(d, name)], join(d, `${name}.out.jsonl`), ['--tokenizer', 'approx', '--epochs', '1', '--strategies', 'primary', '--max-k', '1']);
      expect(r.status, r.stderr).toBe(0);
      expect(summaryCounts(r.stderr).pairs).toBe(2);
      const records = parseJsonl(readFileSync(join(d, `${name}.out.jsonl`)));
      // The texts come through without the BOM or a carriage return.
      expect(records.map((x) => [x.instruction, x.output])).toEqual([
        [GOOD.instruction, GOOD.output],
        [GOOD.instruction, GOOD.output],
      ]);
    }
  });

  it('a record of 100 MB is read, and dropped like any pair over the budget', async () => {
    const d = dir();
    const huge = 'lorem ipsum dolor sit amet '.repeat(Math.ceil(100e6 / 27));
    writeFileSync(join(d, 'in.jsonl'), jsonl([GOOD, { instruction: 'Repeat.', output: huge }, { instruction: 'Name a fruit.', output: 'A pear.' }]));
    const r = await augment([join(d, 'in.jsonl')], join(d, 'out.jsonl'), ['--tokenizer', 'approx', '--meta']);
    expect(r.status, r.stderr).toBe(0);
    expect(summaryCounts(r.stderr)).toEqual({ pairs: 3, mosaics: expect.any(Number), dropped: 1 });
    const used = new Set(parseJsonl(readFileSync(join(d, 'out.jsonl'))).flatMap((x) => x.meta?.sources ?? []));
    expect(used).toEqual(new Set([0, 2]));
  });
});
