/**
 * Family 12, run-level checks, judged once over a whole run after collection (`scope: 'run'`), never by a
 * vitest test. A run in which no Upload Part succeeded proves nothing about Upload Part: it is inconclusive
 * (docs/architecture.md "Checks and outcomes"; the CLI maps it to exit 3).
 *
 * How it gets the evidence: after the suite, the run (src/cli/run/judge-run-scope.ts) and `merge` pass the run's
 * one Upload Part count, summary.uploadPart counted from history.ndjson, to {@link anyUploadPartSuccess}.judge.
 */
import { defineCheck } from '../kit/define.ts';
import type { UploadPartTally } from '../types.ts';
import { decision, expect, named } from '../../profiles/evidence.ts';
import type { FamilyExpectations } from '../../profiles/types.ts';
import type { MutantDef } from '../../server/mutants/types.ts';
import { statusOk } from './basics.ts';

export const anyUploadPartSuccess = defineCheck(
  {
    id: 'run.upload-part.any-success',
    title: 'Upload Part successes over the whole run',
    family: 'run',
    severity: 'must',
    specRef: 'harness rule (README "Exit codes": exit 3)',
    tags: ['run', 'upload-part'],
    scope: 'run',
  },
  (input: { tallies: readonly (UploadPartTally | undefined)[] }, kit) => {
    let attempted = 0;
    let succeeded = 0;
    for (const tally of input.tallies) {
      attempted += tally?.attempted ?? 0;
      succeeded += tally?.succeeded ?? 0;
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

const SOME_SUCCEEDED = expect([named('some', decision('harness rule (README "Exit codes": exit 3)'))]);

/** What each profile allows: the rule is the harness's, the same under every profile. */
export const RUN_EXPECTATIONS = {
  cos: { 'run.upload-part.any-success': SOME_SUCCEEDED },
  s3: { 'run.upload-part.any-success': SOME_SUCCEEDED },
} satisfies FamilyExpectations<typeof RUN_CHECKS>;

/** Servers the run-level checks see: a run in which no Upload Part succeeds. */
export const RUN_MUTANTS = [
  {
    name: 'part-number-all-refused',
    description: 'every partNumber is refused with InvalidArgument, so no Upload Part ever succeeds',
    family: 'run',
    catches: [statusOk.id, anyUploadPartSuccess.id],
    behaviour: { validatePartNumber: () => false },
  },
] as const satisfies readonly MutantDef[];
