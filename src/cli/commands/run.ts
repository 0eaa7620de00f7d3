/**
 * `run`: the suite against a target, in named phases that hand plain data on (src/cli/run/):
 *
 * 1. prepare (prepare.ts): validate config, selection, replay, mutant/variant and baseline; pick the seed, the
 *    run id, the report directory and the key prefix. Nothing is sent.
 * 2. start the target (start-target.ts): the embedded server if asked, the client, the bucket probe (exit 2).
 * 3. run the suite (run-the-suite.ts): vitest with the collector, the progress line and JUnit.
 * 4. clean up (clean-up.ts): abort the uploads and delete the objects left under the run's prefix.
 * 5. judge (judge-run-scope.ts): the run-scope checks over the run's one Upload Part count; the checks an
 *    interruption never reached.
 * 6. write the reports (write-reports.ts): results.json, report.md, report.html, the summary.
 * 7. gate: the results' exit code (0/1/3; 130 or 143 when a signal stopped the run).
 *
 * A first SIGINT/SIGTERM stops the suite (tests see their signal abort) and phases 4–7 still run.
 */
import { redactError } from '../../client/redact.ts';
import { scanHistory } from '../../report/history.ts';
import type { StopSignal } from '../../report/interruption.ts';
import { type RunConfig, type RunFlags, resolveRunConfig, secretsOf } from '../config.ts';
import { type CliIo, println } from '../io.ts';
import { cleanUp } from '../run/clean-up.ts';
import { printDryRun } from '../run/dry-run.ts';
import { judgeRun } from '../run/judge-run-scope.ts';
import { prepareRun } from '../run/prepare.ts';
import { runTheSuite } from '../run/run-the-suite.ts';
import { watchStopSignals } from '../run/signals.ts';
import { closeTarget, startTarget } from '../run/start-target.ts';
import { writeReports } from '../run/write-reports.ts';

export { EMBEDDED_SERVER_OPTIONS } from '../run/start-target.ts';
export { newRunId } from '../run/prepare.ts';
export { specFilesFor } from '../run/run-the-suite.ts';

export async function runCommand(flags: RunFlags, argv: string[], io: CliIo): Promise<number> {
  const config = await resolveRunConfig(flags, io.env, io.cwd);
  const secrets = secretsOf(config);
  // The config's secrets (a config file's too) are known only here: scrub whatever escapes before main prints it.
  return runResolved(config, secrets, argv, io).catch((err: unknown) => {
    throw redactError(err, secrets);
  });
}

async function runResolved(config: RunConfig, secrets: string[], argv: string[], io: CliIo): Promise<number> {
  // Before prepare: a dry run creates no report directory and opens no connection.
  if (config.dryRun) return printDryRun(config, io);
  const plan = await prepareRun(config, io);
  println(
    io.stdout,
    `cos-conformance run seed: ${plan.runSeed} (rerun the same inputs with --seed ${plan.runSeed})`,
  );

  const stop = new AbortController();
  const signals = watchStopSignals(io, (signal: StopSignal) => stop.abort(signal));
  try {
    const started = await startTarget(config, plan, secrets, io);
    try {
      const suite = await runTheSuite(config, plan, started, secrets, io, stop.signal);
      await cleanUp(started, plan.keyPrefix, suite.leftovers, io);
      const history = await scanHistory(plan.historyFile);
      const stoppedBy = signals.stoppedBy;
      const checks = judgeRun(config, plan, started, suite, history, secrets, stoppedBy);
      const results = await writeReports(
        { config, plan, started, suite, checks, history, stoppedBy, argv, secrets },
        io,
      );
      return results.gate!.exitCode;
    } finally {
      await closeTarget(started);
    }
  } finally {
    signals.dispose();
  }
}
