/**
 * What an interrupted run reports (README "Interrupted runs"): the checks it stopped in the middle of and the
 * checks it never reached, each marked `interrupted` with outcome `skip`, so that neither reads as an endpoint
 * error, neither gets a replay command, and the reports list every selected check.
 */
import type { CheckDef } from '../checks/types.ts';
import type { CheckEntry } from './results-schema.ts';

/** The signals a run stops on; `undefined` when the run ended early without one (vitest gave up). */
export type StopSignal = 'SIGINT' | 'SIGTERM';

function cause(by: StopSignal | undefined): string {
  return by ? `the run was interrupted (${by})` : 'the run was interrupted';
}

/**
 * An entry of a test that ended after the run was stopped. Error and indeterminate (what an aborted request
 * leaves) become an interrupted skip without replay or reproduction; so does the skip of a test that never
 * started (`started` false). Pass, fail and a skip with its own reason stay: they were judged.
 */
export function markInterrupted(entry: CheckEntry, by: StopSignal | undefined, started: boolean): CheckEntry {
  const notJudged = entry.outcome === 'error' || entry.outcome === 'indeterminate';
  if (!notJudged && !(entry.outcome === 'skip' && !started)) return entry;
  const { replay: _replay, reproduction: _reproduction, ...rest } = entry;
  return {
    ...rest,
    outcome: 'skip',
    interrupted: true,
    message: notJudged
      ? `not judged: ${cause(by)} while it ran (it had reported ${entry.outcome}: ${entry.message})`
      : `not run: ${cause(by)} before it started`,
  };
}

/** Entries of the selected test-scope checks that have none: the interruption stopped the run before them. */
export function notRunEntries(
  selected: readonly CheckDef[],
  present: readonly CheckEntry[],
  runSeed: number,
  by: StopSignal | undefined,
): CheckEntry[] {
  const seen = new Set(present.map((e) => e.checkId));
  return selected
    .filter((c) => c.scope !== 'run' && !seen.has(c.id))
    .map((c) => ({
      checkId: c.id,
      title: c.title,
      family: c.family,
      severity: c.severity,
      specRef: c.specRef,
      tags: [...c.tags],
      test: { file: `specs/${c.family}.spec.ts`, name: c.id, fullName: `${c.family} > ${c.id}` },
      outcome: 'skip' as const,
      interrupted: true as const,
      message: `not run: ${cause(by)} before it started`,
      seed: runSeed,
      evidence: [],
    }));
}
