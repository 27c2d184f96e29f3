/** Samples and tokens of one augmentation pass (one meta.epoch value) of a mosaic set. */
export interface PassCost {
  readonly epoch: number;
  readonly samples: number;
  readonly tokens: number;
}

/** Epochs of the plain-tuning baseline when not told (inspect --baseline-epochs). */
export const DEFAULT_BASELINE_EPOCHS = 3;

export interface CostInput {
  /** The mosaic file's samples and tokens, trained once: it already holds all its passes. */
  readonly mosaic: { readonly samples: number; readonly tokens: number; readonly passes: readonly PassCost[] };
  /** Plain instruction tuning on the pairs the mosaics use, per epoch. */
  readonly baselineSamplesPerEpoch: number;
  /** Null when the source pairs were not read, so their tokens are unknown. */
  readonly baselineTokensPerEpoch: number | null;
  readonly baselineEpochs: number;
}

/**
 * Cost of training on the mosaic set against plain tuning of its sources. Ratios are
 * mosaic / baseline; saving is 1 - ratio (negative when the mosaic set costs more).
 * Samples are what a fixed batch size turns into optimizer steps, which is where the
 * paper's saving comes from; tokens need not go down, as every pass holds each pair once
 * plus the meta-instructions.
 */
export interface TrainingCost {
  readonly baselineEpochs: number;
  readonly mosaic: CostInput['mosaic'];
  readonly baseline: {
    readonly samplesPerEpoch: number;
    readonly tokensPerEpoch: number | null;
    readonly samples: number;
    readonly tokens: number | null;
  };
  readonly ratio: { readonly samples: number | null; readonly tokens: number | null };
  readonly saving: { readonly samples: number | null; readonly tokens: number | null };
}

export function trainingCost(input: CostInput): TrainingCost {
  const { mosaic, baselineSamplesPerEpoch, baselineTokensPerEpoch, baselineEpochs } = input;
  if (!Number.isInteger(baselineEpochs) || baselineEpochs < 1) throw new RangeError(`baseline epochs must be a whole number >= 1, got ${baselineEpochs}`);
  const samples = baselineSamplesPerEpoch * baselineEpochs;
  const tokens = baselineTokensPerEpoch === null ? null : baselineTokensPerEpoch * baselineEpochs;
  const samplesRatio = divide(mosaic.samples, samples);
  const tokensRatio = tokens === null ? null : divide(mosaic.tokens, tokens);
  return {
    baselineEpochs,
    mosaic,
    baseline: { samplesPerEpoch: baselineSamplesPerEpoch, tokensPerEpoch: baselineTokensPerEpoch, samples, tokens },
    ratio: { samples: samplesRatio, tokens: tokensRatio },
    saving: { samples: complement(samplesRatio), tokens: complement(tokensRatio) },
  };
}

function divide(a: number, b: number): number | null {
  return b === 0 ? null : a / b;
}

function complement(ratio: number | null): number | null {
  return ratio === null ? null : 1 - ratio;
}
