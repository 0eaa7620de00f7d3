/**
 * Phase 6 of `run`, write the reports: the manifest, the gated results (results.json, report.md, report.html,
 * the GitHub step summary) with the secrets scrubbed, and the printed summary. The gate (phase 7) is the
 * results' `gate.exitCode`.
 */
import { relative } from 'node:path';
import type { HistoryStats } from '../../report/history.ts';
import { formatBytes } from '../byte-size.ts';
import { buildResults } from '../../report/build-results.ts';
import type { StopSignal } from '../../report/interruption.ts';
import { endpointOrigin, harnessInfo, redactArgv, runtimeVersions } from '../../report/manifest.ts';
import type { CheckEntry, Manifest, Results } from '../../report/results-schema.ts';
import { scrubResults } from '../../report/scrub-results.ts';
import { writeRunReports } from '../../report/write-run.ts';
import type { RunConfig } from '../config.ts';
import { type CliIo, println } from '../io.ts';
import { printSummary } from '../summary.ts';
import type { RunPlan } from './prepare.ts';
import type { SuiteOutcome } from './run-the-suite.ts';
import type { StartedTarget } from './start-target.ts';

function manifestOf(
  config: RunConfig,
  plan: RunPlan,
  started: StartedTarget,
  argv: string[],
  secrets: readonly string[],
): Manifest {
  const { target } = started;
  return {
    harness: harnessInfo(),
    runtime: runtimeVersions(),
    ...(config.label ? { label: config.label } : {}),
    target: {
      endpoint: endpointOrigin(target.endpoint),
      bucket: target.bucket,
      region: target.region,
      addressing: target.addressing,
      signer: target.signer,
      embedded: config.embedded,
      ...(plan.mutant ? { mutant: plan.mutant.name } : {}),
      ...(plan.variant ? { variant: plan.variant.name } : {}),
    },
    profile: config.profile,
    tier: config.tier,
    runSeed: plan.runSeed,
    ...(config.runs !== undefined ? { runs: config.runs } : {}),
    ...(config.replay ? { replay: config.replay } : {}),
    keyPrefix: plan.keyPrefix,
    selection: {
      only: [...plan.only],
      skip: config.skip,
      ...(config.shard ? { shard: `${config.shard.index}/${config.shard.count}` } : {}),
    },
    argv: redactArgv(argv, [...secrets]),
    startedAt: plan.startedAt.toISOString(),
    endedAt: new Date().toISOString(),
  };
}

/** What the reports are built from, all plain data gathered by the earlier phases. */
export interface ReportInput {
  config: RunConfig;
  plan: RunPlan;
  started: StartedTarget;
  suite: SuiteOutcome;
  checks: CheckEntry[];
  history: HistoryStats;
  stoppedBy: StopSignal | undefined;
  argv: string[];
  secrets: readonly string[];
}

/** Builds, writes and prints the run's results; returns them (their gate is the exit code). */
export async function writeReports(input: ReportInput, io: CliIo): Promise<Results> {
  const { config, plan, suite, secrets } = input;
  const results = buildResults({
    runId: plan.runId,
    manifest: manifestOf(config, plan, input.started, input.argv, secrets),
    checks: input.checks,
    unhandledErrors: suite.unhandledErrors,
    leftovers: suite.leftovers,
    interrupted: suite.interrupted || input.stoppedBy !== undefined,
    ...(input.stoppedBy ? { interruptedBy: input.stoppedBy } : {}),
    history: input.history,
    ...(plan.baseline ? { baseline: plan.baseline } : {}),
    ...(plan.baselineFile ? { baselineFile: relative(io.cwd, plan.baselineFile) || plan.baselineFile } : {}),
    strict: config.strict,
  });
  const clean = scrubResults(results, [...secrets]);
  await writeRunReports(plan.outDir, clean, {
    secrets,
    ...(io.env.GITHUB_STEP_SUMMARY ? { stepSummaryFile: io.env.GITHUB_STEP_SUMMARY } : {}),
  });
  printSummary(io.stdout, clean, { dir: plan.outDir });
  const skipped = Object.keys(plan.budgetSkips).length;
  println(
    io.stdout,
    `uploaded ${input.history.bytes} bytes (${formatBytes(input.history.bytes)}) in ${input.history.exchanges} requests${config.maxBytes !== undefined ? ` · --max-bytes ${config.maxBytes}: ${skipped} check(s) skipped as over budget` : ''}`,
  );
  return clean;
}
