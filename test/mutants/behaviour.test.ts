/**
 * Every mutant against the suite: the CLI runs the checks the mutant names (`run --embedded --mutant NAME
 * --only <its catches>`) and each of them must detect it; the same checks against the conformant server pass.
 * Runs are child processes, two at a time, each limited to the spec files of its checks.
 *
 * The full-tier runs of mutants marked `heavy` (a 5 GiB part, 10000 parts of 1 MiB, for the mutant and for the
 * conformant baseline) are left out unless COS_MUTANTS_HEAVY=1; their quick-tier catches always run.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { checkById } from '../../src/checks/registry.ts';
import type { Outcome } from '../../src/checks/types.ts';
import { listMutants } from '../../src/server/mutants/index.ts';
import { isCatchingOutcome, planMutation, settingsKey, type SuiteJob } from '../../scripts/mutation/plan.ts';
import { inPool, runSuiteCli, type SuiteRun } from '../../scripts/mutation/run-cli.ts';
import { outcomesOf } from '../../scripts/mutation/score.ts';

const HEAVY = process.env.COS_MUTANTS_HEAVY === '1';
const SEED = 1;
const plan = planMutation(listMutants(), { scope: 'catches', heavy: HEAVY });
const baselineKeys = [...plan.baselines.keys()];

/** A run's name: the mutant (or `conformant`) and its profile/tier. */
function runName(job: SuiteJob): string {
  return `${job.mutant?.name ?? 'conformant'} ${settingsKey(job.settings)}`;
}

let dir: string;
const runs = new Map<string, SuiteRun>();
let wallSeconds = 0;

function launch(job: SuiteJob): () => Promise<void> {
  const name = runName(job);
  return async () => {
    const run = await runSuiteCli({
      ...job.settings,
      seed: SEED,
      outDir: join(dir, name.replace(/[ /]/g, '-')),
      ...(job.mutant ? { mutant: job.mutant.name } : {}),
      ...(job.only ? { only: job.only } : {}),
      ...(job.specFiles ? { specFiles: job.specFiles } : {}),
      timeoutMs: HEAVY ? 3_600_000 : 300_000,
    });
    runs.set(name, run);
  };
}

beforeAll(
  async () => {
    dir = await mkdtemp(join(tmpdir(), 'cos-mutants-'));
    const started = Date.now();
    await inPool(
      [...baselineKeys.map((k) => launch(plan.baselines.get(k)!)), ...plan.jobs.map((job) => launch(job))],
      2,
    );
    wallSeconds = Math.round((Date.now() - started) / 1000);
    console.log(`mutants: ${runs.size} suite runs in ${wallSeconds} s`);
  },
  HEAVY ? 7_200_000 : 1_200_000,
);

afterAll(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
});

function outcomes(name: string): Record<string, Outcome> {
  const run = runs.get(name);
  expect(run, `no run for ${name}`).toBeDefined();
  expect(run!.problem, `${name}: ${run!.args.join(' ')}`).toBeUndefined();
  return outcomesOf(run!);
}

describe('conformant server', () => {
  test.each(baselineKeys)('%s: the checks the mutants name pass', (key) => {
    const seen = outcomes(`conformant ${key}`);
    const job = plan.baselines.get(key)!;
    for (const id of job.only ?? Object.keys(seen)) expect(seen[id], `${key} ${id}`).toBe('pass');
    expect(seen['run.upload-part.any-success']).toBe('pass');
    expect(runs.get(`conformant ${key}`)!.exitCode).toBe(0);
  });
});

describe('mutants', () => {
  test.each(
    plan.jobs.map((j) => [j.mutant!.name, settingsKey(j.settings), j] as const),
  )('%s is caught [%s]', (_name, _settings, job) => {
    const name = runName(job);
    const seen = outcomes(name);
    for (const id of job.catches) {
      const outcome = seen[id];
      expect(outcome, `${name}: ${id} did not run`).toBeDefined();
      expect(
        isCatchingOutcome(checkById(id), outcome),
        `${name}: ${id} was ${outcome}, expected it to detect the mutant`,
      ).toBe(true);
    }
    expect([1, 3]).toContain(runs.get(name)!.exitCode);
  });
});
