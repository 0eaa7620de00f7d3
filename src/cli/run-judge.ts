/** The judges of the run-scoped checks (`scope: 'run'`, judged by the reporter over the run's tallies). */
import { RUN_CHECKS } from '../checks/families/run.ts';
import type { CheckResult, UploadPartTally } from '../checks/types.ts';
import { profileByName } from '../profiles/index.ts';
import type { RunJudge } from '../report/run-scope.ts';
import type { ProfileName } from '../target/types.ts';

/** The catalogue's judges of run-scoped checks under a profile. */
export function runJudgeFor(profile: ProfileName): RunJudge {
  return (tallies: readonly UploadPartTally[], runSeed: number): CheckResult[] =>
    RUN_CHECKS.map((check) => check.judge({ tallies }, { profile: profileByName(profile), seed: runSeed }));
}
