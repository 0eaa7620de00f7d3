import { defineConfig } from 'vitest/config';

/**
 * The peers tier (`npm run test:peers`): the suite against real vendors on loopback (Ceph RGW, s3rver, fauxqs)
 * and the determinism runs. Not part of `npm test` (vitest.config.ts leaves test/peers/ out); .ci/run runs it
 * once, after `npm test`. One file at a time: each starts servers and runs the CLI, and the machine has 2 cores.
 */
export default defineConfig({
  test: {
    include: ['test/peers/**/*.test.ts'],
    testTimeout: 600_000,
    hookTimeout: 1_200_000,
    pool: 'forks',
    fileParallelism: false,
  },
});
