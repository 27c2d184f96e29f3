import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    // A hang guard only: no test depends on how fast it runs (see test/helpers/timeouts.ts).
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          // The library and the CLI in-process, from the sources: no build needed.
          name: 'unit',
          include: ['test/**/*.test.ts'],
          exclude: ['test/smoke/**'],
        },
      },
      {
        extends: true,
        test: {
          // The built CLI as a process: signals, pipes, the bin entry, worker threads.
          name: 'smoke',
          include: ['test/smoke/**/*.test.ts'],
        },
      },
    ],
  },
});
