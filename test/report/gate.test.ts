import { describe, expect, test } from 'vitest';
import { computeGate } from '../../src/report/gate.ts';
import { EXIT } from '../../src/report/exit-codes.ts';
import type { Baseline } from '../../src/report/baseline.ts';
import { fakeEntry } from './fake-results.ts';

const healthy = { uploadPart: { attempted: 4, succeeded: 4 }, interrupted: false };
const baseline = (...ids: string[]): Baseline => ({
  formatVersion: 1,
  profile: 'cos',
  expectedFailures: ids.map((checkId) => ({ checkId })),
});

describe('computeGate', () => {
  test('all passing (skips aside) is 0, conformant', () => {
    const g = computeGate({
      checks: [fakeEntry('a.x', 'pass'), fakeEntry('a.y', 'skip')],
      summary: healthy,
    });
    expect(g.exitCode).toBe(EXIT.OK);
    expect(g.status).toBe('conformant');
    expect(g.newFailures).toEqual([]);
  });

  test('an indeterminate check without any failure is 3, never a silent pass', () => {
    const g = computeGate({
      checks: [fakeEntry('a.x', 'pass'), fakeEntry('a.y', 'skip'), fakeEntry('a.z', 'indeterminate')],
      summary: healthy,
    });
    expect(g.exitCode).toBe(EXIT.INCONCLUSIVE);
    expect(g.status).toBe('inconclusive');
    expect(g.reasons.join(' ')).toContain('indeterminate');
  });

  test('a fail or an error without a baseline is 1 and names the checks', () => {
    const g = computeGate({
      checks: [fakeEntry('a.x', 'pass'), fakeEntry('a.y', 'fail'), fakeEntry('a.z', 'error')],
      summary: healthy,
    });
    expect(g.exitCode).toBe(EXIT.NONCONFORMANT);
    expect(g.status).toBe('nonconformant');
    expect(g.newFailures).toEqual(['a.y', 'a.z']);
  });

  test('only failures the baseline expects is 0, expected-failures-only', () => {
    const g = computeGate({
      checks: [fakeEntry('a.x', 'pass'), fakeEntry('a.y', 'fail')],
      summary: healthy,
      baseline: baseline('a.y'),
    });
    expect(g.exitCode).toBe(EXIT.OK);
    expect(g.status).toBe('expected-failures-only');
    expect(g.expectedFailures).toEqual(['a.y']);
  });

  test('a new failure beside expected ones is 1', () => {
    const g = computeGate({
      checks: [fakeEntry('a.x', 'fail'), fakeEntry('a.y', 'fail')],
      summary: healthy,
      baseline: baseline('a.y'),
    });
    expect(g.exitCode).toBe(EXIT.NONCONFORMANT);
    expect(g.newFailures).toEqual(['a.x']);
    expect(g.expectedFailures).toEqual(['a.y']);
  });

  test('an unexpected pass is reported, and fails the run only under strict', () => {
    const input = { checks: [fakeEntry('a.x', 'pass')], summary: healthy, baseline: baseline('a.x') };
    const lax = computeGate(input);
    expect(lax.exitCode).toBe(EXIT.OK);
    expect(lax.unexpectedPasses).toEqual(['a.x']);
    expect(lax.reasons.join(' ')).toMatch(/unexpected pass/);
    const strict = computeGate({ ...input, strict: true });
    expect(strict.exitCode).toBe(EXIT.NONCONFORMANT);
    expect(strict.strict).toBe(true);
  });

  test('a check judged by several tests fails when any of them fails', () => {
    const g = computeGate({ checks: [fakeEntry('a.x', 'pass'), fakeEntry('a.x', 'fail')], summary: healthy });
    expect(g.newFailures).toEqual(['a.x']);
  });

  test('baseline entries that did not run are stale', () => {
    const g = computeGate({
      checks: [fakeEntry('a.x', 'pass'), fakeEntry('a.s', 'skip')],
      summary: healthy,
      baseline: baseline('a.gone', 'a.s'),
    });
    expect(g.staleExpectations.sort()).toEqual(['a.gone', 'a.s']);
    expect(g.exitCode).toBe(EXIT.OK);
  });

  test('no Upload Part succeeding is 3, even with failures', () => {
    const g = computeGate({
      checks: [fakeEntry('a.x', 'fail'), fakeEntry('a.y', 'fail')],
      summary: { uploadPart: { attempted: 9, succeeded: 0 }, interrupted: false },
    });
    expect(g.exitCode).toBe(EXIT.INCONCLUSIVE);
    expect(g.status).toBe('inconclusive');
    expect(g.reasons[0]).toMatch(/no Upload Part succeeded/);
  });

  test('a run where no check ran, or only indeterminates, is 3', () => {
    expect(computeGate({ checks: [], summary: healthy }).exitCode).toBe(EXIT.INCONCLUSIVE);
    expect(computeGate({ checks: [fakeEntry('a.s', 'skip')], summary: healthy }).exitCode).toBe(
      EXIT.INCONCLUSIVE,
    );
    expect(
      computeGate({ checks: [fakeEntry('a.i', 'indeterminate'), fakeEntry('a.s', 'skip')], summary: healthy })
        .exitCode,
    ).toBe(EXIT.INCONCLUSIVE);
  });

  test('a run that sent no Upload Part is 3, unless it is one shard of several', () => {
    const none = { uploadPart: { attempted: 0, succeeded: 0 }, interrupted: false };
    const whole = computeGate({ checks: [fakeEntry('a.x', 'pass')], summary: none });
    expect(whole.exitCode).toBe(EXIT.INCONCLUSIVE);
    expect(whole.reasons[0]).toMatch(/no Upload Part was sent/);
    expect(computeGate({ checks: [fakeEntry('a.x', 'pass')], summary: none, shard: true }).exitCode).toBe(
      EXIT.OK,
    );
    // a failure found without any Upload Part is still a failure
    expect(computeGate({ checks: [fakeEntry('a.x', 'fail')], summary: none }).exitCode).toBe(
      EXIT.NONCONFORMANT,
    );
  });

  test('a replay of one generated case is judged by its verdict, not by the Upload Part tallies', () => {
    const refused = { uploadPart: { attempted: 2, succeeded: 0 }, interrupted: false };
    expect(computeGate({ checks: [fakeEntry('a.x', 'fail')], summary: refused }).exitCode).toBe(
      EXIT.INCONCLUSIVE,
    );
    expect(computeGate({ checks: [fakeEntry('a.x', 'fail')], summary: refused, replay: true }).exitCode).toBe(
      EXIT.NONCONFORMANT,
    );
  });

  test('a run whose every check was skipped says so, whatever the run-scope check says', () => {
    const g = computeGate({
      checks: [
        fakeEntry('a.s', 'skip'),
        fakeEntry('run.upload-part.any-success', 'indeterminate', { family: 'run' }),
      ],
      summary: { uploadPart: { attempted: 0, succeeded: 0 }, interrupted: false },
    });
    expect(g.exitCode).toBe(EXIT.INCONCLUSIVE);
    expect(g.reasons[0]).toBe(
      'inconclusive: no check ran: every selected check was skipped (tier or profile; see each skip reason)',
    );
  });

  test('an interrupted run is 3 unless it already found a new failure', () => {
    const interrupted = { ...healthy, interrupted: true };
    expect(computeGate({ checks: [fakeEntry('a.x', 'pass')], summary: interrupted }).exitCode).toBe(
      EXIT.INCONCLUSIVE,
    );
    expect(computeGate({ checks: [fakeEntry('a.x', 'fail')], summary: interrupted }).exitCode).toBe(
      EXIT.NONCONFORMANT,
    );
  });
});
