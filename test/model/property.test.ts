import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { decodeReplayToken } from '../../src/model/replay.ts';
import { runProperty } from '../../src/model/property.ts';
import { StepError } from '../../src/model/step-error.ts';

describe('runProperty', () => {
  const failing = {
    id: 'demo.check',
    seed: 42,
    numRuns: 200,
    timeLimitMs: 10_000,
    arbitrary: () => fc.array(fc.integer({ min: 0, max: 1000 })),
    async predicate(xs: number[]) {
      if (xs.some((x) => x >= 500)) throw new StepError('fail', `found ${xs.find((x) => x >= 500)}`);
    },
    describe: (xs: number[]) => `[${xs.join(',')}]`,
  };

  test('a failure is shrunk, described, and carries a token that replays exactly it', async () => {
    const r = await runProperty(failing);
    expect(r.failed).toBe(true);
    expect(r.failureOutcome).toBe('fail');
    expect(r.counterexample).toBe('[500]');
    expect(r.reason).toBe('found 500');
    const token = decodeReplayToken(r.replay!);
    expect(token.id).toBe('demo.check');
    const seen: string[] = [];
    const again = await runProperty({
      ...failing,
      seed: 1,
      replay: token,
      predicate: async (xs: number[]) => {
        seen.push(`[${xs.join(',')}]`);
        await failing.predicate(xs);
      },
    });
    expect(again.failed).toBe(true);
    expect(seen).toEqual(['[500]']);
  });

  test('the same seed gives the same cases; a passing property reports its runs', async () => {
    const runs: string[][] = [[], []];
    for (const k of [0, 1]) {
      const r = await runProperty({
        ...failing,
        numRuns: 20,
        predicate: async (xs: number[]) => {
          runs[k].push(xs.join(','));
        },
      });
      expect(r).toMatchObject({ failed: false, numRuns: 20 });
    }
    expect(runs[0]).toEqual(runs[1]);
  });

  test('a harness exception is an error outcome, a StepError keeps its outcome', async () => {
    const boom = await runProperty({
      ...failing,
      predicate: async () => {
        throw new Error('harness bug');
      },
    });
    expect(boom.failureOutcome).toBe('error');
    const reset = await runProperty({
      ...failing,
      predicate: async () => {
        throw new StepError('indeterminate', 'reset');
      },
    });
    expect(reset.failureOutcome).toBe('indeterminate');
  });
});
