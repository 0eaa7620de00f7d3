/**
 * Phase 3 of `run`, run the suite: the spec files under vitest with the results collector, the progress line and
 * vitest's JUnit reporter (fed scrubbed tasks). A stop request (the first SIGINT/SIGTERM) cancels the run:
 * running tests see their signal abort; what they report from then on is marked interrupted.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { redact } from '../../client/redact.ts';
import type { StopSignal } from '../../report/interruption.ts';
import { RedactingJUnitReporter } from '../../report/junit.ts';
import { endpointOrigin } from '../../report/manifest.ts';
import { ResultsCollector } from '../../report/reporter.ts';
import type { CheckEntry, LeftoverEntry, Results } from '../../report/results-schema.ts';
import { RUN_FILES } from '../../report/write-run.ts';
import type { SuiteContext } from '../../runner/context.ts';
import { INCLUDE_ENV, PROJECT_ROOT, runSuite } from '../../runner/run-suite.ts';
import { checkById } from '../../checks/registry.ts';
import type { RunConfig } from '../config.ts';
import { type CliIo, println } from '../io.ts';
import { ProgressReporter } from '../progress.ts';
import type { RunPlan } from './prepare.ts';
import { replayFlags } from './replay.ts';
import type { StartedTarget } from './start-target.ts';

/** What the suite left: the tests' entries (run-scope checks are judged later), leftovers and errors. */
export interface SuiteOutcome {
  checks: CheckEntry[];
  /** Some test reported (a run where none did gets no run-scope verdict). */
  anyTest: boolean;
  leftovers: LeftoverEntry[];
  unhandledErrors: Results['unhandledErrors'];
  /** The suite did not run to its end (cancelled, or vitest stopped early). */
  interrupted: boolean;
}

/**
 * The spec files that can hold the selected checks (one file per family, `specs/<family>.spec.ts`), so that a
 * filtered run does not make vitest collect the whole suite. Empty (no narrowing) when no family has a file.
 */
export function specFilesFor(checks: ReadonlyArray<{ family: string }>): string[] {
  const families = new Set(checks.map((c) => c.family));
  return [...families]
    .map((family) => `specs/${family}.spec.ts`)
    .filter((file) => existsSync(join(PROJECT_ROOT, file)));
}

/** Runs the selected checks; `stop` aborting (its reason: the signal) cancels the run. */
export async function runTheSuite(
  config: RunConfig,
  plan: RunPlan,
  started: StartedTarget,
  secrets: readonly string[],
  io: CliIo,
  stop: AbortSignal,
): Promise<SuiteOutcome> {
  if (stop.aborted) {
    // Stopped before the suite started: nothing ran, every selected check is reported as not run.
    return { checks: [], anyTest: false, leftovers: [], unhandledErrors: [], interrupted: true };
  }
  const { target } = started;
  const { selection } = plan;
  const ctx: SuiteContext = {
    runId: plan.runId,
    target,
    runSeed: plan.runSeed,
    tier: config.tier,
    ...(config.runs !== undefined ? { runs: config.runs } : {}),
    ...(config.replay ? { replay: config.replay } : {}),
    historyFile: plan.historyFile,
    keyPrefix: plan.keyPrefix,
    ...(Object.keys(plan.budgetSkips).length > 0 ? { budgetSkips: plan.budgetSkips } : {}),
  };
  const collector = new ResultsCollector({
    runSeed: plan.runSeed,
    catalogue: checkById,
    replayFlags: replayFlags(config, plan.runSeed, target),
    secrets,
    selected: selection.accepts,
  });
  const cancel = () => void collector.cancel(stop.reason as StopSignal | undefined);
  stop.addEventListener('abort', cancel, { once: true });
  const live = Boolean(io.stdout.isTTY) && !io.env.CI;
  const progress = new ProgressReporter(io.stdout, {
    live,
    historyFile: plan.historyFile,
    selected: selection.accepts,
  });
  println(
    io.stdout,
    `running ${selection.checks.length} check(s) against ${endpointOrigin(target.endpoint)} · profile ${config.profile} · tier ${config.tier}${config.shard ? ` · shard ${config.shard.index}/${config.shard.count}` : ''} · keys under ${plan.keyPrefix}`,
  );
  try {
    await runSuite(ctx, {
      reporters: [
        progress,
        collector,
        new RedactingJUnitReporter(
          {
            outputFile: join(plan.outDir, RUN_FILES.junit),
            suiteName: 'cos-conformance',
            includeConsoleOutput: false,
          },
          secrets,
        ),
      ],
      ...(selection.testNamePattern ? { testNamePattern: selection.testNamePattern } : {}),
      ...(io.env[INCLUDE_ENV] ? {} : { files: specFilesFor(selection.checks) }),
    });
  } catch (err) {
    println(io.stderr, `the suite could not run to its end: ${redact((err as Error).message, secrets)}`);
  } finally {
    stop.removeEventListener('abort', cancel);
  }
  return {
    checks: collector.checks(),
    anyTest: collector.anyTest,
    leftovers: collector.leftovers(),
    unhandledErrors: collector.unhandledErrors(),
    interrupted: collector.interrupted,
  };
}
