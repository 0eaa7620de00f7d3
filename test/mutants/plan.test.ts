/** The mutation planner and judge (scripts/mutation): how runs are split, what counts as a detection. */
import { describe, expect, test } from 'vitest';
import type { Outcome } from '../../src/checks/types.ts';
import { MUTANTS, type MutantDef } from '../../src/server/mutants/index.ts';
import {
  isCatchingOutcome,
  jobsOf,
  planMutation,
  seedsFrom,
  specFilesFor,
  tierOf,
} from '../../scripts/mutation/plan.ts';
import type { SuiteRun } from '../../scripts/mutation/run-cli.ts';
import {
  combineSeeds,
  judgeMutant,
  judgeSeed,
  scoreFigure,
  scoreMarkdown,
  scoreOf,
} from '../../scripts/mutation/score.ts';

/** A fake run whose results hold the given outcomes. */
function runWith(outcomes: Record<string, Outcome>): SuiteRun {
  const checks = Object.entries(outcomes).map(([checkId, outcome]) => ({ checkId, outcome }));
  return { args: [], exitCode: 1, durationMs: 1000, results: { checks } as unknown as SuiteRun['results'] };
}

const m = (over: Partial<MutantDef>): MutantDef => ({
  name: 'x',
  description: 'a test mutant',
  family: 'basics',
  catches: ['basics.upload-part.etag-md5'],
  behaviour: { sendRequestId: false },
  ...over,
});

describe('planning', () => {
  test('quick catches run in a quick run limited to their spec files; full-only ones in a full run', () => {
    const jobs = jobsOf(
      m({ catches: ['basics.upload-part.etag-md5', 'list-parts.list-parts.paging-over-1000'] }),
      {
        scope: 'catches',
        heavy: false,
      },
    );
    expect(jobs.map((j) => j.settings.tier)).toEqual(['quick', 'full']);
    expect(jobs[0].only).toEqual(['basics.upload-part.etag-md5']);
    expect(jobs[0].specFiles).toEqual(['specs/basics.spec.ts']);
    expect(jobs[1].only).toEqual(['list-parts.list-parts.paging-over-1000']);
    expect(tierOf('list-parts.list-parts.paging-over-1000')).toBe('full');
  });

  test('a heavy full-tier run is left out unless asked for, and its catches are reported as not run', () => {
    const heavy = MUTANTS['etag-upper-case'];
    expect(heavy.run?.heavy).toBe(true);
    const light = planMutation([heavy], { scope: 'catches', heavy: false });
    expect(light.jobs.map((j) => j.settings.tier)).toEqual(['quick']);
    expect(light.notRun.get(heavy.name)).toEqual(['part-size.upload-part.at-5gib-accepted']);
    expect([...light.baselines.keys()]).toEqual(['cos/quick']);
    const full = planMutation([heavy], { scope: 'catches', heavy: true });
    expect(full.jobs.map((j) => j.settings.tier)).toEqual(['quick', 'full']);
    expect(full.baselines.get('cos/full')?.only).toEqual(['part-size.upload-part.at-5gib-accepted']);
  });

  test('family scope takes the quick checks of the families; all scope the whole suite; baselines the union', () => {
    const fam = jobsOf(m({}), { scope: 'family', heavy: false })[0];
    expect(fam.only).toContain('basics.upload-part.crc64');
    expect(fam.only).not.toContain('run.upload-part.any-success');
    const all = jobsOf(m({}), { scope: 'all', heavy: false })[0];
    expect(all.only).toBeUndefined();
    expect(specFilesFor(undefined)).toBeUndefined();
    const plan = planMutation([m({ name: 'a' }), m({ name: 'b', catches: ['abort.abort.status-204'] })], {
      scope: 'catches',
      heavy: false,
    });
    expect(plan.baselines.get('cos/quick')?.only).toEqual([
      'basics.upload-part.etag-md5',
      'abort.abort.status-204',
    ]);
    expect(plan.baselines.get('cos/quick')?.specFiles).toEqual([
      'specs/basics.spec.ts',
      'specs/abort.spec.ts',
    ]);
  });
});

describe('judging', () => {
  test('fail detects; indeterminate detects only for a run-scope check; error and skip never', () => {
    expect(isCatchingOutcome({}, 'fail')).toBe(true);
    expect(isCatchingOutcome({}, 'indeterminate')).toBe(false);
    expect(isCatchingOutcome({ scope: 'run' }, 'indeterminate')).toBe(true);
    expect(isCatchingOutcome({}, 'error')).toBe(false);
    expect(isCatchingOutcome({}, 'skip')).toBe(false);
  });

  test('a check failing against the conformant server too, or an unnamed run check, does not count', () => {
    const mutant = m({ catches: ['basics.upload-part.etag-md5', 'basics.upload-part.crc64'] });
    const run = runWith({
      'basics.upload-part.etag-md5': 'fail',
      'basics.upload-part.crc64': 'fail',
      'basics.upload-part.empty-body': 'error',
      'run.upload-part.any-success': 'indeterminate',
    });
    const v = judgeMutant(mutant, [{ run, baseline: { 'basics.upload-part.crc64': 'fail' } }]);
    expect(v.caughtBy).toEqual(['basics.upload-part.etag-md5']);
    expect(v.missed).toEqual(['basics.upload-part.crc64']);
    expect(v.caught).toBe(true);
  });

  test('a mutant nothing detects is not caught, and the score says so', () => {
    const v = judgeMutant(m({}), [{ run: runWith({ 'basics.upload-part.etag-md5': 'pass' }) }]);
    expect(v.caught).toBe(false);
    const caughtOne = judgeMutant(m({ name: 'y' }), [
      { run: runWith({ 'basics.upload-part.etag-md5': 'fail' }) },
    ]);
    const s = scoreOf([v, caughtOne], {
      seeds: [1],
      scope: 'catches',
      heavy: false,
      exempt: [],
      baselineFailures: [],
      seconds: 3,
    });
    expect(scoreFigure(s)).toBe('1/2 (50.0%)');
    expect(s.incomplete).toEqual(['x']);
    expect(scoreMarkdown(s)).toContain('| x | basics | **NO** |');
  });
});

describe('scoring over several seeds', () => {
  const opts = { scope: 'catches' as const, heavy: false, exempt: [], baselineFailures: [], seconds: 1 };
  const atSeed = (mutant: MutantDef, seed: number, outcome: Outcome) =>
    judgeSeed(mutant, seed, [{ run: runWith({ 'basics.upload-part.etag-md5': outcome }) }]);

  test('--seed S --seeds N means the N seeds from S on', () => {
    expect(seedsFrom(1, 5)).toEqual([1, 2, 3, 4, 5]);
    expect(seedsFrom(7, 2)).toEqual([7, 8]);
    expect(() => seedsFrom(1, 0)).toThrow(/--seeds/);
  });

  test('a mutant caught at 4 of 5 seeds is not caught, and the seed that missed is named', () => {
    const flaky = m({ name: 'flaky' });
    const seeds = [1, 2, 3, 4, 5].map((seed) => atSeed(flaky, seed, seed === 3 ? 'pass' : 'fail'));
    const v = combineSeeds(flaky, seeds);
    expect(v.caught).toBe(false);
    expect(v.missedAtSeeds).toEqual([3]);
    expect(v.missed).toEqual(['basics.upload-part.etag-md5']);
    expect(v.caughtBy).toEqual([]);
    expect(v.seeds.map((s) => s.caught)).toEqual([true, true, false, true, true]);

    const steady = m({ name: 'steady' });
    const always = combineSeeds(
      steady,
      [1, 2, 3, 4, 5].map((seed) => atSeed(steady, seed, 'fail')),
    );
    expect(always.caught).toBe(true);
    expect(always.caughtBy).toEqual(['basics.upload-part.etag-md5']);

    const s = scoreOf([v, always], { ...opts, seeds: [1, 2, 3, 4, 5] });
    expect(scoreFigure(s)).toBe('1/2 (50.0%)');
    expect(s.seedDependent).toEqual({ flaky: [3] });
    const md = scoreMarkdown(s);
    expect(md).toContain('seeds 1-5');
    expect(md).toContain('| flaky | basics | **NO** | 4/5 (missed at 3) |');
    expect(md).toContain('| steady | basics | yes | 5/5 |');
    expect(md).toContain('flaky (missed at 3)');
  });

  test('a mutant missed at every seed is not seed-dependent, just not caught', () => {
    const never = m({ name: 'never' });
    const v = combineSeeds(never, [atSeed(never, 1, 'pass'), atSeed(never, 2, 'indeterminate')]);
    expect(v.caught).toBe(false);
    expect(v.missedAtSeeds).toEqual([1, 2]);
    expect(scoreOf([v], { ...opts, seeds: [1, 2] }).seedDependent).toEqual({});
  });

  test('caughtBy keeps only the checks that caught at every seed', () => {
    const two = m({ name: 'two', catches: ['basics.upload-part.etag-md5', 'basics.upload-part.crc64'] });
    const s1 = judgeSeed(two, 1, [
      { run: runWith({ 'basics.upload-part.etag-md5': 'fail', 'basics.upload-part.crc64': 'fail' }) },
    ]);
    const s2 = judgeSeed(two, 2, [
      { run: runWith({ 'basics.upload-part.etag-md5': 'fail', 'basics.upload-part.crc64': 'pass' }) },
    ]);
    const v = combineSeeds(two, [s1, s2]);
    expect(v.caught).toBe(true);
    expect(v.caughtBy).toEqual(['basics.upload-part.etag-md5']);
    expect(v.missed).toEqual(['basics.upload-part.crc64']);
  });
});
