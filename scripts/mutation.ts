/**
 * `npm run mutation`: runs the suite against every mutant of the reference server (src/server/mutants) and
 * prints the mutation score (mutants caught / mutants) with the checks that caught each one; writes
 * reports/mutation/score.json and score.md. Every run is a child process of the CLI
 * (`run --embedded --mutant NAME`), two at a time by default; one conformant baseline per profile and tier
 * sorts out checks that detect the conformant server too.
 *
 *   node --import tsx scripts/mutation.ts [--all-checks | --catches-only] [--heavy] [--jobs N] [--seed N]
 *                                        [--mutants a,b] [--out DIR]
 *
 * Quick-tier runs select the families of the mutant's catches by default, the whole suite with `--all-checks`,
 * or just the catches with `--catches-only`. Full-tier catches run on their own; the heavy ones (5 GiB, 10000
 * parts) only with `--heavy`. Exit 0 when every mutant is caught by every check it names that ran, else 1.
 */
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { writeFileAtomic } from '../src/report/atomic-write.ts';
import { listMutants, mutantByName } from '../src/server/mutants/index.ts';
import { type CheckScope, exemptChecks, planMutation, settingsKey, type SuiteJob } from './mutation/plan.ts';
import { inPool, ROOT, runSuiteCli, type SuiteRun } from './mutation/run-cli.ts';
import {
  catchingChecks,
  judgeMutant,
  outcomesOf,
  scoreFigure,
  scoreMarkdown,
  scoreOf,
} from './mutation/score.ts';

function options() {
  const { values } = parseArgs({
    options: {
      'all-checks': { type: 'boolean', default: false },
      'catches-only': { type: 'boolean', default: false },
      heavy: { type: 'boolean', default: false },
      jobs: { type: 'string', default: '2' },
      seed: { type: 'string', default: '1' },
      mutants: { type: 'string' },
      out: { type: 'string', default: join(ROOT, 'reports', 'mutation') },
    },
  });
  const scope: CheckScope = values['all-checks'] ? 'all' : values['catches-only'] ? 'catches' : 'family';
  const mutants = values.mutants
    ? values.mutants.split(',').map((n) => mutantByName(n.trim()))
    : listMutants();
  return {
    scope,
    mutants,
    heavy: values.heavy,
    jobs: Math.max(1, Number(values.jobs)),
    seed: Number(values.seed),
    out: values.out,
  };
}

/** The run directory name of a job. */
function runName(job: SuiteJob): string {
  const settings = settingsKey(job.settings).replace('/', '-');
  return job.mutant ? `${job.mutant.name}-${settings}` : `conformant-${settings}`;
}

async function main(): Promise<number> {
  const o = options();
  const started = Date.now();
  const plan = planMutation(o.mutants, { scope: o.scope, heavy: o.heavy });
  const baselineKeys = [...plan.baselines.keys()];
  const all = [...baselineKeys.map((k) => plan.baselines.get(k)!), ...plan.jobs];
  console.log(
    `mutation: ${o.mutants.length} mutants in ${plan.jobs.length} runs (quick runs select: ${o.scope}), ` +
      `${baselineKeys.length} conformant baseline(s), ${o.jobs} at a time, seed ${o.seed}`,
  );
  let done = 0;
  const runs: SuiteRun[] = await inPool(
    all.map((job) => async () => {
      const r = await runSuiteCli({
        ...job.settings,
        seed: o.seed,
        outDir: join(o.out, 'runs', runName(job)),
        ...(job.mutant ? { mutant: job.mutant.name } : {}),
        ...(job.only ? { only: job.only } : {}),
        ...(job.specFiles ? { specFiles: job.specFiles } : {}),
        timeoutMs: 3_600_000,
      });
      done += 1;
      console.log(`  [${done}/${all.length}] ${runName(job)} (${(r.durationMs / 1000).toFixed(1)} s)`);
      return r;
    }),
    o.jobs,
  );
  const byJob = new Map(all.map((job, i) => [job, runs[i]]));
  const baselineOutcomes = new Map(
    baselineKeys.map((k) => [k, outcomesOf(byJob.get(plan.baselines.get(k)!)!)] as const),
  );
  const baselineFailures: string[] = [];
  for (const k of baselineKeys) {
    const r = byJob.get(plan.baselines.get(k)!)!;
    if (r.problem) console.error(`conformant baseline ${k} produced no results: ${r.problem}`);
    for (const id of catchingChecks(baselineOutcomes.get(k)!)) baselineFailures.push(`${id} (${k})`);
  }
  const verdicts = o.mutants.map((m) =>
    judgeMutant(
      m,
      plan.jobs
        .filter((j) => j.mutant === m)
        .map((j) => ({ run: byJob.get(j)!, baseline: baselineOutcomes.get(settingsKey(j.settings)) })),
      plan.notRun.get(m.name),
    ),
  );
  const score = scoreOf(verdicts, {
    seed: o.seed,
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
      ? `caught by ${v.caughtBy.join(', ')}`
      : `NOT CAUGHT${v.problem ? ` (${v.problem})` : ''}`;
    const missed = v.missed.length > 0 ? `; expected but missed: ${v.missed.join(', ')}` : '';
    const notRun = v.notRun.length > 0 ? `; not run (heavy): ${v.notRun.join(', ')}` : '';
    console.log(`${mark} ${v.name}: ${by}${missed}${notRun}`);
  }
  if (baselineFailures.length > 0) {
    console.log(`\ndetecting the conformant server too (not counted): ${baselineFailures.join(', ')}`);
  }
  console.log(`\nmutation score: ${scoreFigure(score)} mutants caught (${score.seconds} s)`);
  await writeFileAtomic(join(o.out, 'score.json'), `${JSON.stringify(score, null, 2)}\n`);
  await writeFileAtomic(join(o.out, 'score.md'), scoreMarkdown(score));
  console.log(`written: ${join(o.out, 'score.json')}, ${join(o.out, 'score.md')}`);
  return score.caught === score.total && score.incomplete.length === 0 ? 0 : 1;
}

process.exitCode = await main();
