/**
 * Turning a check result into a vitest outcome, never silently: the result is pushed onto
 * `task.meta.cosChecks` (what the reporter writes), then `pass` returns, `fail` and `error` throw (the test
 * fails), `skip` skips with its reason and `indeterminate` skips with "indeterminate: <reason>" (the result in
 * meta still says indeterminate, so the reporter counts it as such).
 */
import type { TestContext } from 'vitest';
import { describeExchange } from '../../src/checks/kit/describe.ts';
import type { CheckResult } from '../../src/checks/types.ts';

/** Thrown for a `fail` or `error` result: its message is what the console and junit show. */
export class CheckFailedError extends Error {
  readonly code = 'CHECK_FAILED';
  override readonly name = 'CheckFailedError';
  readonly result: CheckResult;
  constructor(result: CheckResult) {
    super(formatFailure(result));
    this.result = result;
  }
}

/** The failure text: verdict, expected/observed, replay token, and the last exchanges (already redacted). */
export function formatFailure(result: CheckResult): string {
  const lines = [`${result.checkId}: ${result.outcome}: ${result.message}`];
  if (result.expected !== undefined) lines.push(`  expected: ${result.expected}`);
  if (result.observed !== undefined && !result.message.includes(result.observed))
    lines.push(`  observed: ${result.observed}`);
  if (result.replay) lines.push(`  replay:   cos-conformance run --replay ${result.replay}`);
  const shown = result.exchanges.slice(-6);
  if (shown.length > 0) {
    lines.push('  exchanges:');
    for (const ex of shown) lines.push(`    #${ex.seq} ${describeExchange(ex)}`);
  }
  return lines.join('\n');
}

/** Records `result` on the test and ends the test accordingly. */
export function recordCheck(context: Pick<TestContext, 'task' | 'skip'>, result: CheckResult): void {
  const meta = context.task.meta;
  meta.cosChecks ??= [];
  meta.cosChecks.push(result);
  switch (result.outcome) {
    case 'pass':
      return;
    case 'skip':
      context.skip(result.message);
      return;
    case 'indeterminate':
      context.skip(`indeterminate: ${result.message}`);
      return;
    case 'fail':
    case 'error':
      throw new CheckFailedError(result);
  }
}
