import type { LanguageChoice } from './language/choice.js';
import type { KDistribution } from './rng/k-distributions.js';
import type { StrategyChoice } from './strategies.js';
import type { ChatTemplate } from './tokens/chat-template.js';
import type { TokenCounter } from './tokens/counter.js';

/**
 * The build options checked and resolved (resolveAugmentOptions in options.ts): what
 * planning and rendering read. A leaf of its own so that the option table, which says
 * how each option appears in a manifest, can name it without importing options.ts.
 */
export interface ResolvedAugmentOptions {
  readonly seed: number;
  readonly epochs: number;
  readonly maxK: number;
  readonly kDist: KDistribution;
  readonly maxTokens: number;
  readonly tokenizer: TokenCounter;
  /**
   * The name or path the tokenizer was loaded from; absent when a TokenCounter object was
   * given. A worker thread loads its own counter from it (a counter does not cross threads).
   */
  readonly tokenizerSource?: string;
  /** Set with chatTemplate: samples are counted as this template renders them. */
  readonly chatTemplate: ChatTemplate | null;
  readonly choices: readonly StrategyChoice[];
  /** The packs the run speaks, and which speaks for each pair. */
  readonly languages: LanguageChoice;
  /** Where each user pack came from (for the manifest): a file and its sha256, or "object". */
  readonly packSources: ReadonlyArray<{ readonly name: string; readonly version: string; readonly file: string | null; readonly sha256: string | null }>;
}
