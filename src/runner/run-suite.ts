import { fileURLToPath } from 'node:url';
import { type Reporter, startVitest, type Vitest } from 'vitest/node';
import type { SuiteContext } from './context.ts';

/** The project root, where `specs/` lives. */
export const PROJECT_ROOT = fileURLToPath(new URL('../../', import.meta.url));

/** The suite's spec files, relative to {@link PROJECT_ROOT}. */
export const DEFAULT_INCLUDE = ['specs/**/*.spec.ts'];

/**
 * Environment variable that points the include elsewhere (comma-separated globs relative to the root). For the
 * harness's own tests, which run the CLI against a tiny fixture suite; not a user option.
 */
export const INCLUDE_ENV = 'COS_CONFORMANCE_INCLUDE';

export interface RunSuiteOptions {
  /** Extra reporters (the results collector, junit). */
  reporters?: Array<Reporter | string | [string, Record<string, unknown>]>;
  /** vitest test-name filter (regexp source). */
  testNamePattern?: string;
  /** Restrict to these spec files (paths relative to the root, or filters). */
  files?: string[];
  /** Spec globs relative to the root; default {@link DEFAULT_INCLUDE} (or {@link INCLUDE_ENV}). */
  include?: string[];
  /** Stop after this many failed tests (vitest `bail`); default keep going. */
  bail?: number;
  /** Max spec files run at once (vitest `maxWorkers`); default vitest's. */
  maxWorkers?: number;
  /**
   * Keep SIGINT/SIGTERM for the caller: vitest's logger exits the process on them, which would lose the
   * reports of an interrupted run. Default true.
   */
  keepSignals?: boolean;
}

const SIGNALS = ['SIGINT', 'SIGTERM'] as const;

/** A reporter, first in the list, that removes the signal listeners vitest installed while it was created. */
function signalKeeper(): Reporter {
  const before = new Map(SIGNALS.map((s) => [s, new Set(process.listeners(s))]));
  return {
    onInit() {
      for (const signal of SIGNALS) {
        for (const listener of process.listeners(signal)) {
          if (!before.get(signal)!.has(listener))
            process.off(signal, listener as (...args: unknown[]) => void);
        }
      }
    },
  };
}

/** The include globs in effect: the option, else {@link INCLUDE_ENV}, else {@link DEFAULT_INCLUDE}. */
export function resolveInclude(
  include: string[] | undefined,
  env: NodeJS.ProcessEnv = process.env,
): string[] {
  if (include && include.length > 0) return include;
  const fromEnv = env[INCLUDE_ENV]
    ?.split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  return fromEnv && fromEnv.length > 0 ? fromEnv : DEFAULT_INCLUDE;
}

/** Runs `specs/` under vitest with the target handed in through provide/inject. */
export async function runSuite(ctx: SuiteContext, options: RunSuiteOptions = {}): Promise<Vitest> {
  const reporters = options.reporters ?? ['default'];
  const vitest = await startVitest('test', options.files ?? [], {
    root: PROJECT_ROOT,
    config: false,
    include: resolveInclude(options.include),
    watch: false,
    reporters: options.keepSignals === false ? reporters : [signalKeeper(), ...reporters],
    testNamePattern: options.testNamePattern,
    provide: { cosSuite: ctx },
    pool: 'forks',
    // One fork loads the harness once for every spec file instead of once per file: the quick tier's CPU drops
    // from ~32 s to ~13 s on 2 cores (npm run bench). Spec files share no state the checks judge: each gets its
    // context by inject and its own keys; same verdicts at the same seed, mutants caught as before.
    isolate: false,
    testTimeout: 600_000,
    hookTimeout: 120_000,
    passWithNoTests: false,
    retry: 0,
    ...(options.bail !== undefined ? { bail: options.bail } : {}),
    ...(options.maxWorkers !== undefined ? { maxWorkers: options.maxWorkers } : {}),
  });
  await vitest.close();
  return vitest;
}
