import { defineConfig } from 'vitest/config';
import { NODE_OPTIONS } from './src/runtime.js';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    pool: 'forks',
    // Tests run the app in-process with the node options it runs with in production.
    execArgv: [...NODE_OPTIONS],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // A failing suite must say why; a suite with no tests is a mistake, not a pass.
    passWithNoTests: false,
  },
});
