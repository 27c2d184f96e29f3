import type { MarkerStyle } from '../language/pack.js';
import type { MaskoutRule, PermuteRule, StrategyName } from '../rule-names.js';

/**
 * One prompt of an offline multi-instruction benchmark, with the key a program judges a
 * model's answer by. Written one per line by `eval build`; `eval score` reads it back.
 */
export interface EvalItem {
  readonly id: string;
  /** What the model is asked: instructions and the meta-instruction, as a mosaic prompt. */
  readonly prompt: string;
  readonly system?: string;
  readonly key: EvalKey;
}

export interface EvalKey {
  readonly strategy: StrategyName;
  readonly rule: PermuteRule | MaskoutRule | null;
  /** The language pack the meta-instruction is in. */
  readonly lang: string;
  /** Instructions in the prompt. */
  readonly k: number;
  /** 1-based instruction numbers to answer, in the order the answers must come. */
  readonly order: readonly number[];
  /** 1-based instruction numbers the meta-instruction says to leave unanswered. */
  readonly masked: readonly number[];
  /** The label each instruction's answer must start with, for instruction 1..k, as written. */
  readonly labels: readonly string[];
  /** What each answer must be wrapped in; null when the prompt asks for no markers. */
  readonly markers: MarkerStyle | null;
  /** Source record indices of the instructions, in instruction order. */
  readonly sources: readonly number[];
  /** The reference answers of instructions 1..k (masked ones included), verbatim. */
  readonly references: readonly string[];
}

/** A model's answer to one item, as `eval score` takes it. */
export interface EvalAnswer {
  readonly id: string;
  readonly response: string;
}
