import { STRATEGY_NAMES } from '../mosaic/strategy-choices.js';
import type { MetaView } from './mosaic-meta.js';

/** What a mosaic file's provenance says about how it was built. */
export interface MosaicMix {
  /** Records with meta: the mosaics. */
  readonly mosaics: number;
  /** How many mosaics hold k pairs, by ascending k (k = meta.sources.length). */
  readonly k: ReadonlyArray<{ readonly k: number; readonly count: number }>;
  /** Mosaics per meta.strategy. */
  readonly strategies: Readonly<Record<string, number>>;
  /** Mosaics per "strategy:rule", for those with a rule (permute and maskout). */
  readonly rules: Readonly<Record<string, number>>;
  /** The distinct meta.epoch values (augmentation passes), ascending. */
  readonly epochs: readonly number[];
  /** Distinct source record indices used by any mosaic. */
  readonly sourcesUsed: number;
  /** Mosaics per meta.lang, the language of their meta-instructions ("unknown" when meta has none). */
  readonly languages: Readonly<Record<string, number>>;
}

/** Counts provenance record by record, so a large file never needs its metas kept. */
export class MixCounter {
  private mosaics = 0;
  private readonly k = new Map<number, number>();
  private readonly strategies = new Map<string, number>();
  private readonly rules = new Map<string, number>();
  private readonly epochs = new Set<number>();
  private readonly languages = new Map<string, number>();
  /** Every source index any mosaic names; the baseline's samples. */
  readonly usedSources = new Set<number>();

  add(meta: MetaView): void {
    this.mosaics++;
    bump(this.k, meta.sources.length);
    bump(this.strategies, meta.strategy);
    if (meta.rule !== null) bump(this.rules, `${meta.strategy}:${meta.rule}`);
    this.epochs.add(meta.epoch);
    bump(this.languages, meta.lang ?? 'unknown');
    for (const s of meta.sources) this.usedSources.add(s);
  }

  result(): MosaicMix {
    return {
      mosaics: this.mosaics,
      k: [...this.k].sort(([a], [b]) => a - b).map(([k, count]) => ({ k, count })),
      strategies: Object.fromEntries([...this.strategies].sort(([a], [b]) => compareStrategies(a, b))),
      rules: Object.fromEntries([...this.rules].sort(([a], [b]) => compareStrategies(a, b))),
      epochs: [...this.epochs].sort((a, b) => a - b),
      sourcesUsed: this.usedSources.size,
      languages: Object.fromEntries([...this.languages].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))),
    };
  }
}

function bump<K>(map: Map<K, number>, key: K): void {
  map.set(key, (map.get(key) ?? 0) + 1);
}

/**
 * Key order for the mixes: the known strategies in their usual order, then anything
 * else; ties by code unit. Fixed so that reports of the same file are the same bytes.
 */
function compareStrategies(a: string, b: string): number {
  const rank = (key: string) => {
    const i = (STRATEGY_NAMES as readonly string[]).indexOf(key.split(':')[0] as string);
    return i === -1 ? STRATEGY_NAMES.length : i;
  };
  return rank(a) - rank(b) || (a < b ? -1 : a > b ? 1 : 0);
}
