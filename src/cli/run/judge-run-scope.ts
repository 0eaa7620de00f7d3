/**
 * Phase 5 of `run`, judge what is judged after collection: the run-scope checks over the run's one Upload Part
 * count (summary.uploadPart, from history.ndjson), and, for an interrupted run, the selected checks that never
 * started (listed as interrupted, so the reports name every check of the selection).
 */
import type { HistoryStats } from '../../report/history.ts';
import { notRunEntries, type StopSignal } from '../../report/interruption.ts';
import type { CheckEntry } from '../../report/results-schema.ts';
import { runScopedEntries } from '../../report/run-scope.ts';
import { checkById } from '../../checks/registry.ts';
import { runJudgeFor } from '../run-judge.ts';
import type { RunConfig } from '../config.ts';
import type { RunPlan } from './prepare.ts';
import { replayFlags } from './replay.ts';
import type { StartedTarget } from './start-target.ts';
import type { SuiteOutcome } from './run-the-suite.ts';

/** Every entry of the run: the tests', then the never-started (when interrupted), then the run-scope ones. */
export function judgeRun(
  config: RunConfig,
  plan: RunPlan,
  started: StartedTarget,
  suite: SuiteOutcome,
  history: HistoryStats,
  secrets: readonly string[],
  stoppedBy: StopSignal | undefined,
): CheckEntry[] {
  const notRun = suite.interrupted ? notRunEntries(plan.checks, suite.checks, plan.runSeed, stoppedBy) : [];
  const runScope = suite.anyTest
    ? runScopedEntries([history.uploadPart], {
        runSeed: plan.runSeed,
        catalogue: checkById,
        judgeRun: runJudgeFor(config.profile),
        replayFlags: replayFlags(config, plan.runSeed, started.target),
        secrets,
      })
    : [];
  return [...suite.checks, ...notRun, ...runScope];
}
