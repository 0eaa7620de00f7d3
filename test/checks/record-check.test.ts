import { describe, expect, test } from 'vitest';
import { makeResult } from '../../src/checks/kit/define.ts';
import type { CheckResult } from '../../src/checks/types.ts';
import { CheckFailedError, formatFailure, recordCheck } from '../../specs/support/record-check.ts';
import { tallyUploadParts } from '../../specs/support/suite.ts';
import { err, ok } from './fixtures.ts';

class Skipped extends Error {}

function fakeContext() {
  const skips: string[] = [];
  const context = {
    task: { meta: {} as { cosChecks?: CheckResult[] } },
    skip: (note?: string) => {
      skips.push(note ?? '');
      throw new Skipped(note);
    },
  };
  return { context, skips };
}

describe('recordCheck', () => {
  test('pass records and returns', () => {
    const { context } = fakeContext();
    recordCheck(context as never, makeResult({ id: 'a.b' }, 1, 'pass', 'fine'));
    expect(context.task.meta.cosChecks?.map((r) => r.outcome)).toEqual(['pass']);
  });
  test('fail and error throw with the verdict and the replay token', () => {
    for (const outcome of ['fail', 'error'] as const) {
      const { context } = fakeContext();
      const r = makeResult({ id: 'a.b' }, 1, outcome, 'bad', {
        replay: 'TOKEN',
        exchanges: [err('NoSuchKey')],
      });
      expect(() => recordCheck(context as never, r)).toThrow(CheckFailedError);
      expect(context.task.meta.cosChecks).toHaveLength(1);
      expect(formatFailure(r)).toMatch(/--replay TOKEN/);
      expect(formatFailure(r)).toMatch(/404 NoSuchKey/);
    }
  });
  test('skip and indeterminate skip with the reason, never pass silently', () => {
    const { context, skips } = fakeContext();
    expect(() => recordCheck(context as never, makeResult({ id: 'a' }, 1, 'skip', 'tier'))).toThrow(Skipped);
    expect(() => recordCheck(context as never, makeResult({ id: 'a' }, 1, 'indeterminate', 'reset'))).toThrow(
      Skipped,
    );
    expect(skips).toEqual(['tier', 'indeterminate: reset']);
    expect(context.task.meta.cosChecks?.map((r) => r.outcome)).toEqual(['skip', 'indeterminate']);
  });
});

describe('tallyUploadParts', () => {
  test('counts Upload Part requests and their successes', () => {
    const list = [ok(), err('BadDigest'), { ...ok(), op: 'listParts' }];
    expect(tallyUploadParts(list)).toEqual({ attempted: 2, succeeded: 1 });
  });
});
