import { fileURLToPath } from 'node:url';
import { startVitest } from 'vitest/node';
import type { Reporter } from 'vitest/reporters';
import type { SuiteContext } from './context.ts';

/** The project root, where `specs/` lives. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface RunSuiteOptions {
  /** Extra reporters (the results collector, junit). */
  reporters?: Array<Reporter | string | [string, Record<string, unknown>]>;
  /** vitest test-name filter (regexp source). */
  testNamePattern?: string;
  /** Restrict to these spec files (paths relative to the root, or filters). */
  files?: string[];
}

/** Runs `specs/` under vitest with the target handed in through provide/inject. */
export async function runSuite(ctx: SuiteContext, options: RunSuiteOptions = {}) {
  const vitest = await startVitest('test', options.files ?? [], {
    root: PROJECT_ROOT,
    config: false,
    include: ['specs/**/*.spec.ts'],
    watch: false,
    reporters: options.reporters ?? ['default'],
    testNamePattern: options.testNamePattern,
    provide: { cosSuite: ctx },
    pool: 'forks',
    testTimeout: 600_000,
    hookTimeout: 120_000,
    passWithNoTests: false,
  });
  await vitest.close();
  return vitest;
}
