/** The out-of-order scenario arbitrary: every generated case is really out of order, at every seed. */
import fc from 'fast-check';
import { describe, expect, test } from 'vitest';
import { outOfOrderArb, permutationArb, permutedSizesArb } from '../../src/model/arbitraries.ts';

const isIdentity = (p: readonly number[]) => p.every((v, i) => v === i);

describe('out-of-order cases', () => {
  test('a plain permutation can be the identity (which would hide upload-order assembly)', () => {
    const samples = fc.sample(permutationArb(2), { seed: 1, numRuns: 50 });
    expect(samples.some(isIdentity)).toBe(true);
  });

  test('never send the parts in part-number order, whatever the seed, and stay permutations', () => {
    fc.assert(
      fc.property(fc.integer({ min: 2, max: 8 }).chain(outOfOrderArb), (p) => {
        expect([...p].sort((a, b) => a - b)).toEqual(p.map((_, i) => i));
        expect(isIdentity(p)).toBe(false);
      }),
      { numRuns: 500 },
    );
    for (const seed of [1, 2, 3, 4, 5]) {
      for (const tier of ['quick', 'full'] as const) {
        for (const c of fc.sample(permutedSizesArb(1_048_576, tier), { seed, numRuns: 25 })) {
          expect(c.order.length).toBeGreaterThanOrEqual(2);
          expect(isIdentity(c.order), `seed ${seed}: [${c.order.join(', ')}]`).toBe(false);
        }
      }
    }
  });
});
