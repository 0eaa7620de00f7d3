/**
 * `run`: the suite against a target, then the reports and the gate.
 *
 * Order: validate everything that can be validated (config, selection, baseline) → print the run seed →
 * start the embedded server if asked → probe the bucket (exit 2 on connectivity problems) → run the suite
 * under vitest with the collector, the progress line and vitest's JUnit reporter (fed scrubbed tasks) → abort uploads left open
 * under the run's prefix → write results.json, report.md, report.html → print the summary → exit 0/1/2/3.
 * SIGINT stops the suite (tests see their signal abort), and the reports of what ran are still written.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { existsSync } from 'node:fs';
import { rm } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { CosClient } from '../../client/cos-client.ts';
import { Recorder } from '../../client/recorder.ts';
import { redact, redactError } from '../../client/redact.ts';
import { type Baseline, loadBaseline } from '../../report/baseline.ts';
import { buildResults } from '../../report/build-results.ts';
import { EXIT } from '../../report/exit-codes.ts';
import { resetHistoryFile, scanHistory } from '../../report/history.ts';
import { endpointOrigin, harnessInfo, redactArgv, runtimeVersions } from '../../report/manifest.ts';
import { RedactingJUnitReporter } from '../../report/junit.ts';
import { ResultsCollector } from '../../report/reporter.ts';
import { scrubResults } from '../../report/scrub-results.ts';
import type { Manifest } from '../../report/results-schema.ts';
import { RUN_FILES, writeRunReports } from '../../report/write-run.ts';
import type { SuiteContext } from '../../runner/context.ts';
import { INCLUDE_ENV, PROJECT_ROOT, runSuite } from '../../runner/run-suite.ts';
import { startServer } from '../../server/start.ts';
import type { RunningServer } from '../../server/options.ts';
import type { Target } from '../../target/types.ts';
import { checkById, resolveSelection, runJudgeFor } from '../catalogue.ts';
import { type RunConfig, type RunFlags, resolveRunConfig, secretsOf, targetOf } from '../config.ts';
import { ERROR_CODES, UsageError } from '../errors.ts';
import { type CliIo, noteTo, println } from '../io.ts';
import { decodeReplayToken } from '../../model/replay.ts';
import { findMutant, findVariant } from './serve.ts';
import { probeBucket, probeContextOf } from '../probe.ts';
import { ProgressReporter } from '../progress.ts';
import { abortOpenUploads } from '../sweep.ts';
import { printSummary } from '../summary.ts';

/**
 * Options of the embedded reference server: one space goes out before every Complete result, so the suite
 * exercises the keep-alive whitespace of spec §2.5 (`complete.complete.leading-whitespace`) on every embedded run
 * instead of only on a Complete slow enough for a keep-alive tick. A variant's own options override it.
 */
export const EMBEDDED_SERVER_OPTIONS = { completeLeadingWhitespace: ' ' } as const;

/** The outermost directory on the way to `dir` that does not exist yet (what creating `dir` would create). */
function firstMissingDir(dir: string): string | undefined {
  let missing: string | undefined;
  for (let d = dir; !existsSync(d); d = dirname(d)) {
    missing = d;
    if (dirname(d) === d) break;
  }
  return missing;
}

/** A run id: sortable UTC time plus randomness, and the shard when there is one. */
export function newRunId(now = new Date(), shard?: { index: number; count: number }): string {
  const stamp = now
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
  const suffix = shard ? `-shard-${shard.index}-of-${shard.count}` : '';
  return `${stamp}-${randomBytes(3).toString('hex')}${suffix}`;
}

/**
 * The `--only` of a run: as given, or, for `--replay TOKEN` without `--only`, just the token's check, so that a
 * replay reruns that one case rather than the whole suite. A token for a check this catalogue does not have is
 * a usage error.
 */
function replayOnly(config: RunConfig): readonly string[] {
  if (!config.replay) return config.only;
  const { id } = decodeReplayToken(config.replay);
  if (!checkById(id)) {
    throw new UsageError(
      ERROR_CODES.badReplayToken,
      `--replay is for check ${id}, which this version of the catalogue does not have (see cos-conformance list-checks)`,
    );
  }
  return config.only.length > 0 ? config.only : [id];
}

/** The flags a replay command needs besides `--replay`, so it reruns against the same target and inputs. */
function replayFlags(config: RunConfig, runSeed: number, target: Target): string {
  const parts = config.embedded
    ? [
        '--embedded',
        ...(config.mutant !== undefined ? [`--mutant ${config.mutant}`] : []),
        ...(config.variant !== undefined ? [`--variant ${config.variant}`] : []),
      ]
    : [`--endpoint ${target.endpoint}`, `--bucket ${target.bucket}`];
  parts.push(
    `--region ${target.region}`,
    `--addressing ${target.addressing}`,
    `--signer ${target.signer}`,
    `--profile ${config.profile}`,
    `--tier ${config.tier}`,
    `--seed ${runSeed}`,
  );
  return `${parts.join(' ')} `;
}

function checkBaselineProfile(baseline: Baseline, config: RunConfig, file: string): void {
  if (baseline.profile !== config.profile) {
    throw new UsageError(
      ERROR_CODES.conflict,
      `baseline ${file} is for profile ${baseline.profile}, the run uses ${config.profile}: pass the right baseline or --profile ${baseline.profile}`,
    );
  }
}

export async function runCommand(flags: RunFlags, argv: string[], io: CliIo): Promise<number> {
  const config = await resolveRunConfig(flags, io.env, io.cwd);
  const secrets = secretsOf(config);
  // The config's secrets (a config file's too) are known only here: scrub whatever escapes before main prints it.
  return runResolved(config, secrets, argv, io).catch((err: unknown) => {
    throw redactError(err, secrets);
  });
}

async function runResolved(config: RunConfig, secrets: string[], argv: string[], io: CliIo): Promise<number> {
  const only = replayOnly(config);
  const selection = resolveSelection({
    only,
    skip: config.skip,
    ...(config.shard ? { shard: config.shard } : {}),
  });
  selection.notes.forEach(noteTo(io));
  if (config.replay) {
    const { id } = decodeReplayToken(config.replay);
    if (!selection.checks.some((c) => c.id === id)) {
      throw new UsageError(
        ERROR_CODES.badReplayToken,
        `--replay is for check ${id}, which --only/--skip/--shard leave out: drop them, or add --only ${id}`,
      );
    }
  }
  const mutant = config.mutant !== undefined ? findMutant(config.mutant) : undefined;
  const variant = config.variant !== undefined ? findVariant(config.variant) : undefined;
  const baselineFile = config.baseline ? resolve(io.cwd, config.baseline) : undefined;
  const baseline = baselineFile ? await loadBaseline(baselineFile, noteTo(io)) : undefined;
  if (baseline && baselineFile) checkBaselineProfile(baseline, config, baselineFile);

  const runSeed = config.seed ?? randomInt(0, 2 ** 31);
  println(io.stdout, `cos-conformance run seed: ${runSeed} (rerun the same inputs with --seed ${runSeed})`);

  const startedAt = new Date();
  const runId = newRunId(startedAt, config.shard);
  const outDir = resolve(io.cwd, config.out ?? join('reports', runId));
  const historyFile = join(outDir, RUN_FILES.history);
  const createdDir = firstMissingDir(outDir);
  await resetHistoryFile(historyFile);

  let server: RunningServer | undefined;
  let client: CosClient | undefined;
  let recorder: Recorder | undefined;
  let createdBucket = false;
  let interruptCount = 0;
  let collector: ResultsCollector | undefined;
  const onSignal = (signal: NodeJS.Signals) => {
    interruptCount += 1;
    if (interruptCount === 1) {
      println(
        io.stderr,
        `\n${signal}: stopping the run; open uploads will be aborted and the reports written (again to quit at once)`,
      );
      void collector?.cancel();
    } else {
      println(
        io.stderr,
        `${signal} again: quitting without reports; leftovers under the run prefix need \`sweep\``,
      );
      process.exit(EXIT.INCONCLUSIVE);
    }
  };
  process.on('SIGINT', onSignal);
  process.on('SIGTERM', onSignal);

  try {
    if (config.embedded) {
      server = await startServer({
        host: '127.0.0.1',
        port: 0,
        buckets: [config.bucket],
        region: config.region,
        ...EMBEDDED_SERVER_OPTIONS,
        ...(mutant ? { behaviour: mutant.behaviour } : {}),
        ...(variant?.behaviour ? { behaviour: variant.behaviour } : {}),
        ...(variant?.server ?? {}),
      });
      println(io.stdout, `embedded reference server on ${server.url} (bucket ${config.bucket})`);
      if (mutant) {
        println(io.stdout, `  as mutant ${mutant.name}: ${mutant.description}`);
        const profile = mutant.run?.profile ?? 'cos';
        if (profile !== config.profile) println(io.stdout, `  note: its catches need --profile ${profile}`);
        if (mutant.run?.heavy && config.tier !== 'full') {
          println(io.stdout, '  note: some of its catches are in --tier full');
        }
      }
      if (variant) {
        println(io.stdout, `  as conformant variant ${variant.name}: ${variant.description}`);
        if (!variant.profiles.includes(config.profile)) {
          println(io.stdout, `  note: it is allowed under --profile ${variant.profiles.join(' or ')}`);
        }
      }
    }
    const target = targetOf(config, server?.url);

    recorder = new Recorder({ ndjsonPath: historyFile, keep: false, secrets });
    client = new CosClient(target, { recorder, connections: 4 });
    const probed = await probeBucket(
      client,
      probeContextOf(target, config.credentialsSource),
      config.createBucket,
    ).catch(async (err: unknown) => {
      // Nothing ran: leave no report directory behind that holds only the probe's exchange.
      await recorder?.close();
      if (createdDir) await rm(createdDir, { recursive: true, force: true });
      throw err;
    });
    createdBucket = probed.created;
    if (createdBucket) println(io.stdout, `created bucket ${target.bucket} (removed at the end of the run)`);

    const keyPrefix = `cos-conformance/${runId}/`;
    const ctx: SuiteContext = {
      runId,
      target,
      runSeed,
      tier: config.tier,
      ...(config.runs !== undefined ? { runs: config.runs } : {}),
      ...(config.replay ? { replay: config.replay } : {}),
      historyFile,
      keyPrefix,
    };
    const collectOptions = {
      runSeed,
      catalogue: checkById,
      judgeRun: runJudgeFor(config.profile),
      replayFlags: replayFlags(config, runSeed, target),
      secrets,
      selected: selection.accepts,
    };
    collector = new ResultsCollector(collectOptions);
    const live = Boolean(io.stdout.isTTY) && !io.env.CI;
    const progress = new ProgressReporter(io.stdout, { live, historyFile, selected: selection.accepts });
    println(
      io.stdout,
      `running ${selection.checks.length} check(s) against ${endpointOrigin(target.endpoint)} · profile ${config.profile} · tier ${config.tier}${config.shard ? ` · shard ${config.shard.index}/${config.shard.count}` : ''} · keys under ${keyPrefix}`,
    );
    try {
      await runSuite(ctx, {
        reporters: [
          progress,
          collector,
          new RedactingJUnitReporter(
            {
              outputFile: join(outDir, RUN_FILES.junit),
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
    }

    const sweep = await abortOpenUploads(client, keyPrefix);
    if (sweep.found > 0) {
      println(
        io.stdout,
        `safety sweep: aborted ${sweep.aborted} of ${sweep.found} upload(s) left open under ${keyPrefix}`,
      );
    }
    if (sweep.failed.length > 0 || sweep.listError) {
      println(
        io.stderr,
        `safety sweep incomplete (${sweep.listError ?? `${sweep.failed.length} abort(s) failed`}): run \`cos-conformance sweep\``,
      );
    }
    const leftovers = collector.leftovers();
    if (leftovers.length > 0) {
      println(
        io.stderr,
        `cleanup could not remove ${leftovers.length} upload(s)/object(s) (${leftovers[0]!.answer}${leftovers.length > 1 ? ', …' : ''}): not verdicts, listed under leftovers in results.json`,
      );
    }
    if (createdBucket) {
      const removed = await client.deleteBucket();
      if ((removed.status ?? 0) >= 300 || removed.transportError) {
        println(
          io.stderr,
          `could not remove bucket ${target.bucket} created by this run: ${removed.error?.code ?? removed.status ?? removed.transportError?.code}`,
        );
      }
    }
    await recorder.close();

    const history = await scanHistory(historyFile);
    const tallied = collector.uploadParts();
    history.uploadPart = {
      attempted: Math.max(history.uploadPart.attempted, tallied.attempted),
      succeeded: Math.max(history.uploadPart.succeeded, tallied.succeeded),
    };
    const manifest: Manifest = {
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
        ...(mutant ? { mutant: mutant.name } : {}),
        ...(variant ? { variant: variant.name } : {}),
      },
      profile: config.profile,
      tier: config.tier,
      runSeed,
      ...(config.runs !== undefined ? { runs: config.runs } : {}),
      ...(config.replay ? { replay: config.replay } : {}),
      keyPrefix,
      selection: {
        only: [...only],
        skip: config.skip,
        ...(config.shard ? { shard: `${config.shard.index}/${config.shard.count}` } : {}),
      },
      argv: redactArgv(argv, secrets),
      startedAt: startedAt.toISOString(),
      endedAt: new Date().toISOString(),
    };
    const results = buildResults({
      runId,
      manifest,
      checks: collector.checks(),
      unhandledErrors: collector.unhandledErrors(),
      leftovers: collector.leftovers(),
      interrupted: collector.interrupted || interruptCount > 0,
      history,
      ...(baseline ? { baseline } : {}),
      ...(baselineFile ? { baselineFile: relative(io.cwd, baselineFile) || baselineFile } : {}),
      strict: config.strict,
    });
    const clean = scrubResults(results, secrets);
    await writeRunReports(outDir, clean, {
      secrets,
      ...(io.env.GITHUB_STEP_SUMMARY ? { stepSummaryFile: io.env.GITHUB_STEP_SUMMARY } : {}),
    });
    printSummary(io.stdout, clean, { dir: outDir });
    return clean.gate!.exitCode;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await recorder?.close().catch(() => undefined);
    await client?.close().catch(() => undefined);
    await server?.close().catch(() => undefined);
  }
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
