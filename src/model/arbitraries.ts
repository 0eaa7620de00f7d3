/**
 * fast-check arbitraries for generated scenarios: part sizes that respect the profile's minimum for every
 * non-last part, permutations of part numbers, and the parameters of the model's commands.
 */
import fc from 'fast-check';
import type { Tier } from '../runner/context.ts';

/** Sizes of a multi-part upload: every non-last part ≥ `minPartSize`, the last part anything up to `maxLast`. */
export function partSizesArb(
  minPartSize: number,
  opts: { minParts: number; maxParts: number; maxExtra: number; maxLast: number },
): fc.Arbitrary<number[]> {
  return fc
    .tuple(
      fc.array(fc.nat({ max: opts.maxExtra }), {
        minLength: opts.minParts - 1,
        maxLength: opts.maxParts - 1,
      }),
      fc.integer({ min: 1, max: opts.maxLast }),
    )
    .map(([extras, last]) => [...extras.map((e) => minPartSize + e), last]);
}

/** A permutation of `0..n-1`. */
export function permutationArb(n: number): fc.Arbitrary<number[]> {
  const indices = Array.from({ length: n }, (_, i) => i);
  return fc.shuffledSubarray(indices, { minLength: n, maxLength: n });
}

/**
 * A permutation of `0..n-1` other than the identity (n ≥ 2): the identity is mapped to its reverse. An upload
 * sent in part-number order cannot tell part-number order from upload order, so every case must be out of order.
 */
export function outOfOrderArb(n: number): fc.Arbitrary<number[]> {
  return permutationArb(n).map((order) =>
    order.every((value, index) => value === index) ? [...order].reverse() : order,
  );
}

/** Sizes and the order to send them in: the scenario of the out-of-order family. */
export interface PermutedSizes {
  sizes: number[];
  /** Indices into `sizes` (part k is number k+1) in sending order; never ascending. */
  order: number[];
  seed: number;
}

/** Out-of-order scenarios sized for the tier: at least two parts, never sent in part-number order. */
export function permutedSizesArb(minPartSize: number, tier: Tier): fc.Arbitrary<PermutedSizes> {
  const maxParts = tier === 'full' ? 8 : 4;
  return partSizesArb(minPartSize, { minParts: 2, maxParts, maxExtra: 4096, maxLast: 70_000 }).chain(
    (sizes) =>
      fc.record({
        sizes: fc.constant(sizes),
        order: outOfOrderArb(sizes.length),
        seed: fc.nat({ max: 2 ** 31 - 1 }),
      }),
  );
}

/** Part numbers the model uses: mostly small (so re-uploads happen), the boundaries, and invalid ones. */
export function modelPartNumberArb(): fc.Arbitrary<number> {
  return fc.oneof(
    { weight: 8, arbitrary: fc.integer({ min: 1, max: 3 }) },
    { weight: 1, arbitrary: fc.constantFrom(1, 10_000) },
    { weight: 1, arbitrary: fc.integer({ min: 1, max: 10_000 }) },
    { weight: 1, arbitrary: fc.constantFrom(0, 10_001) },
  );
}

/** Part sizes the model uses: tiny (valid only last), exactly the minimum, a little above. */
export function modelPartSizeArb(minPartSize: number): fc.Arbitrary<number> {
  return fc.oneof(
    { weight: 2, arbitrary: fc.integer({ min: 0, max: 64 }) },
    { weight: 2, arbitrary: fc.constant(minPartSize) },
    { weight: 1, arbitrary: fc.integer({ min: minPartSize + 1, max: minPartSize + 512 }) },
  );
}

export type Md5Mode = 'none' | 'correct' | 'wrong';

export const md5ModeArb: fc.Arbitrary<Md5Mode> = fc.oneof(
  { weight: 3, arbitrary: fc.constant<Md5Mode>('none') },
  { weight: 2, arbitrary: fc.constant<Md5Mode>('correct') },
  { weight: 1, arbitrary: fc.constant<Md5Mode>('wrong') },
);

/** How a Complete list is built from the parts the model knows. */
export type CompleteKind = 'ordered' | 'unordered' | 'subset' | 'wrong-etag' | 'missing' | 'empty';

export const completeKindArb: fc.Arbitrary<CompleteKind> = fc.oneof(
  { weight: 3, arbitrary: fc.constant<CompleteKind>('ordered') },
  {
    weight: 5,
    arbitrary: fc.constantFrom<CompleteKind>('unordered', 'subset', 'wrong-etag', 'missing', 'empty'),
  },
);
