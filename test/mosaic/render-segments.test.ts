/**
 * renderSegments must cut exactly the text renderMosaic builds: the preview shows the
 * segments as augment's output, so any drift between the two would show a lie.
 */
import { ENGLISH } from '../../src/language/english.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decide, plainPair, type Composition } from '../../src/mosaic/compose.js';
import { metaInstruction, renderMosaic } from '../../src/mosaic/render.js';
import { joinSegments, renderSegments, type Segment } from '../../src/mosaic/render-segments.js';
import { parseStrategies, STRATEGY_WORDS } from '../../src/mosaic/strategy-choices.js';
import { rngFor } from '../../src/rng/random.js';
import { MASKOUT_RULES, PERMUTE_RULES, type MaskoutRule, type PermuteRule } from '../../src/types.js';
import { pairsArb, textArb } from '../helpers/unit-arbitraries.js';
import { runAll } from '../helpers/unit-run.js';

const groupArb = fc.array(fc.tuple(textArb, textArb), { minLength: 1, maxLength: 12 });

// Empty texts too: augment renders the decoration alone with every source left empty.
const groupWithEmptiesArb = fc.array(fc.tuple(fc.oneof(textArb, fc.constant('')), fc.oneof(textArb, fc.constant(''))), {
  minLength: 1,
  maxLength: 6,
});

const choicesArb = fc
  .record({
    words: fc.shuffledSubarray([...STRATEGY_WORDS], { minLength: 1 }),
    permute: fc.subarray([...PERMUTE_RULES], { minLength: 1 }),
    maskout: fc.subarray([...MASKOUT_RULES], { minLength: 1 }),
  })
  .map(({ words, permute, maskout }) => parseStrategies(words.join(','), permute as PermuteRule[], maskout as MaskoutRule[]));

/** What the property saw, so the test can insist every shape of mosaic was covered. */
const seen = { single: 0, plain: 0, numbered: 0, markers: 0, maskout: 0, permute: 0, metaLast: 0 };

function record(c: Composition, k: number): void {
  if (k === 1) seen.single++;
  if (c.sentence === null && c.markerClause === null) seen.plain++;
  if (c.numbering) seen.numbered++;
  if (c.markers) seen.markers++;
  if (c.strategy === 'maskout') seen.maskout++;
  if (c.strategy === 'permute') seen.permute++;
  if (!c.metaFirst && c.sentence !== null) seen.metaLast++;
}

function ofKind(segments: readonly Segment[], kind: Segment['kind']): Segment[] {
  return segments.filter((s) => s.kind === kind);
}

/** Every claim the segments make about the composition they come from. */
function expectSegmentsOf(prompts: readonly string[], responses: readonly string[], c: Composition): void {
  const k = prompts.length;
  const text = renderMosaic(prompts, responses, c);
  const s = renderSegments(prompts, responses, c);
  expect(joinSegments(s.prompt)).toBe(text.prompt);
  expect(joinSegments(s.response)).toBe(text.response);

  const plain = c.sentence === null && c.markerClause === null;
  // Sources: each prompt once, in instruction order; the answers in the stated order.
  const promptSources = ofKind(s.prompt, 'source');
  const responseSources = ofKind(s.response, 'source');
  expect(promptSources.map((x) => x.n)).toEqual(plain ? [1] : prompts.map((_, i) => i + 1));
  for (const x of promptSources) expect(x.text).toBe(prompts[(x.n as number) - 1]);
  expect(responseSources.map((x) => x.n)).toEqual(plain ? [1] : [...c.order]);
  for (const x of responseSources) expect(x.text).toBe(responses[(x.n as number) - 1]);

  const metas = ofKind(s.prompt, 'meta');
  expect(ofKind(s.response, 'meta')).toEqual([]);
  if (plain) {
    expect(metas).toEqual([]);
    expect(s.prompt.every((x) => x.kind === 'source') && s.response.every((x) => x.kind === 'source')).toBe(true);
    return;
  }
  expect(metas.map((m) => m.text)).toEqual([metaInstruction(c, k)]);
  expect(s.prompt.indexOf(metas[0] as Segment)).toBe(c.metaFirst ? 0 : s.prompt.length - 1);

  // Markers: an open and a close around every answer, nothing else, none in the prompt.
  expect(ofKind(s.prompt, 'marker')).toEqual([]);
  const markers = ofKind(s.response, 'marker').map((m) => m.text);
  expect(markers).toEqual(c.markers ? c.order.flatMap(() => [c.markers?.open, c.markers?.close]) : []);

  // Numbers: one before each instruction and each answer, for that instruction.
  const promptNumbers = ofKind(s.prompt, 'number');
  const answerNumbers = ofKind(s.response, 'number');
  if (c.numbering) {
    expect(promptNumbers.map((x) => x.n)).toEqual(prompts.map((_, i) => i + 1));
    expect(answerNumbers.map((x) => x.n)).toEqual([...c.order]);
    for (const x of promptNumbers) expect(x.text).toBe(c.numbering.instruction.replace('{n}', String(x.n)));
    for (const x of answerNumbers) expect(x.text).toBe(c.numbering.answer.replace('{n}', String(x.n)));
    for (const segments of [s.prompt, s.response]) {
      for (const [i, x] of segments.entries()) if (x.kind === 'number') expect(segments[i + 1]).toMatchObject({ kind: 'source', n: x.n });
    }
  } else {
    expect([...promptNumbers, ...answerNumbers]).toEqual([]);
  }
  // Separators carry only layout: no source or decoration text hides in them.
  for (const x of [...ofKind(s.prompt, 'separator'), ...ofKind(s.response, 'separator')]) {
    expect([c.separator, '\n\n', '\n']).toContain(x.text);
  }
}

describe('renderSegments', () => {
  it('joins to renderMosaic and labels every part, for random groups and decisions', () => {
    fc.assert(
      fc.property(groupArb, choicesArb, fc.nat({ max: 1_000_000 }), (group, choices, seed) => {
        const prompts = group.map(([p]) => p);
        const responses = group.map(([, r]) => r);
        const c = decide(prompts, responses, choices, rngFor(seed, 'segments'));
        record(c, prompts.length);
        expectSegmentsOf(prompts, responses, c);
      }),
      { numRuns: 1500 },
    );
    // Each shape must have been met, or the property proved less than it claims.
    for (const [shape, n] of Object.entries(seen)) expect(n, `cases with ${shape}`).toBeGreaterThan(0);
  });

  it('holds with empty sources (the decoration alone, as augment estimates it)', () => {
    fc.assert(
      fc.property(groupWithEmptiesArb, choicesArb, fc.nat(), (group, choices, seed) => {
        const prompts = group.map(([p]) => p);
        const c = decide(prompts, group.map(([, r]) => r), choices, rngFor(seed, 'segments-empty'));
        expectSegmentsOf(prompts, group.map(([, r]) => r), c);
      }),
      { numRuns: 300 },
    );
  });

  it('a plain pair is its two texts, untouched', () => {
    const s = renderSegments(['  Q?\n'], ['A.\n'], plainPair());
    expect(s).toEqual({ prompt: [{ kind: 'source', text: '  Q?\n', n: 1 }], response: [{ kind: 'source', text: 'A.\n', n: 1 }] });
  });

  it('cuts a numbered, marked mosaic where its parts meet', () => {
    const c: Composition = {
      strategy: 'permute',
      rule: 'reverse',
      order: [2, 1],
      masked: [],
      numbering: { instruction: 'Q{n}: ', answer: 'A{n}: ' },
      markers: { open: '<<<', close: '>>>' },
      separator: '\n\n',
      metaFirst: false,
      sentence: 'Answer the {count} requests {where} last to first.',
      labelClause: null,
      markerClause: null,
      pack: ENGLISH,
      unoffered: [],
    };
    const s = renderSegments(['one', 'two'], ['1', '2'], c);
    expect(s.prompt).toEqual([
      { kind: 'number', text: 'Q1: ', n: 1 },
      { kind: 'source', text: 'one', n: 1 },
      { kind: 'separator', text: '\n\n' },
      { kind: 'number', text: 'Q2: ', n: 2 },
      { kind: 'source', text: 'two', n: 2 },
      { kind: 'separator', text: '\n\n' },
      { kind: 'meta', text: 'Answer the two requests above last to first.' },
    ]);
    expect(joinSegments(s.response)).toBe('<<<\nA2: 2\n>>>\n\n<<<\nA1: 1\n>>>');
    expect(s.response.map((x) => x.kind)).toEqual([
      'marker', 'separator', 'number', 'source', 'separator', 'marker',
      'separator',
      'marker', 'separator', 'number', 'source', 'separator', 'marker',
    ]);
  });

  it("matches the mosaics an Augmentation yields, from their parts", async () => {
    await fc.assert(
      fc.asyncProperty(pairsArb(1, 25), fc.nat({ max: 1000 }), async (pairs, seed) => {
        const { mosaics } = await runAll(pairs, { seed, epochs: 1, maxTokens: 400 });
        for (const m of mosaics) {
          expect(m.parts).toBeDefined();
          const parts = m.parts as NonNullable<typeof m.parts>;
          const s = renderSegments(parts.prompts, parts.responses, parts.composition);
          expect(joinSegments(s.prompt)).toBe(m.prompt);
          expect(joinSegments(s.response)).toBe(m.response);
        }
      }),
      { numRuns: 60 },
    );
  });
});
