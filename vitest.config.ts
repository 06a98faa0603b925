import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // A failing suite must say why; a suite with no tests is a mistake, not a pass.
    passWithNoTests: false,
  },
});
