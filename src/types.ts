import type { Composition } from './mosaic/composition.js';
import type { MaskoutRule, PermuteRule, StrategyName } from './rule-names.js';

export { MASKOUT_RULES, PERMUTE_RULES, type MaskoutRule, type PermuteRule, type StrategyName } from './rule-names.js';
export type { SourceLocation } from './location.js';

/** One instruction/response pair, normalised from whatever format it was read from. */
export interface Pair {
  /** 0-based index of the source record across all inputs, in the order given. */
  readonly source: number;
  /** The text the model is asked: instruction, plus "\n" and input when input is non-empty. */
  readonly prompt: string;
  /** The reference answer, verbatim. */
  readonly response: string;
  /** System prompt, when the format carries one. Pairs with different system prompts never mix. */
  readonly system?: string;
}

/** Provenance of one mosaic; written as `meta` with --meta. Field order is the output order. */
export interface MosaicMeta {
  /** 0-based augmentation pass. */
  epoch: number;
  /** Source index of each pair, in prompt order. */
  sources: number[];
  strategy: StrategyName;
  rule: PermuteRule | MaskoutRule | null;
  /** 1-based instruction numbers whose responses appear, in response order. */
  order: number[];
  /** 1-based instruction numbers the meta-instruction says to ignore. */
  masked: number[];
  /** Whether instructions and responses carry visible numbers. */
  numbered: boolean;
  /** The language pack the meta-instruction is in ("en", "zh", or a user pack's name). */
  lang: string;
  /** Tokens of system + prompt + response under the budget's counter. */
  tokens: number;
}

/** One augmented training sample. */
export interface Mosaic {
  readonly prompt: string;
  readonly response: string;
  readonly system?: string;
  readonly meta: MosaicMeta;
  /**
   * What the text was assembled from: every choice (phrasing, markers, numbering style)
   * and the source prompts and responses in instruction order, so a viewer can tell the
   * parts apart. Set on every mosaic an Augmentation yields; never written to datasets.
   */
  readonly parts?: MosaicParts;
}

/** See Mosaic.parts. renderMosaic(prompts, responses, composition) gives the mosaic's text. */
export interface MosaicParts {
  readonly composition: Composition;
  readonly prompts: readonly string[];
  readonly responses: readonly string[];
}
