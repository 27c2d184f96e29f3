import type { Composition } from '../mosaic/compose.js';
import { renderAnswers } from '../mosaic/render.js';
import type { Rng } from '../rng/random.js';

/**
 * The ways a rejected response breaks its meta-instruction, one per preference pair:
 * - order: two neighbouring answers swapped;
 * - masked: an answer the meta-instruction says to skip is given (at its place);
 * - label: one answer lacks its label;
 * - marker: one answer lacks its markers;
 * - missing: one answer left out.
 * Everything else is the chosen response's, byte for byte, so the pair differs in that
 * one stated way.
 */
export const REJECTION_KINDS = ['order', 'masked', 'label', 'marker', 'missing'] as const;
export type RejectionKind = (typeof REJECTION_KINDS)[number];

/** What was broken, as written to meta.rejected: enough to rebuild the rejected response. */
export type Rejection =
  | { readonly kind: 'order'; readonly order: readonly number[] }
  | { readonly kind: 'masked' | 'label' | 'marker' | 'missing'; readonly answer: number };

export type RejectionWeights = Readonly<Record<RejectionKind, number>>;

export const EQUAL_WEIGHTS: RejectionWeights = { order: 1, masked: 1, label: 1, marker: 1, missing: 1 };

/** Whether a kind can break this composition: a label needs labels, a skipped answer a mask, ... */
export function applies(kind: RejectionKind, c: Composition): boolean {
  switch (kind) {
    case 'order':
    case 'missing':
      return c.order.length >= 2;
    case 'masked':
      return c.masked.length > 0;
    case 'label':
      return c.numbering !== null;
    case 'marker':
      return c.markers !== null;
  }
}

/**
 * One rejection for a mosaic: a kind drawn by weight among those that apply, then its
 * detail. Null when none applies (a single plain pair). Draws come from `rng` only.
 */
export function drawRejection(c: Composition, weights: RejectionWeights, rng: Rng): Rejection | null {
  const kinds = REJECTION_KINDS.filter((kind) => weights[kind] > 0 && applies(kind, c));
  if (kinds.length === 0) return null;
  const total = kinds.reduce((sum, kind) => sum + weights[kind], 0);
  let x = rng.next() * total;
  let kind = kinds[kinds.length - 1] as RejectionKind;
  for (const k of kinds) {
    x -= weights[k];
    if (x < 0) {
      kind = k;
      break;
    }
  }
  const { order, masked } = c;
  switch (kind) {
    case 'order': {
      const i = rng.int(order.length - 1);
      const swapped = order.slice();
      [swapped[i], swapped[i + 1]] = [swapped[i + 1] as number, swapped[i] as number];
      return { kind, order: swapped };
    }
    case 'masked':
      return { kind, answer: rng.pick(masked) };
    default:
      return { kind, answer: rng.pick(order) };
  }
}

/** The rejected response: the chosen one's answers with the one stated flaw. */
export function rejectedResponse(responses: readonly string[], c: Composition, rejection: Rejection): string {
  switch (rejection.kind) {
    case 'order':
      return renderAnswers(responses, rejection.order, c);
    case 'masked':
      // The skipped answer goes where the given order puts it.
      return renderAnswers(responses, [...c.order, rejection.answer].sort((a, b) => a - b), c);
    case 'missing':
      return renderAnswers(
        responses,
        c.order.filter((n) => n !== rejection.answer),
        c,
      );
    case 'label':
      return renderAnswers(responses, c.order, c, { label: rejection.answer });
    case 'marker':
      return renderAnswers(responses, c.order, c, { markers: rejection.answer });
  }
}

/**
 * Whether a rejection is one drawRejection could have made for this composition: the
 * kind applies and its detail points at an answer that exists (check reads it from files).
 */
export function validRejection(rejection: Rejection, c: Composition): boolean {
  if (!applies(rejection.kind, c)) return false;
  if (rejection.kind === 'order') {
    const o = rejection.order;
    const diffs = o.map((n, i) => (n === c.order[i] ? -1 : i)).filter((i) => i >= 0);
    return o.length === c.order.length && diffs.length === 2 && diffs[1] === (diffs[0] as number) + 1 && o[diffs[0] as number] === c.order[diffs[1] as number];
  }
  return rejection.kind === 'masked' ? c.masked.includes(rejection.answer) : c.order.includes(rejection.answer);
}
