import type {} from 'vitest';
import type { Exchange } from '../client/exchange.ts';
import type { ProfileName } from '../target/types.ts';
import type { Tier } from '../runner/context.ts';

/** `must`: a violation is non-conformance; `should`: reported, still a failure of that check. */
export type Severity = 'must' | 'should';

/**
 * pass / fail are spec verdicts; indeterminate: the server state is unknown (timeout, reset);
 * error: the harness or the endpoint broke, not a verdict; skip: not run (tier, profile, filter).
 */
export type Outcome = 'pass' | 'fail' | 'indeterminate' | 'error' | 'skip';

/** One rule of the catalogue. */
export interface CheckDef {
  /** Stable id, e.g. `overwrite.upload-part.last-wins`. Never reused for another rule. */
  readonly id: string;
  readonly title: string;
  /** Catalogue family, e.g. `basics`, `part-number`, `out-of-order`. */
  readonly family: string;
  readonly severity: Severity;
  /** Where the rule comes from, e.g. `spec §2.2 [D7750]`. */
  readonly specRef: string;
  readonly tags: readonly string[];
  /** Tiers the check runs in; absent means every tier. */
  readonly tiers?: readonly Tier[];
  /** Profiles the check applies to; absent means every profile. */
  readonly profiles?: readonly ProfileName[];
  /**
   * `test` (default): one vitest test in `specs/` judges it. `run`: judged once over the whole run by the
   * reporter (e.g. `run.upload-part.any-success`), never a vitest test.
   */
  readonly scope?: 'test' | 'run';
  /**
   * An observation records what the endpoint does (variantSeen): choosing another variant is no failure, a
   * violation under every reading (e.g. an accepted request that stored nothing) still is.
   */
  readonly observation?: boolean;
}

/** The verdict of one check in one run, attached to the vitest test as `task.meta.cosChecks`. */
export interface CheckResult {
  checkId: string;
  outcome: Outcome;
  /** One line: what was expected and what was seen. */
  message: string;
  expected?: string;
  observed?: string;
  /** Where a profile allows several outcomes: which one was seen. */
  variantSeen?: string;
  /** Measured facts (e.g. the min part size boundary found). */
  measured?: Record<string, string | number | boolean>;
  /** Evidence: the exchanges that decided the verdict (bounded, redacted). */
  exchanges: Exchange[];
  /** The seed the test's inputs came from (hash of run seed and test id). */
  seed: number;
  /** Token for `cos-conformance run --replay TOKEN` when a property failed. */
  replay?: string;
}

/** Upload Part traffic of one test, so the reporter can tell a run in which no Upload Part succeeded. */
export interface UploadPartTally {
  /** Upload Part requests sent (any answer, transport failures included). */
  attempted: number;
  /** Upload Part requests answered 2xx. */
  succeeded: number;
}

/** What one test sent: requests and request-body bytes (cleanup excluded only when it ran after the test). */
export interface TrafficTally {
  requests: number;
  bytes: number;
}

/** Something a spec file's cleanup could not remove (reported apart from the verdicts, never one of them). */
export interface Leftover {
  /** The family (spec file) whose cleanup left it. */
  family: string;
  kind: 'upload' | 'object';
  key: string;
  uploadId?: string;
  /** The cleanup request and its answer, e.g. `abortMultipartUpload → 405 MethodNotAllowed`. */
  answer: string;
}

declare module 'vitest' {
  interface TaskMeta {
    /** Set by specs/support on the file at teardown: what its cleanup could not remove. */
    cosLeftovers?: Leftover[];
    cosChecks?: CheckResult[];
    /** Set by specs/support on every test; summed by the reporter for `run.upload-part.any-success`. */
    cosUploadParts?: UploadPartTally;
    /** Set by specs/support on every test: what it sent (held against src/checks/traffic.ts). */
    cosTraffic?: TrafficTally;
  }
}
