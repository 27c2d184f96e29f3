import { fillNumber, fillSentence } from '../language/fill.js';
import { META_SEPARATOR, NUMBERED_SEPARATOR } from '../language/layout.js';
import type { Composition } from './composition.js';

export interface RenderedText {
  readonly prompt: string;
  readonly response: string;
}

/**
 * Assembles the sample's text from a decision. Source prompts and responses are inserted
 * verbatim: numbering goes in front of them and markers around them, nothing inside.
 */
export function renderMosaic(prompts: readonly string[], responses: readonly string[], c: Composition): RenderedText {
  const k = prompts.length;
  if (c.sentence === null && c.markerClause === null) {
    return { prompt: prompts[0] as string, response: responses[0] as string };
  }
  const { numbering } = c;
  const separator = numbering ? NUMBERED_SEPARATOR : c.separator;

  // Each text is its pieces joined once, into one flat string. Built with `+`, it would
  // be a rope of linked pieces that its first reader (the token count) has to copy
  // flat first; in the 100k-pair profile that cost more than the joins.
  const meta = metaInstruction(c, k);
  const prompt: string[] = [];
  if (c.metaFirst) prompt.push(meta, META_SEPARATOR);
  for (let i = 0; i < k; i++) {
    if (i > 0) prompt.push(separator);
    if (numbering) prompt.push(fillNumber(numbering.instruction, i + 1));
    prompt.push(prompts[i] as string);
  }
  if (!c.metaFirst) prompt.push(META_SEPARATOR, meta);

  return { prompt: prompt.join(''), response: renderAnswers(responses, c.order, c) };
}

/** Which answers go out without their label, or without their markers (a rejected response's flaw). */
export interface Undecorated {
  readonly label?: number;
  readonly markers?: number;
}

/**
 * The answers to `order`, laid out as the composition says: each wrapped in its markers
 * and opened by its label, joined by the separator. `undecorated` leaves one answer's
 * label or markers out; a true mosaic never does.
 */
export function renderAnswers(responses: readonly string[], order: readonly number[], c: Composition, undecorated: Undecorated = {}): string {
  const { numbering, markers } = c;
  const separator = numbering ? NUMBERED_SEPARATOR : c.separator;
  const out: string[] = [];
  for (let i = 0; i < order.length; i++) {
    const n = order[i] as number;
    const wrap = markers !== null && undecorated.markers !== n;
    if (i > 0) out.push(separator);
    if (wrap) out.push(markers.open, '\n');
    if (numbering && undecorated.label !== n) out.push(fillNumber(numbering.answer, n));
    out.push(responses[n - 1] as string);
    if (wrap) out.push('\n', markers.close);
  }
  return out.join('');
}

/** The meta-instruction: the rule's sentence, then how answers are labelled and wrapped. */
export function metaInstruction(c: Composition, k: number): string {
  const where = c.metaFirst ? 'below' : 'above';
  const { pack } = c;
  const parts: string[] = [];
  if (c.sentence !== null) {
    parts.push(fillSentence(c.sentence, { count: k, where, sequence: c.order, list: c.masked, n: c.masked.length }, pack));
  }
  if (c.labelClause !== null && c.numbering) {
    parts.push(fillSentence(c.labelClause, { label: fillNumber(c.numbering.answer, c.order[0] as number).trim() }, pack));
  }
  if (c.markerClause !== null && c.markers) {
    parts.push(fillSentence(c.markerClause, { open: c.markers.open, close: c.markers.close }, pack));
  }
  return parts.join(pack.clauseSeparator);
}
