import { defineConfig } from 'vitest/config';

/**
 * The project's own tests (test/). The conformance suite (specs/) is started by the CLI with its own config. The
 * peers tier (test/peers/: real vendors on loopback) runs on its own with `npm run test:peers`
 * (vitest.peers.config.ts), so CI runs it exactly once.
 */
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/peers/**', '**/node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
