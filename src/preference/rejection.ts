import type { Composition } from '../mosaic/composition.js';
import { renderAnswers } from '../mosaic/render.js';
import type { Rng } from '../rng/random.js';
import { OptionError } from '../errors.js';
import { weightsFromText } from '../option-texts.js';

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

/**
 * What was broken, as written to meta.rejected, in one shape for every kind (so a Parquet
 * column can hold it): the kind, the instruction whose answer it touches (for `order`, the
 * first of the two swapped in the chosen order), and the answers of the rejected response
 * in their order. Enough to rebuild the rejected response from the chosen one.
 */
export interface Rejection {
  readonly kind: RejectionKind;
  readonly answer: number;
  readonly order: readonly number[];
}

export type RejectionWeights = Readonly<Record<RejectionKind, number>>;

export const EQUAL_WEIGHTS: RejectionWeights = { order: 1, masked: 1, label: 1, marker: 1, missing: 1 };

/**
 * Whether a kind can break this composition: a label needs labels, a skipped answer a
 * mask, a swap two neighbouring answers that read differently (two answers with the same
 * text swapped would give the chosen response again).
 */
export function applies(kind: RejectionKind, c: Composition, responses: readonly string[]): boolean {
  switch (kind) {
    case 'order':
      return swappable(c, responses).length > 0;
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
export function drawRejection(c: Composition, responses: readonly string[], weights: RejectionWeights, rng: Rng): Rejection | null {
  const kinds = REJECTION_KINDS.filter((kind) => weights[kind] > 0 && applies(kind, c, responses));
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
      const i = rng.pick(swappable(c, responses));
      const swapped = order.slice();
      [swapped[i], swapped[i + 1]] = [swapped[i + 1] as number, swapped[i] as number];
      return { kind, answer: order[i] as number, order: swapped };
    }
    case 'masked': {
      const answer = rng.pick(masked);
      // The skipped answer goes where the given order puts it.
      return { kind, answer, order: [...order, answer].sort((a, b) => a - b) };
    }
    case 'missing': {
      const answer = rng.pick(order);
      return { kind, answer, order: order.filter((n) => n !== answer) };
    }
    default:
      return { kind, answer: rng.pick(order), order };
  }
}

/** The rejected response: the chosen one's answers with the one stated flaw. */
export function rejectedResponse(responses: readonly string[], c: Composition, rejection: Rejection): string {
  const undecorated = rejection.kind === 'label' ? { label: rejection.answer } : rejection.kind === 'marker' ? { markers: rejection.answer } : {};
  return renderAnswers(responses, rejection.order, c, undecorated);
}

/**
 * Whether a rejection (as read back from a file) is one drawRejection could have made for
 * this composition: the kind applies, and its answer and order are what that kind gives.
 */
export function validRejection(rejection: Rejection, c: Composition, responses: readonly string[]): boolean {
  if (!REJECTION_KINDS.includes(rejection.kind) || !applies(rejection.kind, c, responses)) return false;
  const { answer, order } = rejection;
  const same = (a: readonly number[], b: readonly number[]) => a.length === b.length && a.every((n, i) => n === b[i]);
  switch (rejection.kind) {
    case 'order': {
      const i = c.order.indexOf(answer);
      if (!swappable(c, responses).includes(i)) return false;
      const swapped = c.order.slice();
      [swapped[i], swapped[i + 1]] = [swapped[i + 1] as number, swapped[i] as number];
      return same(order, swapped);
    }
    case 'masked':
      return c.masked.includes(answer) && same(order, [...c.order, answer].sort((a, b) => a - b));
    case 'missing':
      return c.order.includes(answer) && same(order, c.order.filter((n) => n !== answer));
    default:
      return c.order.includes(answer) && same(order, c.order);
  }
}

/** Positions i in the answer order whose answer and the next one read differently. */
function swappable(c: Composition, responses: readonly string[]): number[] {
  const out: number[] = [];
  for (let i = 0; i + 1 < c.order.length; i++) {
    if (responses[(c.order[i] as number) - 1] !== responses[(c.order[i + 1] as number) - 1]) out.push(i);
  }
  return out;
}

/**
 * "order=2,missing" -> { order: 2, missing: 1 }: the kinds to draw, with their weights.
 * The option's schema fills the kinds left out with 0.
 */
export function rejectionWeightsFromText(text: string, option = 'rejectWith'): Record<string, number> {
  const weights = weightsFromText(text, option);
  for (const name of weights.keys()) {
    if (!(REJECTION_KINDS as readonly string[]).includes(name)) throw new OptionError(option, `unknown kind "${name}"; expected ${REJECTION_KINDS.join(', ')}`);
  }
  return Object.fromEntries(weights);
}
