/** `merge DIR... -o DIR`: shards of one run into one run (results, history, junit), gated afresh. */
import { join, resolve } from 'node:path';
import type { CheckDef } from '../../checks/types.ts';
import type { ProfileName } from '../../target/types.ts';
import { writeFileAtomic } from '../../report/atomic-write.ts';
import { loadBaseline } from '../../report/baseline.ts';
import { buildResults } from '../../report/build-results.ts';
import { RUN_SCOPE_FILE, type RunJudge, runScopedEntries } from '../../report/run-scope.ts';
import { type LoadedRun, loadResults } from '../../report/load-results.ts';
import { redactArgv } from '../../report/manifest.ts';
import {
  assertMergeable,
  mergeEntries,
  mergeHistories,
  mergeJunit,
  mergeManifests,
} from '../../report/merge.ts';
import { RUN_FILES, writeRunReports } from '../../report/write-run.ts';
import { scanHistory } from '../../report/history.ts';
import { type CliIo, noteTo, println } from '../io.ts';
import { printSummary } from '../summary.ts';

export interface MergeOptions {
  out: string;
  /** The catalogue's run-scoped judges and lookup (from the CLI), so merged verdicts match a whole run's. */
  judge?: {
    judgeRunFor?: (profile: ProfileName) => RunJudge;
    catalogue?: (id: string) => CheckDef | undefined;
  };
  baseline?: string;
  strict?: boolean;
}

/** The signal that stopped a shard, if one did: the merged run is then interrupted by it too. */
function interruptedByOf(runs: readonly LoadedRun[]): { interruptedBy?: 'SIGINT' | 'SIGTERM' } {
  const by = runs.find((r) => r.results.summary.interruptedBy)?.results.summary.interruptedBy;
  return by ? { interruptedBy: by } : {};
}

export async function mergeCommand(
  dirs: string[],
  options: MergeOptions,
  argv: string[],
  io: CliIo,
): Promise<number> {
  const runs: LoadedRun[] = [];
  for (const d of dirs) runs.push(await loadResults(resolve(io.cwd, d)));
  assertMergeable(runs);
  const outDir = resolve(io.cwd, options.out);
  const historyFile = join(outDir, RUN_FILES.history);
  await mergeHistories(runs, historyFile);
  const history = await scanHistory(historyFile);
  const uploadPart = { attempted: 0, succeeded: 0 };
  for (const r of runs) {
    uploadPart.attempted += r.results.summary.uploadPart.attempted;
    uploadPart.succeeded += r.results.summary.uploadPart.succeeded;
  }
  const first = runs[0]!.results;
  const runSeed = first.manifest.runSeed;
  // Run-scoped verdicts are judged again over the sum of the shards.
  const hadRunScope = runs.some((r) => r.results.checks.some((c) => c.test.file === RUN_SCOPE_FILE));
  const kept = mergeEntries(runs).filter((entry) => entry.test.file !== RUN_SCOPE_FILE);
  const judgeRun = options.judge?.judgeRunFor?.(first.manifest.profile);
  const runScoped = hadRunScope
    ? runScopedEntries([uploadPart], {
        runSeed,
        ...(judgeRun ? { judgeRun } : {}),
        ...(options.judge?.catalogue ? { catalogue: options.judge.catalogue } : {}),
      })
    : [];
  const baselineFile = options.baseline ? resolve(io.cwd, options.baseline) : undefined;
  const baseline = baselineFile ? await loadBaseline(baselineFile, noteTo(io)) : undefined;
  const results = buildResults({
    runId: `${first.runId.replace(/-shard-\d+-of-\d+$/, '')}-merged`,
    manifest: mergeManifests(runs, redactArgv(argv)),
    checks: [...kept, ...runScoped],
    unhandledErrors: runs.flatMap((r) => r.results.unhandledErrors),
    leftovers: runs.flatMap((r) => r.results.leftovers ?? []),
    interrupted: runs.some((loadedRun) => loadedRun.results.summary.interrupted),
    ...interruptedByOf(runs),
    history: { ...history, uploadPart },
    ...(baseline ? { baseline } : {}),
    ...(baselineFile ? { baselineFile } : {}),
    strict: options.strict ?? false,
  });
  const junit = await mergeJunit(runs);
  if (junit) await writeFileAtomic(join(outDir, RUN_FILES.junit), junit);
  await writeRunReports(outDir, results, {
    ...(io.env.GITHUB_STEP_SUMMARY ? { stepSummaryFile: io.env.GITHUB_STEP_SUMMARY } : {}),
  });
  println(io.stdout, `merged ${runs.length} shard(s) into ${outDir}`);
  printSummary(io.stdout, results, { dir: outDir });
  return results.gate!.exitCode;
}
