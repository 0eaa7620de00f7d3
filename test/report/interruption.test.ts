import { describe, expect, test } from 'vitest';
import { CHECKS } from '../../src/checks/registry.ts';
import { EXIT } from '../../src/report/exit-codes.ts';
import { computeGate } from '../../src/report/gate.ts';
import { markInterrupted, notRunEntries } from '../../src/report/interruption.ts';
import { CheckEntrySchema } from '../../src/report/results-schema.ts';
import { fakeEntry } from './fake-results.ts';

const uploadPart = { attempted: 3, succeeded: 3 };

describe('an interrupted run', () => {
  test('gates on the signal: 130 for SIGINT, 143 for SIGTERM, status interrupted, failures still named', () => {
    const checks = [
      fakeEntry('a.pass', 'pass'),
      fakeEntry('a.fail', 'fail'),
      fakeEntry('a.cut', 'skip', { interrupted: true }),
    ];
    for (const signal of ['SIGINT', 'SIGTERM'] as const) {
      const gate = computeGate({ checks, summary: { uploadPart, interrupted: true, interruptedBy: signal } });
      expect(gate.exitCode).toBe(signal === 'SIGINT' ? 130 : 143);
      expect(gate.exitCode).toBe(EXIT[signal]);
      expect(gate.status).toBe('interrupted');
      expect(gate.reasons[0]).toBe(`interrupted by ${signal}: 1 check(s) were stopped or never started`);
      expect(gate.reasons).toContain('1 check(s) failed before the interruption');
    }
  });

  test('without a signal (the suite stopped early) it stays inconclusive', () => {
    const gate = computeGate({
      checks: [fakeEntry('a.pass', 'pass')],
      summary: { uploadPart, interrupted: true },
    });
    expect(gate.exitCode).toBe(EXIT.INCONCLUSIVE);
    expect(gate.reasons.join(' ')).toMatch(/interrupted/);
  });

  test('an error or indeterminate that ended after the stop is no verdict: skip, marked, no replay', () => {
    const cut = markInterrupted(
      fakeEntry('a.model', 'error', {
        message: 'AbortError: This operation was aborted',
        replay: '1:2:3',
        reproduction: { exchangeSeq: 1, shell: 'curl …', replay: 'cos-conformance run --replay 1:2:3' },
      }),
      'SIGINT',
      true,
    );
    expect(cut).toMatchObject({ outcome: 'skip', interrupted: true });
    expect(cut.message).toBe(
      'not judged: the run was interrupted (SIGINT) while it ran (it had reported error: AbortError: This operation was aborted)',
    );
    expect(cut.replay).toBeUndefined();
    expect(cut.reproduction).toBeUndefined();
    expect(CheckEntrySchema.parse(cut)).toEqual(cut);
  });

  test('pass, fail and a skip with its own reason stay as judged; a never-started skip is marked', () => {
    for (const outcome of ['pass', 'fail'] as const) {
      const e = fakeEntry('a.x', outcome);
      expect(markInterrupted(e, 'SIGTERM', true)).toBe(e);
    }
    const tier = fakeEntry('a.full', 'skip', { message: 'runs in the full tier only' });
    expect(markInterrupted(tier, 'SIGTERM', true)).toBe(tier);
    expect(markInterrupted(fakeEntry('a.q', 'skip'), 'SIGTERM', false)).toMatchObject({
      interrupted: true,
      message: 'not run: the run was interrupted (SIGTERM) before it started',
    });
  });

  test('the selected checks without an entry are listed as not run, run-scope checks excepted', () => {
    const selected = CHECKS.slice(0, 4);
    const present = [fakeEntry(selected[0]!.id, 'pass')];
    const entries = notRunEntries(
      [...selected, ...CHECKS.filter((c) => c.scope === 'run')],
      present,
      7,
      'SIGINT',
    );
    expect(entries.map((e) => e.checkId)).toEqual(selected.slice(1).map((c) => c.id));
    for (const e of entries) {
      expect(CheckEntrySchema.parse(e)).toEqual(e);
      expect(e).toMatchObject({ outcome: 'skip', interrupted: true, seed: 7 });
    }
  });
});
