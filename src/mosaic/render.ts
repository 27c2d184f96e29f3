import { fillNumber, fillSentence } from '../templates/fill.js';
import { CLAUSE_SEPARATOR, META_SEPARATOR, NUMBERED_SEPARATOR } from '../templates/styles.js';
import type { Composition } from './compose.js';

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
  const { numbering, markers, order } = c;
  const separator = numbering ? NUMBERED_SEPARATOR : c.separator;

  // Built by concatenation rather than arrays joined: the engine links the pieces and
  // copies them once, when the text is first read (counted or written).
  let block = '';
  for (let i = 0; i < k; i++) {
    if (i > 0) block += separator;
    if (numbering) block += fillNumber(numbering.instruction, i + 1);
    block += prompts[i] as string;
  }

  let response = '';
  for (let i = 0; i < order.length; i++) {
    const n = order[i] as number;
    if (i > 0) response += separator;
    if (markers) response += `${markers.open}\n`;
    if (numbering) response += fillNumber(numbering.answer, n);
    response += responses[n - 1] as string;
    if (markers) response += `\n${markers.close}`;
  }

  const meta = metaInstruction(c, k);
  return {
    prompt: c.metaFirst ? meta + META_SEPARATOR + block : block + META_SEPARATOR + meta,
    response,
  };
}

/** The meta-instruction: the rule's sentence, then how answers are labelled and wrapped. */
export function metaInstruction(c: Composition, k: number): string {
  const where = c.metaFirst ? 'below' : 'above';
  const parts: string[] = [];
  if (c.sentence !== null) {
    parts.push(
      fillSentence(c.sentence, {
        count: k,
        where,
        sequence: c.order,
        list: c.masked,
        n: c.masked.length,
      }),
    );
  }
  if (c.labelClause !== null && c.numbering) {
    parts.push(fillSentence(c.labelClause, { label: fillNumber(c.numbering.answer, c.order[0] as number).trim() }));
  }
  if (c.markerClause !== null && c.markers) {
    parts.push(fillSentence(c.markerClause, { open: c.markers.open, close: c.markers.close }));
  }
  return parts.join(CLAUSE_SEPARATOR);
}
