import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/unit/**/*.test.ts', 'test/integration/**/*.test.ts'],
    environment: 'node',
    pool: 'forks',
    // One file per core: many files mostly wait (real-time audio, child processes), and Vitest's
    // default of cores - 1 leaves a two-core machine running one file at a time.
    maxWorkers: '100%',
    // A timeout is a hang detector, never a speed check: a test that takes 2 s alone can take 40 s
    // on a two-core machine that is also compiling, so only a wait far past that counts as hung.
    testTimeout: 180_000,
    hookTimeout: 180_000,
    // Real-process tests run the built CLI bundle; this builds it when sources are newer.
    globalSetup: ['test/setup/build-cli.ts'],
  },
});
