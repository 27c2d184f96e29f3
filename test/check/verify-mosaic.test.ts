import { describe, expect, it } from 'vitest';
import { verifyMosaic, type SourceTexts, type WrittenMosaic } from '../../src/check/verify-mosaic.js';
import { ENGLISH } from '../../src/language/english.js';
import { augment } from '../../src/mosaic/augment.js';
import { readPairs } from '../../src/io/read-pairs.js';
import type { Mosaic, Pair } from '../../src/types.js';

const ALPACA = new URL('../../../shared/data/alpaca_en_demo.json', import.meta.url).pathname;

async function mosaics(): Promise<{ pairs: Pair[]; out: Mosaic[] }> {
  const pairs = await readPairs([ALPACA]);
  const run = await augment(pairs, { tokenizer: 'approx', epochs: 2, seed: 3 });
  const out: Mosaic[] = [];
  for await (const m of run) out.push(m);
  return { pairs, out };
}

function sourcesOf(m: Mosaic, pairs: readonly Pair[]): SourceTexts {
  const ps = m.meta.sources.map((s) => pairs.find((p) => p.source === s) as Pair);
  return { prompts: ps.map((p) => p.prompt), responses: ps.map((p) => p.response), system: ps[0]?.system };
}

describe('verifyMosaic', () => {
  it('accepts every mosaic augment writes', async () => {
    const { pairs, out } = await mosaics();
    for (const m of out) {
      const v = verifyMosaic({ prompt: m.prompt, response: m.response, system: m.system, meta: m.meta }, sourcesOf(m, pairs), ENGLISH);
      expect(v.ok ? [] : v.problems, JSON.stringify(m.meta)).toEqual([]);
    }
  });
});

describe('verifyMosaic catches each hand-made corruption of a real mosaic', () => {
  const find = (out: Mosaic[], test: (m: Mosaic) => boolean): Mosaic => {
    const m = out.find(test);
    if (!m) throw new Error('no mosaic of the kind the corruption needs');
    return m;
  };
  const answerOf = (m: Mosaic, pairs: readonly Pair[], n: number) => sourcesOf(m, pairs).responses[n - 1] as string;
  // Each corruption: what it needs, what it does, and what the problem must name.
  const corruptions: Array<[string, (m: Mosaic) => boolean, (m: Mosaic, pairs: readonly Pair[]) => WrittenMosaic, RegExp]> = [
    [
      'two answers swapped',
      (m) => m.meta.order.length >= 2,
      (m, pairs) => {
        const [a, b] = [answerOf(m, pairs, m.meta.order[0] as number), answerOf(m, pairs, m.meta.order[1] as number)];
        const response = m.response.replace(a, '\u0000').replace(b, a).replace('\u0000', b);
        return { ...m, response };
      },
      /answers in the order/,
    ],
    [
      'a masked answer put back',
      (m) => m.meta.strategy === 'maskout',
      (m, pairs) => ({ ...m, response: `${m.response}\n\n${answerOf(m, pairs, m.meta.masked[0] as number)}` }),
      /present, but the meta-instruction says to skip/,
    ],
    [
      'a wrong number in a random-order sequence',
      (m) => m.meta.rule === 'random' && m.meta.strategy === 'permute',
      (m) => {
        const seq = m.meta.order.join(ENGLISH.sequence);
        const wrong = [m.meta.order[1], m.meta.order[0], ...m.meta.order.slice(2)].join(ENGLISH.sequence);
        expect(m.prompt).toContain(seq);
        return { ...m, prompt: m.prompt.replace(seq, wrong) };
      },
      /meta-instruction: no sentence/,
    ],
    [
      'a label removed',
      (m) => m.parts?.composition.numbering != null && m.meta.order.length >= 2,
      (m) => {
        const style = m.parts?.composition.numbering as { answer: string };
        const label = style.answer.replace('{n}', String(m.meta.order[1]));
        expect(m.response).toContain(label);
        return { ...m, response: m.response.replace(label, '') };
      },
      /labels: meta.numbered is true, but answer/,
    ],
    [
      'a marker removed',
      (m) => m.parts?.composition.markers != null,
      (m) => {
        const close = (m.parts?.composition.markers as { close: string }).close;
        return { ...m, response: m.response.replace(`\n${close}`, '') };
      },
      /markers:/,
    ],
    ['the system prompt changed', () => true, (m) => ({ ...m, system: 'You are a pirate.' }), /system prompt: expected/],
    [
      'one character of an instruction changed',
      (m) => m.meta.sources.length >= 2,
      (m, pairs) => {
        const p = sourcesOf(m, pairs).prompts[1] as string;
        const changed = p.slice(0, 3) + (p[3] === 'x' ? 'y' : 'x') + p.slice(4);
        return { ...m, prompt: m.prompt.replace(p, changed) };
      },
      /instruction 2 \(source record \d+\): not in the prompt verbatim/,
    ],
    [
      "the meta-instruction replaced by another strategy's",
      (m) => m.meta.strategy === 'permute' && m.meta.rule === 'reverse' && !m.parts?.composition.markers,
      (m, pairs) => {
        const other = find(cache.out, (o) => o.meta.strategy === 'primary' && o.meta.sources.length === m.meta.sources.length && o.meta.numbered === m.meta.numbered);
        const meta = (x: Mosaic) => (x.parts?.composition.metaFirst ? x.prompt.split('\n\n')[0] : x.prompt.split('\n\n').at(-1)) as string;
        return { ...m, prompt: m.prompt.replace(meta(m), meta(other)) };
      },
      /meta-instruction: no sentence .* states permute "reverse"/,
    ],
    ['meta.numbered flipped', (m) => m.meta.sources.length >= 2, (m) => ({ ...m, meta: { ...m.meta, numbered: !m.meta.numbered } }), /labels: meta.numbered is false/],
  ];
  const cache: { pairs: Pair[]; out: Mosaic[] } = { pairs: [], out: [] };

  it.each(corruptions)('%s', async (_name, test, corrupt, named) => {
    if (cache.out.length === 0) Object.assign(cache, await mosaics());
    const m = find(cache.out, test);
    const written = corrupt(m, cache.pairs);
    expect(written.prompt + written.response + String(written.system) + JSON.stringify(written.meta)).not.toBe(m.prompt + m.response + String(m.system) + JSON.stringify(m.meta));
    const v = verifyMosaic(written, sourcesOf(m, cache.pairs), ENGLISH);
    expect(v.ok ? [] : v.problems.join('\n')).toMatch(named);
  });
});
