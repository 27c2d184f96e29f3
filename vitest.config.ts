import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

/**
 * Tests that need `npm run build`: the smoke tests run the built CLI as a process, and
 * test/run.test.ts runs worker threads in-process, which start the built worker.
 */
const NEEDS_BUILD = ['test/smoke/**', 'test/run.test.ts'];

export default defineConfig({
  test: {
    // A hang guard only: no test depends on how fast it runs (see test/helpers/timeouts.ts).
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // A worker per CPU: vitest's default (one fewer) leaves one of two cores idle, while
    // the tests' work (the CLI in-process included) runs inside the workers.
    maxWorkers: availableParallelism(),
    projects: [
      {
        extends: true,
        test: {
          // The library and the CLI in-process, from the sources: no build needed.
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: NEEDS_BUILD,
          // Files share their worker's modules, so the bundled tokenizers and the pinyin
          // dictionary load once per worker, not once per file. Safe because no test
          // changes global state (no mocks, no writes to process.env, no chdir).
          isolate: false,
        },
      },
      {
        extends: true,
        test: {
          // The built CLI as a process (signals, pipes, the bin entry, worker threads), and
          // worker threads in-process.
          name: 'built',
          include: NEEDS_BUILD,
        },
      },
    ],
  },
});
