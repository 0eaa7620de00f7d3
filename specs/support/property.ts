/** Property-based checks in specs: budgets per tier, replay lookup, and the result of a property run. */
import type fc from 'fast-check';
import type { PropertyReport } from '../../src/checks/families/model.ts';
import { type Check, makeResult } from '../../src/checks/kit/define.ts';
import type { CheckDef, CheckResult } from '../../src/checks/types.ts';
import { runProperty } from '../../src/model/property.ts';
import { type ReplayToken, replayFor } from '../../src/model/replay.ts';
import { StepError } from '../../src/model/step-error.ts';
import { resultTest, type Suite } from './suite.ts';

/** Runs and time budget of a property in this run (`--runs` overrides the runs). */
export function budget(
  suite: Suite,
  quick: { runs: number; ms: number },
  full: { runs: number; ms: number },
) {
  const tierBudget = suite.tier === 'full' ? full : quick;
  return { numRuns: suite.ctx.runs ?? tierBudget.runs, timeLimitMs: tierBudget.ms };
}

/** The replay token of this run when it names `check`. */
export function replayOf(suite: Suite, check: Pick<CheckDef, 'id'>): ReplayToken | undefined {
  return replayFor(suite.ctx.replay, check.id);
}

/** The check result of a property run: pass, or the shrunk failing case with its replay token. */
export function propertyResult(
  check: Pick<CheckDef, 'id'>,
  seed: number,
  report: PropertyReport,
): CheckResult {
  const measured = { runs: report.numRuns, interrupted: report.interrupted };
  if (report.failed) {
    const text = [
      report.reason ?? 'a generated case failed',
      report.counterexample ? `shrunk case:\n${report.counterexample}` : '',
    ]
      .filter((line) => line !== '')
      .join('\n');
    return makeResult(check, seed, report.failureOutcome ?? 'fail', text, {
      replay: report.replay,
      measured,
      exchanges: report.exchanges,
    });
  }
  if (report.numRuns === 0) return makeResult(check, seed, 'error', 'no generated case ran', { measured });
  return makeResult(check, seed, 'pass', `${report.numRuns} generated cases pass`, {
    variantSeen: 'equal',
    measured,
    exchanges: report.exchanges.slice(-6),
  });
}

/** A check judged as a fast-check property over generated scenarios. */
export interface PropertyCheck<T, I> {
  arbitrary(): fc.Arbitrary<T>;
  /** One line naming a case, printed with a shrunk failure. */
  describe(generated: T): string;
  /** Runs and time budget per tier. */
  quick: { runs: number; ms: number };
  full: { runs: number; ms: number };
  /** Plays case `generated` (the `run`-th of this test) against the endpoint and returns the check's input. */
  scenario(generated: T, run: number): Promise<I>;
}

/**
 * Registers `check` as a property: every generated case must pass it; a failing case is shrunk, printed, and
 * carries a replay token (`run --replay`). A case the judge calls indeterminate or error ends the property so.
 */
export function propertyCheckTest<T, I>(suite: Suite, check: Check<I>, property: PropertyCheck<T, I>): void {
  resultTest(suite, check, async ({ seed, env }) => {
    let run = 0;
    const report = await runProperty({
      id: check.id,
      seed,
      replay: replayOf(suite, check),
      ...budget(suite, property.quick, property.full),
      recorder: suite.recorder,
      arbitrary: () => property.arbitrary(),
      describe: property.describe,
      async predicate(generated) {
        const verdict = check.judge(await property.scenario(generated, run++), env);
        if (verdict.outcome !== 'pass')
          throw new StepError(verdict.outcome === 'skip' ? 'error' : verdict.outcome, verdict.message);
      },
    });
    return propertyResult(check, seed, report);
  });
}
