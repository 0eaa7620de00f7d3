import { defineConfig } from 'vitest/config';

/** The project's own tests (test/). The conformance suite (specs/) is started by the CLI with its own config. */
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
