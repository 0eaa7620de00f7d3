/** Property-based checks in specs: budgets per tier, replay lookup, and the result of a property run. */
import type { PropertyReport } from '../../src/checks/families/model.ts';
import { makeResult } from '../../src/checks/kit/define.ts';
import type { CheckDef, CheckResult } from '../../src/checks/types.ts';
import { type ReplayToken, replayFor } from '../../src/model/replay.ts';
import type { Suite } from './suite.ts';

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
