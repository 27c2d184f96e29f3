import { UsageError } from '../errors.js';
import { approxCounter } from './approx.js';
import type { TokenCounter } from './counter.js';

/** Names accepted by --tokenizer. Exact model tokenizers are added here as they land. */
export const TOKENIZER_NAMES = ['approx'] as const;

/**
 * Turns a --tokenizer value into a ready counter. Async because real tokenizers load
 * model files; the returned counter is synchronous.
 */
export async function resolveTokenizer(name: string): Promise<TokenCounter> {
  if (name === 'approx') return approxCounter;
  throw new UsageError(
    `unknown tokenizer "${name}"; accepted: ${TOKENIZER_NAMES.join(', ')}`,
    '--tokenizer',
  );
}
