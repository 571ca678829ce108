import { defineConfig } from 'vitest/config';

// One config for the test suite now and the studio build later (root: studio/).
export default defineConfig({
  test: {
    include: ['grammar/**/*.test.ts', 'runtime/**/*.test.ts', 'cli/**/*.test.ts', 'samples/**/*.test.ts', 'studio/**/*.test.ts'],
    testTimeout: 30_000,
    pool: 'forks',
  },
});
