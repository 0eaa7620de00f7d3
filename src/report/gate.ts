/**
 * The CI gate: from a run's verdicts (and optionally a baseline) to the exit code of docs/architecture.md "Exit codes".
 * Pure: the same results and baseline always give the same gate.
 *
 * Order of precedence: a signal (130 SIGINT, 143 SIGTERM) first, because the run is incomplete whatever it found
 * so far; then inconclusive (3) before non-conformance (1), because a run in which no Upload Part ever succeeded
 * (bad credentials, a dead endpoint) fails every check for a reason that is not the spec.
 */
import { type Baseline, unexplainedExpectations } from './baseline.ts';
import { isFailing, verdictsByCheck } from './aggregate.ts';
import { EXIT } from './exit-codes.ts';
import type { CheckEntry, Gate, Summary } from './results-schema.ts';

export interface GateInput {
  checks: readonly CheckEntry[];
  summary: Pick<Summary, 'uploadPart' | 'interrupted' | 'interruptedBy'>;
  baseline?: Baseline;
  baselineFile?: string;
  /** An unexpected pass fails the run (the baseline is out of date). */
  strict?: boolean;
  /**
   * The run is one shard of several: a shard that sends no Upload Part is not inconclusive for that alone, since
   * the merged run is gated on all shards' tallies together.
   */
  shard?: boolean;
  /**
   * The run replays one generated case (`--replay`): its Upload Part tally describes that case, not the endpoint,
   * so the Upload Part rules do not apply.
   */
  replay?: boolean;
}

/** Why a run is inconclusive, or undefined when it is not. */
export function inconclusiveReason(input: GateInput): string | undefined {
  // Run-scope checks (family `run`) summarise the others; they say nothing about whether a check ran.
  const runScope = new Set(input.checks.filter((c) => c.family === 'run').map((entry) => entry.checkId));
  const verdicts = [...verdictsByCheck(input.checks)].filter(([id]) => !runScope.has(id)).map(([, o]) => o);
  const judged = verdicts.filter((o) => o === 'pass' || o === 'fail').length;
  const { attempted, succeeded } = input.summary.uploadPart;
  if (attempted > 0 && succeeded === 0 && !input.replay) {
    return `no Upload Part succeeded (${attempted} attempted): the endpoint or credentials refused every upload, so no verdict can be trusted`;
  }
  if (verdicts.length === 0) return 'no check ran';
  if (verdicts.every((o) => o === 'skip')) {
    return 'no check ran: every selected check was skipped (tier or profile; see each skip reason)';
  }
  // Only when nothing failed: a failure found without any Upload Part is still a failure.
  if (attempted === 0 && !input.shard && !input.replay && !verdicts.includes('fail')) {
    return 'no Upload Part was sent: the selected checks say nothing about Upload Part (select some that upload parts)';
  }
  if (judged === 0 && verdicts.some((outcome) => outcome === 'indeterminate')) {
    return 'every check that ran was indeterminate (timeouts or resets left the server state unknown)';
  }
  return undefined;
}

/** Computes the gate: exit code, status, and the lists behind them. */
export function computeGate(input: GateInput): Gate {
  const verdicts = verdictsByCheck(input.checks);
  const expected = new Set(input.baseline?.expectedFailures.map((e) => e.checkId) ?? []);
  const strict = input.strict ?? false;

  const newFailures: string[] = [];
  const expectedFailures: string[] = [];
  const unexpectedPasses: string[] = [];
  for (const [checkId, outcome] of verdicts) {
    if (isFailing(outcome)) (expected.has(checkId) ? expectedFailures : newFailures).push(checkId);
    else if (outcome === 'pass' && expected.has(checkId)) unexpectedPasses.push(checkId);
  }
  const staleExpectations = [...expected].filter((id) => {
    const outcome = verdicts.get(id);
    return outcome === undefined || outcome === 'skip';
  });

  // Run-scope checks (family `run`) are judged by inconclusiveReason from the Upload Part tallies.
  const runScope = new Set(input.checks.filter((c) => c.family === 'run').map((entry) => entry.checkId));
  const indeterminate = [...verdicts].filter(([id, o]) => o === 'indeterminate' && !runScope.has(id));
  const reasons: string[] = [];
  const inconclusive = inconclusiveReason(input);
  const stoppedBy = input.summary.interruptedBy;
  let exitCode: Gate['exitCode'];
  let status: Gate['status'];
  if (stoppedBy) {
    exitCode = EXIT[stoppedBy];
    status = 'interrupted';
    const notJudged = input.checks.filter((c) => c.interrupted).length;
    reasons.push(`interrupted by ${stoppedBy}: ${notJudged} check(s) were stopped or never started`);
    const failed = newFailures.filter((id) => verdicts.get(id) === 'fail');
    if (failed.length > 0) reasons.push(`${failed.length} check(s) failed before the interruption`);
  } else if (inconclusive) {
    exitCode = EXIT.INCONCLUSIVE;
    status = 'inconclusive';
    reasons.push(`inconclusive: ${inconclusive}`);
  } else if (
    newFailures.some((id) => verdicts.get(id) === 'fail') ||
    (strict && unexpectedPasses.length > 0)
  ) {
    exitCode = EXIT.NONCONFORMANT;
    status = 'nonconformant';
    if (newFailures.length > 0) {
      reasons.push(
        `${newFailures.length} check(s) failed${input.baseline ? ' that the baseline does not expect' : ''}`,
      );
    }
    if (strict && unexpectedPasses.length > 0) {
      reasons.push(`${unexpectedPasses.length} unexpected pass(es) under --strict: update the baseline`);
    }
  } else if (newFailures.length > 0) {
    // Only errors: checks that could not be judged (the endpoint or the harness broke), not a spec verdict.
    exitCode = EXIT.INCONCLUSIVE;
    status = 'inconclusive';
    reasons.push(
      `inconclusive: ${newFailures.length} check(s) could not be judged (error)${input.baseline ? ' that the baseline does not expect' : ''}, and none failed`,
    );
  } else if (input.summary.interrupted) {
    exitCode = EXIT.INCONCLUSIVE;
    status = 'inconclusive';
    reasons.push('inconclusive: the run was interrupted before every check ran');
  } else if (indeterminate.length > 0) {
    // An unknown server state is never passed silently (docs/architecture.md "Checks and outcomes"): without a failure it is inconclusive.
    exitCode = EXIT.INCONCLUSIVE;
    status = 'inconclusive';
    reasons.push(
      `inconclusive: ${indeterminate.length} check(s) were indeterminate (a timeout, reset or unreadable answer), and none failed`,
    );
  } else {
    exitCode = EXIT.OK;
    status = expectedFailures.length > 0 ? 'expected-failures-only' : 'conformant';
    reasons.push(
      expectedFailures.length > 0
        ? `only the ${expectedFailures.length} failure(s) the baseline expects`
        : 'every check that ran passed',
    );
  }
  if (!strict && unexpectedPasses.length > 0) {
    reasons.push(`${unexpectedPasses.length} unexpected pass(es): the baseline can be updated`);
  }
  // Reported, never gating: an expected failure nobody explained yet (baseline update's placeholder reason).
  const unexplained = input.baseline
    ? unexplainedExpectations(input.baseline).filter((id) => expectedFailures.includes(id))
    : [];
  if (unexplained.length > 0) {
    reasons.push(
      `${unexplained.length} expected failure(s) unexplained in the baseline (write their reason): ${unexplained.join(', ')}`,
    );
  }

  return {
    exitCode,
    status,
    ...(input.baselineFile ? { baselineFile: input.baselineFile } : {}),
    strict,
    newFailures,
    expectedFailures,
    unexpectedPasses,
    staleExpectations,
    reasons,
  };
}
