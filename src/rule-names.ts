/** The names of the strategies and rules: a leaf that every layer may import. */

export type StrategyName = 'primary' | 'format' | 'permute' | 'maskout';

export const PERMUTE_RULES = [
  'reverse',
  'random',
  'alpha',
  'alpha-desc',
  'words',
  'words-desc',
  'chars',
  'chars-desc',
  'odd-even',
  'even-odd',
] as const;
export type PermuteRule = (typeof PERMUTE_RULES)[number];

export const MASKOUT_RULES = ['random', 'longest', 'shortest', 'odd', 'even'] as const;
export type MaskoutRule = (typeof MASKOUT_RULES)[number];
