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
  const numbering = c.numbering;
  const separator = numbering ? NUMBERED_SEPARATOR : c.separator;

  const items = new Array<string>(k);
  for (let i = 0; i < k; i++) {
    items[i] = numbering ? fillNumber(numbering.instruction, i + 1) + prompts[i] : (prompts[i] as string);
  }
  const block = items.join(separator);

  const answers = c.order.map((n) => {
    const label = numbering ? fillNumber(numbering.answer, n) : '';
    const text = label + (responses[n - 1] as string);
    return c.markers ? `${c.markers.open}\n${text}\n${c.markers.close}` : text;
  });

  const meta = metaInstruction(c, k);
  return {
    prompt: c.metaFirst ? meta + META_SEPARATOR + block : block + META_SEPARATOR + meta,
    response: answers.join(separator),
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
