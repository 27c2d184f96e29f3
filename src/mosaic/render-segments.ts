import { fillNumber } from '../language/fill.js';
import { META_SEPARATOR, NUMBERED_SEPARATOR } from '../language/layout.js';
import type { Composition } from './composition.js';
import { metaInstruction } from './render.js';

/**
 * What a piece of a mosaic's text is: the meta-instruction, an instruction or answer
 * number, an answer marker, a source prompt or response (verbatim), or the text between
 * any of these.
 */
export type SegmentKind = 'meta' | 'number' | 'marker' | 'source' | 'separator';

export interface Segment {
  readonly kind: SegmentKind;
  readonly text: string;
  /** On 'source' and 'number' segments: the 1-based instruction the text belongs to. */
  readonly n?: number;
}

export interface SegmentedText {
  readonly prompt: readonly Segment[];
  readonly response: readonly Segment[];
}

/**
 * The mosaic's text as renderMosaic assembles it, cut where its parts meet, so a viewer
 * can tell them apart: the segments' texts joined are exactly renderMosaic's prompt and
 * response. Kept apart from render.ts so that the hot path builds no segment objects;
 * the property test holds the two in step.
 */
export function renderSegments(prompts: readonly string[], responses: readonly string[], c: Composition): SegmentedText {
  if (c.sentence === null && c.markerClause === null) {
    return { prompt: [source(prompts[0] as string, 1)], response: [source(responses[0] as string, 1)] };
  }
  const k = prompts.length;
  const numbering = c.numbering;
  const between = separator(numbering ? NUMBERED_SEPARATOR : c.separator);

  const block: Segment[] = [];
  for (let i = 0; i < k; i++) {
    if (i > 0) block.push(between);
    if (numbering) block.push(number(fillNumber(numbering.instruction, i + 1), i + 1));
    block.push(source(prompts[i] as string, i + 1));
  }

  const response: Segment[] = [];
  for (const [i, n] of c.order.entries()) {
    if (i > 0) response.push(between);
    if (c.markers) response.push(marker(c.markers.open), LINE_BREAK);
    if (numbering) response.push(number(fillNumber(numbering.answer, n), n));
    response.push(source(responses[n - 1] as string, n));
    if (c.markers) response.push(LINE_BREAK, marker(c.markers.close));
  }

  const meta: Segment = { kind: 'meta', text: metaInstruction(c, k) };
  const gap = separator(META_SEPARATOR);
  return { prompt: c.metaFirst ? [meta, gap, ...block] : [...block, gap, meta], response };
}

/** The text the segments stand for. */
export function joinSegments(segments: readonly Segment[]): string {
  let text = '';
  for (const s of segments) text += s.text;
  return text;
}

// Markers sit on their own lines around an answer (see renderMosaic).
const LINE_BREAK: Segment = { kind: 'separator', text: '\n' };

function source(text: string, n: number): Segment {
  return { kind: 'source', text, n };
}

function number(text: string, n: number): Segment {
  return { kind: 'number', text, n };
}

function marker(text: string): Segment {
  return { kind: 'marker', text };
}

function separator(text: string): Segment {
  return { kind: 'separator', text };
}
