/**
 * `npm run mutation`: runs the suite against every mutant of the reference server (src/server/mutants) and
 * prints the mutation score (mutants caught / mutants) with the checks that caught each one; writes
 * reports/mutation/score.json and score.md. Every run is a child process of the CLI
 * (`run --embedded --mutant NAME`), two at a time by default; one conformant baseline per profile and tier
 * sorts out checks that detect the conformant server too.
 *
 *   node --import tsx scripts/mutation.ts [--all-checks | --catches-only] [--heavy] [--jobs N] [--seed S]
 *                                        [--seeds N] [--mutants a,b] [--out DIR]
 *
 * `--seeds N` runs every mutant (and every baseline) at the N seeds S, S+1, …, S+N-1 (S = `--seed`, default 1);
 * a mutant counts as caught only when every seed catches it, and score.json/score.md name the seeds that missed.
 *
 * Quick-tier runs select the families of the mutant's catches by default, the whole suite with `--all-checks`,
 * or just the catches with `--catches-only`. Full-tier catches run on their own; the heavy ones (5 GiB, 10000
 * parts) only with `--heavy`. Exit 0 when every mutant is caught by every check it names that ran, else 1.
 */
import { join } from 'node:path';
import type { Outcome } from '../src/checks/types.ts';
import { parseArgs } from 'node:util';
import { writeFileAtomic } from '../src/report/atomic-write.ts';
import { findMutant, listMutants } from '../src/server/mutants/index.ts';
import {
  type CheckScope,
  exemptChecks,
  planMutation,
  seedsFrom,
  settingsKey,
  type SuiteJob,
} from './mutation/plan.ts';
import { inPool, ROOT, runSuiteCli, type SuiteRun } from './mutation/run-cli.ts';
import {
  catchingChecks,
  combineSeeds,
  judgeSeed,
  outcomesOf,
  scoreFigure,
  scoreMarkdown,
  scoreOf,
  seedList,
} from './mutation/score.ts';

function options() {
  const { values } = parseArgs({
    options: {
      'all-checks': { type: 'boolean', default: false },
      'catches-only': { type: 'boolean', default: false },
      heavy: { type: 'boolean', default: false },
      jobs: { type: 'string', default: '2' },
      seed: { type: 'string', default: '1' },
      seeds: { type: 'string', default: '1' },
      mutants: { type: 'string' },
      out: { type: 'string', default: join(ROOT, 'reports', 'mutation') },
    },
  });
  const scope: CheckScope = values['all-checks'] ? 'all' : values['catches-only'] ? 'catches' : 'family';
  const mutants = values.mutants ? values.mutants.split(',').map((n) => findMutant(n.trim())) : listMutants();
  return {
    scope,
    mutants,
    heavy: values.heavy,
    jobs: Math.max(1, Number(values.jobs)),
    seeds: seedsFrom(Number(values.seed), Number(values.seeds)),
    out: values.out,
  };
}

/** The run directory name of a job. */
function runName(job: SuiteJob): string {
  const settings = settingsKey(job.settings).replace('/', '-');
  return job.mutant ? `${job.mutant.name}-${settings}` : `conformant-${settings}`;
}

/** One suite run of the plan at one seed. */
interface SeededJob {
  job: SuiteJob;
  seed: number;
}

async function main(): Promise<number> {
  const o = options();
  const started = Date.now();
  const plan = planMutation(o.mutants, { scope: o.scope, heavy: o.heavy });
  const baselineKeys = [...plan.baselines.keys()];
  const perSeed = [...baselineKeys.map((k) => plan.baselines.get(k)!), ...plan.jobs];
  const all: SeededJob[] = o.seeds.flatMap((seed) => perSeed.map((job) => ({ job, seed })));
  const several = o.seeds.length > 1;
  const label = ({ job, seed }: SeededJob) => (several ? `seed-${seed}/${runName(job)}` : runName(job));
  console.log(
    `mutation: ${o.mutants.length} mutants in ${plan.jobs.length} runs per seed (quick runs select: ${o.scope}), ` +
      `${baselineKeys.length} conformant baseline(s), ${o.jobs} at a time, seeds ${seedList(o.seeds)}`,
  );
  let done = 0;
  const runs: SuiteRun[] = await inPool(
    all.map((sj) => async () => {
      const { job, seed } = sj;
      const r = await runSuiteCli({
        ...job.settings,
        seed,
        outDir: join(o.out, 'runs', label(sj)),
        ...(job.mutant ? { mutant: job.mutant.name } : {}),
        ...(job.only ? { only: job.only } : {}),
        ...(job.specFiles ? { specFiles: job.specFiles } : {}),
        timeoutMs: 3_600_000,
      });
      done += 1;
      console.log(`  [${done}/${all.length}] ${label(sj)} (${(r.durationMs / 1000).toFixed(1)} s)`);
      return r;
    }),
    o.jobs,
  );
  const runOf = (job: SuiteJob, seed: number): SuiteRun =>
    runs[all.findIndex((sj) => sj.job === job && sj.seed === seed)]!;
  const baselineFailures: string[] = [];
  const baselineAt = new Map<number, Map<string, Record<string, Outcome>>>();
  for (const seed of o.seeds) {
    const outcomes = new Map<string, Record<string, Outcome>>();
    for (const k of baselineKeys) {
      const r = runOf(plan.baselines.get(k)!, seed);
      if (r.problem)
        console.error(`conformant baseline ${k} (seed ${seed}) produced no results: ${r.problem}`);
      outcomes.set(k, outcomesOf(r));
      for (const id of catchingChecks(outcomesOf(r))) {
        const entry = several ? `${id} (${k}, seed ${seed})` : `${id} (${k})`;
        baselineFailures.push(entry);
      }
    }
    baselineAt.set(seed, outcomes);
  }
  const verdicts = o.mutants.map((m) => {
    const notRun = plan.notRun.get(m.name);
    const seeds = o.seeds.map((seed) =>
      judgeSeed(
        m,
        seed,
        plan.jobs
          .filter((j) => j.mutant === m)
          .map((j) => ({
            run: runOf(j, seed),
            baseline: baselineAt.get(seed)!.get(settingsKey(j.settings)),
          })),
        notRun,
      ),
    );
    return combineSeeds(m, seeds, notRun);
  });
  const score = scoreOf(verdicts, {
    seeds: o.seeds,
    scope: o.scope,
    heavy: o.heavy,
    exempt: exemptChecks(),
    baselineFailures,
    seconds: Math.round((Date.now() - started) / 1000),
  });

  console.log('');
  for (const v of verdicts) {
    const mark = v.caught ? (v.missed.length === 0 ? '✓' : '~') : '✗';
    const by = v.caught
      ? `caught by ${v.caughtBy.join(', ') || '(different checks at different seeds)'}`
      : `NOT CAUGHT${v.problem ? ` (${v.problem})` : ''}`;
    const atSeeds = several
      ? ` [${v.seeds.length - v.missedAtSeeds.length}/${v.seeds.length} seeds` +
        `${v.missedAtSeeds.length > 0 ? `; missed at ${v.missedAtSeeds.join(', ')}` : ''}]`
      : '';
    const missed = v.missed.length > 0 ? `; expected but missed: ${v.missed.join(', ')}` : '';
    const notRun = v.notRun.length > 0 ? `; not run (heavy): ${v.notRun.join(', ')}` : '';
    console.log(`${mark} ${v.name}: ${by}${atSeeds}${missed}${notRun}`);
  }
  if (baselineFailures.length > 0) {
    console.log(`\ndetecting the conformant server too (not counted): ${baselineFailures.join(', ')}`);
  }
  console.log(
    `\nmutation score: ${scoreFigure(score)} mutants caught at every seed (seeds ${seedList(o.seeds)}; ` +
      `${score.seconds} s)`,
  );
  await writeFileAtomic(join(o.out, 'score.json'), `${JSON.stringify(score, null, 2)}\n`);
  await writeFileAtomic(join(o.out, 'score.md'), scoreMarkdown(score));
  console.log(`written: ${join(o.out, 'score.json')}, ${join(o.out, 'score.md')}`);
  return score.caught === score.total && score.incomplete.length === 0 ? 0 : 1;
}

process.exitCode = await main();
