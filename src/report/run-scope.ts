/**
 * The run-scoped checks (CheckDef.scope `run`, family `run`): judged once per run, after every test was
 * collected, over the run's one Upload Part count (summary.uploadPart, counted from history.ndjson). The run
 * command and `merge` call this; the vitest reporter does not.
 */
import { anyUploadPartSuccess } from '../checks/families/run.ts';
import type { CheckResult, Outcome, UploadPartTally } from '../checks/types.ts';
import { type CollectOptions, entryFromCheck } from './collect.ts';
import type { CheckEntry } from './results-schema.ts';

/** The id of the run-scoped vacuity check (docs/architecture.md "Checks and outcomes": no Upload Part succeeded = inconclusive). */
export const ANY_UPLOAD_PART_CHECK = anyUploadPartSuccess.id;

/** The pseudo test file of run-scoped entries. */
export const RUN_SCOPE_FILE = '(run)';

/** Judges the run-scoped checks (CheckDef.scope `run`) from Upload Part tallies (the run passes its one count). */
export type RunJudge = (tallies: readonly UploadPartTally[], runSeed: number) => CheckResult[];

/**
 * The fallback judge of {@link ANY_UPLOAD_PART_CHECK} when the catalogue's is not available: pass when one
 * Upload Part succeeded, else indeterminate (the run proves nothing about Upload Part).
 */
export const fallbackRunJudge: RunJudge = (tallies, runSeed) => {
  let attempted = 0;
  let succeeded = 0;
  for (const t of tallies) {
    attempted += t.attempted;
    succeeded += t.succeeded;
  }
  const measured = { attempted, succeeded };
  const outcome: Outcome = succeeded > 0 ? 'pass' : 'indeterminate';
  const message =
    succeeded > 0
      ? `${succeeded} of ${attempted} Upload Part requests succeeded`
      : attempted === 0
        ? 'no Upload Part was sent: the run says nothing about Upload Part'
        : `none of ${attempted} Upload Part requests succeeded: the run is inconclusive`;
  return [{ checkId: ANY_UPLOAD_PART_CHECK, outcome, message, measured, exchanges: [], seed: runSeed }];
};

/** Entries of the run-scoped checks, judged over `tallies` (a run passes `[summary.uploadPart]`). */
export function runScopedEntries(
  tallies: readonly UploadPartTally[],
  options: CollectOptions & { judgeRun?: RunJudge },
): CheckEntry[] {
  const judge = options.judgeRun ?? fallbackRunJudge;
  let results: CheckResult[];
  try {
    results = judge(tallies, options.runSeed);
  } catch {
    results = fallbackRunJudge(tallies, options.runSeed);
  }
  return results.map((r) =>
    entryFromCheck(
      {
        file: RUN_SCOPE_FILE,
        name: r.checkId,
        fullName: r.checkId,
        suite: 'run',
        state: 'passed',
        errors: [],
      },
      r,
      options,
    ),
  );
}
