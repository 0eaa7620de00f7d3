import { describe, expect, test } from 'vitest';
import type { CheckResult } from '../../src/checks/types.ts';
import { type CollectedTest, entriesFromTest, entryForModuleError } from '../../src/report/collect.ts';
import { ANY_UPLOAD_PART_CHECK, fallbackRunJudge, runScopedEntries } from '../../src/report/run-scope.ts';
import { CheckEntrySchema } from '../../src/report/results-schema.ts';
import { fakeExchange } from './fake-results.ts';

const base: CollectedTest = {
  file: 'specs/basics.spec.ts',
  name: 'basics.upload-part.etag-md5',
  fullName: 'basics > basics.upload-part.etag-md5',
  suite: 'basics',
  state: 'passed',
  errors: [],
};
const opts = { runSeed: 42, secrets: ['SeCrEtKeY123'] };

function result(outcome: CheckResult['outcome'], over: Partial<CheckResult> = {}): CheckResult {
  return { checkId: base.name, outcome, message: `it was ${outcome}`, exchanges: [], seed: 99, ...over };
}

describe('entriesFromTest', () => {
  test('one entry per attached CheckResult, with catalogue fields and the test identity', () => {
    const entries = entriesFromTest(
      { ...base, state: 'failed', checks: [result('fail', { exchanges: [fakeExchange()], replay: 'tok' })] },
      {
        ...opts,
        catalogue: (id) =>
          id === base.name
            ? {
                id,
                title: 'ETag is MD5',
                family: 'basics',
                severity: 'must',
                specRef: 'spec §2.2',
                tags: ['etag'],
              }
            : undefined,
      },
    );
    expect(entries).toHaveLength(1);
    const e = entries[0]!;
    expect(CheckEntrySchema.safeParse(e).success).toBe(true);
    expect(e).toMatchObject({
      checkId: base.name,
      title: 'ETag is MD5',
      outcome: 'fail',
      seed: 99,
      replay: 'tok',
    });
    expect(e.test).toMatchObject({ file: base.file, fullName: base.fullName });
    expect(e.evidence[0]!.requestLine).toBe('PUT /run/key?partNumber=1&uploadId=abc HTTP/1.1');
    expect(e.reproduction?.shell).toContain('$COS_AUTHORIZATION');
    expect(e.reproduction?.replay).toContain('--replay tok');
  });

  test('a passing verdict carries no reproduction', () => {
    const [e] = entriesFromTest({ ...base, checks: [result('pass', { exchanges: [fakeExchange()] })] }, opts);
    expect(e!.reproduction).toBeUndefined();
  });

  test('a failed test without a CheckResult is an error with the (redacted) vitest message', () => {
    const [e] = entriesFromTest(
      { ...base, state: 'failed', errors: [{ name: 'TypeError', message: 'boom SeCrEtKeY123\nstack' }] },
      opts,
    );
    expect(e).toMatchObject({ checkId: base.name, outcome: 'error', family: 'basics', seed: 42 });
    expect(e!.message).toBe('TypeError: boom <redacted>');
  });

  test('a skipped test keeps its skip note', () => {
    const [e] = entriesFromTest({ ...base, state: 'skipped', skipNote: 'full tier only' }, opts);
    expect(e).toMatchObject({ outcome: 'skip', message: 'full tier only' });
  });

  test('a test that failed after its checks passed gets an extra error entry', () => {
    const entries = entriesFromTest(
      {
        ...base,
        state: 'failed',
        errors: [{ message: 'afterEach cleanup failed' }],
        checks: [result('pass')],
      },
      opts,
    );
    expect(entries.map((e) => e.outcome)).toEqual(['pass', 'error']);
    expect(entries[1]!.message).toMatch(/after its checks were judged: afterEach cleanup failed/);
  });

  test('a module that failed to load is an error entry of the harness family', () => {
    const e = entryForModuleError(
      'specs/x.spec.ts',
      { name: 'SyntaxError', message: 'Unexpected token' },
      opts,
    );
    expect(e).toMatchObject({ checkId: 'module:specs/x.spec.ts', family: 'harness', outcome: 'error' });
  });
});

describe('run-scoped checks', () => {
  test('the fallback judge passes with one success and is indeterminate with none', () => {
    expect(fallbackRunJudge([{ attempted: 3, succeeded: 1 }], 1)[0]!.outcome).toBe('pass');
    expect(fallbackRunJudge([{ attempted: 3, succeeded: 0 }], 1)[0]!.outcome).toBe('indeterminate');
    expect(fallbackRunJudge([], 1)[0]!.message).toMatch(/no Upload Part was sent/);
  });

  test('entries sum every tally and name the pseudo file (run)', () => {
    const [e] = runScopedEntries(
      [
        { attempted: 2, succeeded: 0 },
        { attempted: 3, succeeded: 2 },
      ],
      { runSeed: 5 },
    );
    expect(e).toMatchObject({
      checkId: ANY_UPLOAD_PART_CHECK,
      outcome: 'pass',
      measured: { attempted: 5, succeeded: 2 },
    });
    expect(e!.test.file).toBe('(run)');
  });

  test('a throwing catalogue judge falls back instead of losing the verdict', () => {
    const [e] = runScopedEntries([{ attempted: 1, succeeded: 1 }], {
      runSeed: 5,
      judgeRun: () => {
        throw new Error('profile has no expectation');
      },
    });
    expect(e!.outcome).toBe('pass');
  });
});
