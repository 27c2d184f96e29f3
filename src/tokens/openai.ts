import type { TokenCounter } from './counter.js';

/** tiktoken encodings we count with: o200k_base (GPT-4o and later), cl100k_base (GPT-4, 3.5). */
export const OPENAI_ENCODINGS = ['o200k_base', 'cl100k_base'] as const;
export type OpenAiEncoding = (typeof OPENAI_ENCODINGS)[number];

/**
 * Special-token strings in a text are ordinary text to us, as with tiktoken's
 * `encode_ordinary` / `disallowed_special=()`: instruction data may legitimately mention
 * "<|endoftext|>", and the budget counts texts without special tokens. gpt-tokenizer
 * disallows (throws on) every special token by default; an empty disallowed set with no
 * allowed set means nothing is matched as special and nothing throws. The set stays
 * empty: the library only reads it on this path.
 */
const PLAIN_TEXT = { disallowedSpecial: new Set<string>() };

/**
 * Exact token counter for an OpenAI encoding, via gpt-tokenizer (pure JS). The encoding
 * module is imported only here, so runs with other tokenizers never parse its rank table.
 * `countTokens` is used rather than `encode().length`: it walks the same BPE without
 * building the id array, and gives the same number.
 */
export async function loadOpenAiCounter(name: OpenAiEncoding): Promise<TokenCounter> {
  const { countTokens } = await importEncoding(name);
  return {
    name,
    exact: true,
    count: (text: string) => countTokens(text, PLAIN_TEXT),
  };
}

// One literal specifier per encoding, so tsc (and bundlers) resolve each subpath and its types.
function importEncoding(name: OpenAiEncoding) {
  switch (name) {
    case 'o200k_base':
      return import('gpt-tokenizer/encoding/o200k_base');
    case 'cl100k_base':
      return import('gpt-tokenizer/encoding/cl100k_base');
    default:
      // Reachable from untyped callers (a CLI string cast to the union).
      throw new Error(
        `unknown OpenAI encoding ${JSON.stringify(name)}; expected one of ${OPENAI_ENCODINGS.join(', ')}`,
      );
  }
}
