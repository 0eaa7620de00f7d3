/**
 * Family 12, run-level checks, judged once over a whole run by the reporter (`scope: 'run'`), never by a
 * vitest test. A run in which no Upload Part succeeded proves nothing about Upload Part: it is inconclusive
 * (docs/architecture.md "Checks and outcomes"; the CLI maps it to exit 3).
 *
 * How the reporter gets the evidence: specs/support sets `task.meta.cosUploadParts = { attempted, succeeded }`
 * on every test (counted from the test's own exchanges); the reporter passes all of them to
 * {@link anyUploadPartSuccess}.judge.
 */
import { defineCheck } from '../kit/define.ts';
import type { UploadPartTally } from '../types.ts';

export const anyUploadPartSuccess = defineCheck(
  {
    id: 'run.upload-part.any-success',
    title: 'At least one Upload Part of the run succeeded (else the run is inconclusive)',
    family: 'run',
    severity: 'must',
    specRef: 'harness rule (README "Exit codes": exit 3)',
    tags: ['run', 'upload-part'],
    scope: 'run',
  },
  (i: { tallies: readonly (UploadPartTally | undefined)[] }, kit) => {
    let attempted = 0;
    let succeeded = 0;
    for (const t of i.tallies) {
      attempted += t?.attempted ?? 0;
      succeeded += t?.succeeded ?? 0;
    }
    const measured = { attempted, succeeded };
    if (succeeded > 0)
      return kit.pass(`${succeeded} of ${attempted} Upload Part requests succeeded`, {
        measured,
        variantSeen: 'some',
      });
    return kit.indeterminate(
      attempted === 0
        ? 'no Upload Part was sent: the run says nothing about Upload Part'
        : `none of ${attempted} Upload Part requests succeeded: the run is inconclusive`,
      { measured },
    );
  },
);

export const RUN_CHECKS = [anyUploadPartSuccess] as const;
