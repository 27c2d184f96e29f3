import type { RejectionSettings } from '../formats/preference-output.js';
import type { OutputFormat } from '../formats/format-names.js';
import type { SpillLayout } from '../io/pair-store.js';
import type { AugmentSummary } from '../mosaic/run-summary.js';
import type { StrategyName } from '../rule-names.js';
import type { PortableOptions } from './portable-options.js';

/** What a block worker is started with: plain data only (it crosses threads by copy). */
export interface WorkerSetup {
  /** The run's resolved options as plain data; the worker loads only its own tokenizer. */
  readonly options: PortableOptions;
  readonly pairs: {
    readonly length: number;
    readonly content: Uint32Array;
    readonly promptTokens: Uint32Array;
    readonly alone: Uint32Array;
    readonly systemOf: Uint32Array;
    readonly languageOf: Uint32Array;
    readonly systemTokens: readonly number[];
    readonly hasSystem: boolean;
  };
  readonly spill: SpillLayout;
  readonly output: { readonly format: OutputFormat; readonly withMeta: boolean; readonly conversational: boolean; readonly rejections?: RejectionSettings };
  readonly countWindow?: number;
}

/** A worker's answer for one block. */
export interface BlockDone {
  readonly block: number;
  /** The block's records, each serialized as one JSON text. */
  readonly lines: string[];
  /** Pairs placed in the block's mosaics. */
  readonly placed: number;
  /** Mosaics built; more than lines when a preference format left some out (unpaired). */
  readonly mosaics: number;
  readonly unpaired: number;
  readonly byStrategy: Readonly<Record<StrategyName, number>>;
  readonly grouped: number;
  readonly byRule: Readonly<Record<string, number>>;
  readonly unavailable: AugmentSummary['unavailable'];
}

export type WorkerMessage = { readonly ready: true } | BlockDone | { readonly block: number; readonly error: string };
