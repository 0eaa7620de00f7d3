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
 * An entry of a test that was still running, or never started, when the run was stopped: outcomes that are no
 * verdict (error, indeterminate, skip) become an interrupted skip without replay or reproduction. Pass and fail
 * stay: they were judged before the stop reached them.
 */
export function markInterrupted(entry: CheckEntry, by: StopSignal | undefined): CheckEntry {
  if (entry.outcome === 'pass' || entry.outcome === 'fail') return entry;
  const { replay: _replay, reproduction: _reproduction, ...rest } = entry;
  const before = entry.outcome === 'skip' ? '' : ` (it had reported ${entry.outcome}: ${entry.message})`;
  return {
    ...rest,
    outcome: 'skip',
    interrupted: true,
    message: `not judged: ${cause(by)} while it ran${before}`,
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
