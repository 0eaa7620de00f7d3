import { describe, expect, it } from 'vitest';
import { FaultProxyError } from '../../src/faults/errors.ts';
import { everyOp, faultPlan, firstOp, nthOp, nthRequest, PlanState } from '../../src/faults/plan.ts';
import type { CosOpName } from '../../src/faults/cos-op.ts';
import type { FaultPlan, ProxiedRequest } from '../../src/faults/types.ts';

let seq = 0;
const reqOf = (op: CosOpName, method = 'PUT'): ProxiedRequest => {
  seq += 1;
  return { seq, connection: 1, method, target: '/k', path: '/k', query: {}, headers: {}, op };
};

function run(plan: FaultPlan, ops: CosOpName[]): string[] {
  seq = 0;
  const state = new PlanState(plan);
  return ops.map((op) => state.choose(reqOf(op)).spec.name);
}

const OPS: CosOpName[] = ['initiateMultipartUpload', 'uploadPart', 'uploadPart', 'listParts', 'uploadPart'];

describe('PlanState', () => {
  it('first / every / n-th of an operation, n-th request', () => {
    expect(run(faultPlan(firstOp('uploadPart', 'stall-response')), OPS)).toEqual([
      'pass',
      'stall-response',
      'pass',
      'pass',
      'pass',
    ]);
    expect(run(faultPlan(everyOp('uploadPart', 'stall-response')), OPS)).toEqual([
      'pass',
      'stall-response',
      'stall-response',
      'pass',
      'stall-response',
    ]);
    expect(run(faultPlan(nthOp('uploadPart', 2, 'stall-response')), OPS)).toEqual([
      'pass',
      'pass',
      'stall-response',
      'pass',
      'pass',
    ]);
    expect(run(faultPlan(nthRequest(4, 'malformed-xml')), OPS)[3]).toBe('malformed-xml');
  });

  it('first matching rule with budget wins; otherwise applies to the rest', () => {
    const plan: FaultPlan = {
      rules: [
        everyOp('uploadPart', 'status-500-xml', { times: 1 }),
        { match: { method: 'put' }, fault: 'status-503-xml' },
      ],
      otherwise: 'status-500-empty',
    };
    expect(run(plan, OPS)).toEqual([
      'status-503-xml',
      'status-500-xml',
      'status-503-xml',
      'status-503-xml',
      'status-503-xml',
    ]);
    const plan2: FaultPlan = { rules: [everyOp('listParts', 'pass')], otherwise: 'status-500-empty' };
    expect(run(plan2, OPS)).toEqual([
      'status-500-empty',
      'status-500-empty',
      'status-500-empty',
      'pass',
      'status-500-empty',
    ]);
  });

  it('reports which rule chose', () => {
    const state = new PlanState(
      faultPlan(everyOp('listParts', 'pass'), everyOp('uploadPart', 'stall-response')),
    );
    expect(state.choose(reqOf('uploadPart')).rule).toBe(1);
    expect(state.choose(reqOf('getObject')).rule).toBeUndefined();
  });

  it('validates faults, parameters, budgets and the time limit', () => {
    const bad: FaultPlan[] = [
      faultPlan({ fault: 'nope' as never }),
      faultPlan({ fault: { name: 'trickle-response', chunkBytes: 0 } }),
      faultPlan({ fault: { name: 'stall-response', holdMs: -1 } }),
      faultPlan({ fault: { name: 'pass', extra: 1 } as never }),
      faultPlan({ fault: 'pass', times: 1.5 }),
      { rules: [], faultTimeoutMs: 0 },
      { rules: 'x' as never },
    ];
    for (const plan of bad) {
      expect(() => new PlanState(plan)).toThrow(FaultProxyError);
    }
    expect(() => nthOp('uploadPart', 0, 'pass')).toThrow(FaultProxyError);
  });
});
