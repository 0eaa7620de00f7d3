/** Property-based checks in specs: budgets per tier, replay lookup, and the result of a property run. */
import type fc from 'fast-check';
import type { PropertyReport } from '../../src/checks/families/model.ts';
import { type Check, makeResult } from '../../src/checks/kit/define.ts';
import type { CheckDef, CheckResult } from '../../src/checks/types.ts';
import { runProperty } from '../../src/model/property.ts';
import { type ReplayToken, replayFor } from '../../src/model/replay.ts';
import { StepError } from '../../src/model/step-error.ts';
import { checkTest, type Suite } from './suite.ts';

/** Runs and time budget of a property in this run (`--runs` overrides the runs). */
export function budget(s: Suite, quick: { runs: number; ms: number }, full: { runs: number; ms: number }) {
  const b = s.tier === 'full' ? full : quick;
  return { numRuns: s.ctx.runs ?? b.runs, timeLimitMs: b.ms };
}

/** The replay token of this run when it names `check`. */
export function replayOf(s: Suite, check: Pick<CheckDef, 'id'>): ReplayToken | undefined {
  return replayFor(s.ctx.replay, check.id);
}

/** The check result of a property run: pass, or the shrunk failing case with its replay token. */
export function propertyResult(check: Pick<CheckDef, 'id'>, seed: number, r: PropertyReport): CheckResult {
  const measured = { runs: r.numRuns, interrupted: r.interrupted };
  if (r.failed) {
    const text = [
      r.reason ?? 'a generated case failed',
      r.counterexample ? `shrunk case:\n${r.counterexample}` : '',
    ]
      .filter((x) => x !== '')
      .join('\n');
    return makeResult(check, seed, r.failureOutcome ?? 'fail', text, {
      replay: r.replay,
      measured,
      exchanges: r.exchanges,
    });
  }
  if (r.numRuns === 0) return makeResult(check, seed, 'error', 'no generated case ran', { measured });
  return makeResult(check, seed, 'pass', `${r.numRuns} generated cases pass`, {
    variantSeen: 'equal',
    measured,
    exchanges: r.exchanges.slice(-6),
  });
}

/** A check judged as a fast-check property over generated scenarios. */
export interface PropertyCheck<T, I> {
  arbitrary(): fc.Arbitrary<T>;
  /** One line naming a case, printed with a shrunk failure. */
  describe(c: T): string;
  /** Runs and time budget per tier. */
  quick: { runs: number; ms: number };
  full: { runs: number; ms: number };
  /** Plays case `c` (the `run`-th of this test) against the endpoint and returns the check's input. */
  scenario(c: T, run: number): Promise<I>;
}

/**
 * Registers `check` as a property: every generated case must pass it; a failing case is shrunk, printed, and
 * carries a replay token (`run --replay`). A case the judge calls indeterminate or error ends the property so.
 */
export function propertyCheckTest<T, I>(s: Suite, check: Check<I>, p: PropertyCheck<T, I>): void {
  checkTest(s, check, async ({ seed, env }) => {
    let run = 0;
    const report = await runProperty({
      id: check.id,
      seed,
      replay: replayOf(s, check),
      ...budget(s, p.quick, p.full),
      recorder: s.recorder,
      arbitrary: () => p.arbitrary(),
      describe: p.describe,
      async predicate(c) {
        const verdict = check.judge(await p.scenario(c, run++), env);
        if (verdict.outcome !== 'pass')
          throw new StepError(verdict.outcome === 'skip' ? 'error' : verdict.outcome, verdict.message);
      },
    });
    return propertyResult(check, seed, report);
  });
}
