import type {} from 'vitest';
import type { Target } from '../target/types.ts';

/** A run's tier: `quick` keeps parts small; `full` adds >1000-part uploads, part 10000 and the 5 GiB boundary. */
export type Tier = 'quick' | 'full';

/** What the CLI hands to every spec file through vitest's provide/inject. Plain data. */
export interface SuiteContext {
  runId: string;
  target: Target;
  runSeed: number;
  tier: Tier;
  /** fast-check numRuns override (`--runs`). */
  runs?: number;
  /** Replay token (`--replay`): a property test whose id matches reruns exactly that case. */
  replay?: string;
  /** NDJSON file every exchange of the run is appended to (history.ndjson). */
  historyFile?: string;
  /** Per-run key prefix: every object key the suite touches lives under it. */
  keyPrefix: string;
  /** Checks `run --max-bytes` skips, by id, with the reason the results show. */
  budgetSkips?: Record<string, string>;
}

declare module 'vitest' {
  export interface ProvidedContext {
    cosSuite: SuiteContext;
  }
}
