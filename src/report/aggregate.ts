/**
 * Per-check verdicts of a run. A check may be judged by several tests (one entry each); the run's verdict for the
 * check is the worst of them, so one failing scenario is enough to fail the rule.
 */
import type { Outcome } from '../checks/types.ts';
import type { CheckEntry, Summary } from './results-schema.ts';

/** Worst first: a single fail makes the check fail; skip only when nothing else was seen. */
const RANK: Readonly<Record<Outcome, number>> = { fail: 0, error: 1, indeterminate: 2, pass: 3, skip: 4 };

/** The worst of several outcomes (skip when there are none). */
export function worstOutcome(outcomes: Iterable<Outcome>): Outcome {
  let worst: Outcome = 'skip';
  for (const outcome of outcomes) if (RANK[outcome] < RANK[worst]) worst = outcome;
  return worst;
}

/** checkId → the check's verdict over all its entries, in first-seen order. */
export function verdictsByCheck(checks: readonly CheckEntry[]): Map<string, Outcome> {
  const all = new Map<string, Outcome[]>();
  for (const entry of checks) {
    const list = all.get(entry.checkId);
    if (list) list.push(entry.outcome);
    else all.set(entry.checkId, [entry.outcome]);
  }
  return new Map([...all].map(([id, outcomes]) => [id, worstOutcome(outcomes)]));
}

/** Counts of entries per outcome. */
export function countOutcomes(
  checks: readonly CheckEntry[],
): Pick<Summary, 'total' | 'pass' | 'fail' | 'indeterminate' | 'error' | 'skip'> {
  const counts = { total: checks.length, pass: 0, fail: 0, indeterminate: 0, error: 0, skip: 0 };
  for (const entry of checks) counts[entry.outcome] += 1;
  return counts;
}

/** Outcomes that fail a check for gating: a spec verdict of fail, or an error that stopped it from being judged. */
export function isFailing(outcome: Outcome): boolean {
  return outcome === 'fail' || outcome === 'error';
}
