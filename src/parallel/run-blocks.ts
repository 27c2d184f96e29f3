import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import type { SpillPairs } from '../io/pair-store.js';
import type { AugmentProgress } from '../mosaic/augment.js';
import { addRuleCounts, emptySummary, type AugmentSummary } from '../mosaic/run-summary.js';
import { RunLayout, type Shard } from '../mosaic/blocks.js';
import type { PreparedPairs } from '../mosaic/prepared-pairs.js';
import type { ResolvedAugmentOptions } from '../options.js';
import type { PortableOptions } from './portable-options.js';
import type { BlockDone, WorkerMessage, WorkerSetup } from './protocol.js';

export interface ParallelSettings {
  /** Worker threads, at least 2 to be worth it. */
  readonly threads: number;
  readonly shard?: Shard;
  readonly countWindow?: number;
  readonly signal?: AbortSignal;
  readonly onProgress?: (progress: AugmentProgress) => void;
}

/** Pairs whose texts are in a spill file (see isSpilled), so that worker threads can read them too. */
export type SpilledPairs = PreparedPairs & { readonly texts: SpillPairs };

// Blocks asked for ahead of the one being written, per thread: enough that no thread
// waits for work, few enough that finished blocks do not pile up in memory.
const AHEAD_PER_THREAD = 2;

/**
 * Builds a run's blocks on worker threads and hands back each block's records, already
 * serialized, in block order: the same records, in the same order, as the Augmentation
 * gives in one thread (a block depends only on its index). Block b goes to thread
 * b mod threads, so each thread walks the epochs in order and shuffles each once.
 * `summary` is filled as blocks arrive.
 */
export class ParallelBuild {
  // The spill file stays the caller's to close, after the workers are gone.
  readonly summary: AugmentSummary;

  constructor(
    private readonly prepared: SpilledPairs,
    /** `options` as plain data (portableOptions): what each thread rebuilds them from. */
    private readonly portable: PortableOptions,
    private readonly options: ResolvedAugmentOptions,
    private readonly output: WorkerSetup['output'],
    private readonly settings: ParallelSettings,
  ) {
    this.summary = emptySummary(prepared.length, options);
  }

  async *blocks(): AsyncGenerator<string[]> {
    const { prepared, settings, summary } = this;
    const { signal, onProgress } = settings;
    const layout = new RunLayout(prepared.alone, this.options, settings.shard);
    summary.droppedOverBudget = prepared.length - layout.usable;
    const { first, end, pairs: total } = layout;
    const threads = Math.max(1, Math.min(settings.threads, end - first));
    const setup: WorkerSetup = {
      options: this.portable,
      pairs: {
        length: prepared.length,
        content: prepared.content,
        promptTokens: prepared.promptTokens,
        alone: prepared.alone,
        systemOf: prepared.systemOf,
        languageOf: prepared.languageOf,
        systemTokens: prepared.systemTokens,
        hasSystem: prepared.hasSystem,
      },
      spill: prepared.texts.layout(),
      output: this.output,
      countWindow: settings.countWindow,
    };

    const waiting = new Map<number, { resolve: (done: BlockDone) => void; reject: (error: Error) => void }>();
    const results = new Map<number, Promise<BlockDone>>();
    let failure: Error | null = null;
    const fail = (error: Error): void => {
      failure ??= error;
      for (const w of waiting.values()) w.reject(failure);
      waiting.clear();
    };
    const script = blockWorkerUrl(import.meta.url, (path) => existsSync(path));
    const workers = Array.from({ length: threads }, () => new Worker(script, { workerData: setup }));
    const ready = workers.map(
      (worker) =>
        new Promise<void>((resolve, reject) => {
          worker.on('message', (message: WorkerMessage) => {
            if ('ready' in message) return resolve();
            const w = waiting.get(message.block);
            waiting.delete(message.block);
            if ('error' in message) fail(new Error(`building block ${message.block}: ${message.error}`));
            else w?.resolve(message);
          });
          worker.on('error', (error) => {
            reject(error);
            fail(error);
          });
          worker.on('exit', (code) => {
            if (code !== 0) fail(new Error(`a worker thread stopped (exit ${code})`));
          });
        }),
    );
    const ask = (b: number): void => {
      results.set(
        b,
        new Promise<BlockDone>((resolve, reject) => {
          if (failure) return reject(failure);
          waiting.set(b, { resolve, reject });
          (workers[(b - first) % threads] as Worker).postMessage(b);
        }),
      );
      // Handled where it is awaited; this keeps an early failure from being "unhandled".
      results.get(b)?.catch(() => undefined);
    };
    const onAbort = (): void => fail(signal?.reason instanceof Error ? signal.reason : new Error('aborted'));
    signal?.addEventListener('abort', onAbort);
    try {
      await Promise.all(ready);
      let asked = first;
      let placed = 0;
      for (let b = first; b < end; b++) {
        while (asked < end && asked < b + threads * AHEAD_PER_THREAD) ask(asked++);
        signal?.throwIfAborted();
        const done = await (results.get(b) as Promise<BlockDone>);
        results.delete(b);
        summary.mosaics += done.mosaics;
        summary.unpaired += done.unpaired;
        for (const [name, n] of Object.entries(done.byStrategy)) summary.byStrategy[name as keyof AugmentSummary['byStrategy']] += n;
        addRuleCounts(summary, done);
        placed += done.placed;
        onProgress?.({ phase: 'build', done: placed, total, mosaics: summary.mosaics });
        yield done.lines;
      }
    } finally {
      signal?.removeEventListener('abort', onAbort);
      await Promise.all(workers.map((w) => w.terminate()));
    }
  }
}

/**
 * The worker script beside this module once built. Run from TypeScript sources (tests
 * under vitest), this module is src/parallel/run-blocks.ts, and Node 20 cannot start a
 * .ts file as a worker: the built dist/parallel/block-worker.js of the same package is
 * started instead, so it must be built (and current) for a threaded run.
 */
export function blockWorkerUrl(moduleUrl: string, exists: (path: string) => boolean): URL {
  if (!moduleUrl.endsWith('.ts')) return new URL('./block-worker.js', moduleUrl);
  const built = new URL('../../dist/parallel/block-worker.js', moduleUrl);
  const path = fileURLToPath(built);
  if (!exists(path)) throw new Error(`worker threads run the built ${path}, which is missing: run "npm run build" first (or use one thread)`);
  return built;
}
