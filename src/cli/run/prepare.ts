/**
 * Phase 1 of `run`, prepare: everything decided before any connection. Validates what can be validated
 * (selection, replay token, mutant or variant, baseline), picks the seed, the run id, the report directory
 * and the key prefix. Plain data out; the only side effect is the empty history file.
 */
import { randomBytes, randomInt } from 'node:crypto';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { CheckDef } from '../../checks/types.ts';
import { type Baseline, loadBaseline } from '../../report/baseline.ts';
import { resetHistoryFile } from '../../report/history.ts';
import { RUN_FILES } from '../../report/write-run.ts';
import { findMutant, type MutantDef } from '../../server/mutants/index.ts';
import { type ConformantVariantDef, variantByName } from '../../server/variants/index.ts';
import { resolveSelection, type Selection } from '../check-selection.ts';
import type { RunConfig } from '../config.ts';
import { ERROR_CODES, UsageError } from '../errors.ts';
import { type CliIo, noteTo } from '../io.ts';
import { assertReplaySelected, replayOnly } from './replay.ts';
import { budgetSkips, planTraffic } from './traffic-plan.ts';

/** What the later phases need to know about the run, decided before it starts. */
export interface RunPlan {
  /** The effective `--only` (a replay's check when none was given). */
  only: readonly string[];
  selection: Selection;
  /** Test-scope checks selected (the list an interrupted run reports as not run). */
  checks: readonly CheckDef[];
  mutant?: MutantDef;
  variant?: ConformantVariantDef;
  baseline?: Baseline;
  baselineFile?: string;
  runSeed: number;
  startedAt: Date;
  runId: string;
  outDir: string;
  historyFile: string;
  /** The outermost directory the run creates for its reports (removed again when nothing ran). */
  createdDir?: string;
  /** Every key of the run starts with it. */
  keyPrefix: string;
  /** Checks `--max-bytes` skips, with their reasons (empty without a budget). */
  budgetSkips: Record<string, string>;
}

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

function checkBaselineProfile(baseline: Baseline, config: RunConfig, file: string): void {
  if (baseline.profile !== config.profile) {
    throw new UsageError(
      ERROR_CODES.conflict,
      `baseline ${file} is for profile ${baseline.profile}, the run uses ${config.profile}: pass the right baseline or --profile ${baseline.profile}`,
    );
  }
}

/** The run's check selection (`--only`, `--skip`, `--shard`, a replay's check); its notes go to `io`. */
export function selectChecks(
  config: RunConfig,
  io: CliIo,
): { only: readonly string[]; selection: Selection } {
  const only = replayOnly(config);
  const selection = resolveSelection({
    only,
    skip: config.skip,
    ...(config.shard ? { shard: config.shard } : {}),
  });
  selection.notes.forEach(noteTo(io));
  assertReplaySelected(config, selection.checks);
  return { only, selection };
}

/** Validates the run's inputs and decides its seed, id, directory and prefix. */
export async function prepareRun(config: RunConfig, io: CliIo): Promise<RunPlan> {
  const { only, selection } = selectChecks(config, io);
  const mutant = config.mutant !== undefined ? findMutant(config.mutant) : undefined;
  const variant = config.variant !== undefined ? variantByName(config.variant) : undefined;
  const baselineFile = config.baseline ? resolve(io.cwd, config.baseline) : undefined;
  const baseline = baselineFile ? await loadBaseline(baselineFile, noteTo(io)) : undefined;
  if (baseline && baselineFile) checkBaselineProfile(baseline, config, baselineFile);

  const runSeed = config.seed ?? randomInt(0, 2 ** 31);
  const startedAt = new Date();
  const runId = newRunId(startedAt, config.shard);
  const outDir = resolve(io.cwd, config.out ?? join('reports', runId));
  const historyFile = join(outDir, RUN_FILES.history);
  const createdDir = firstMissingDir(outDir);
  await resetHistoryFile(historyFile);
  return {
    only,
    selection,
    checks: selection.checks.filter((c) => c.scope !== 'run'),
    ...(mutant ? { mutant } : {}),
    ...(variant ? { variant } : {}),
    ...(baseline ? { baseline } : {}),
    ...(baselineFile ? { baselineFile } : {}),
    runSeed,
    startedAt,
    runId,
    outDir,
    historyFile,
    ...(createdDir ? { createdDir } : {}),
    keyPrefix: `cos-conformance/${runId}/`,
    budgetSkips: config.maxBytes !== undefined ? budgetSkips(planTraffic(selection.checks, config)) : {},
  };
}
