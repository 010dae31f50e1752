import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // A temporary folder of the run's own, removed at its end (test/global-tmp.ts).
    globalSetup: ['test/global-tmp.ts'],
    testTimeout: 30_000,
    hookTimeout: 30_000,
    // e2e tests spawn the built CLI and mostly wait on real time (retries,
    // --interval, a simulator's pace): on two cores a third worker fills the
    // waits (measured: 195 s with 2 workers, 134 s with 3, the same tests green).
    maxWorkers: 3,
  },
});
