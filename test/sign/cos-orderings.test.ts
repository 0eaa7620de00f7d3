import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareAscii, cosCanonicalName } from '../../src/sign/cos-algorithm.ts';
import { allOrderings, orderings, type SignedItem } from '../../src/sign/cos-orderings.ts';
import { queryPairs } from '../../src/sign/cos-sign.ts';
import { headersArb, queryRecordArb } from './arbitraries.ts';

/** Items as the verifier builds them: canonical name of the wire key, the key, the decoded value. */
function itemsOf(pairs: ReadonlyArray<readonly [string, string]>): SignedItem[] {
  return pairs.map(([key, value]) => ({ name: cosCanonicalName(key), key, value }));
}

/** Wire pairs in the order a client may send: as generated, sorted by canonical name, or by lower-cased key. */
const wirePairsArb = fc
  .tuple(
    fc.oneof(
      queryRecordArb.map((record) => queryPairs(record)),
      headersArb.map((headers) => Object.entries(headers)),
    ),
    fc.constantFrom('as-generated', 'by-name', 'by-lower-key'),
  )
  .map(([pairs, order]) => {
    if (order === 'by-name') {
      return [...pairs].sort(([a], [b]) => compareAscii(cosCanonicalName(a), cosCanonicalName(b)));
    }
    if (order === 'by-lower-key') {
      return [...pairs].sort(([a], [b]) => compareAscii(a.toLowerCase(), b.toLowerCase()));
    }
    return pairs;
  });

/** Items whose name need not derive from the key, with repeated names and case variants (the general case). */
const looseItemsArb = fc.array(
  fc.record({
    name: fc.string({ unit: fc.constantFrom(...'ab-%2f'), maxLength: 3 }),
    key: fc.string({ unit: fc.constantFrom(...'aAbB-/é'), maxLength: 3 }),
    value: fc.string({ unit: fc.constantFrom(...'a1 é😀'), maxLength: 3 }),
  }),
  { maxLength: 5 },
);

describe('orderings', () => {
  it('equals the full computation of the three orders for requests as clients send them (property)', () => {
    fc.assert(
      fc.property(wirePairsArb, (pairs) => {
        const items = itemsOf(pairs);
        expect(orderings(items)).toEqual(allOrderings(items));
      }),
      { numRuns: 500 },
    );
  });

  it('equals the full computation for any items, sorted or not (property)', () => {
    fc.assert(
      fc.property(looseItemsArb, fc.boolean(), (generated, sortByName) => {
        const items = sortByName ? [...generated].sort((a, b) => compareAscii(a.name, b.name)) : generated;
        expect(orderings(items)).toEqual(allOrderings(items));
      }),
      { numRuns: 1000 },
    );
  });

  it('gives one string for distinct names sent in order, and the Node order too when keys order otherwise', () => {
    const plain = itemsOf([
      ['partNumber', '1'],
      ['uploadId', 'a b'],
    ]);
    expect(orderings(plain)).toEqual(['partnumber=1&uploadid=a%20b']);
    // `a/` encodes to `a%2f`, before `a-` by canonical name but after it by lower-cased key (the Node SDK's order).
    const quirk = itemsOf([
      ['a/', '1'],
      ['a-', '2'],
    ]);
    expect(orderings(quirk)).toEqual(['a%2f=1&a-=2', 'a-=2&a%2f=1']);
    // A repeated name: the Go SDK orders its values, the doc keeps the wire order.
    const repeated = itemsOf([
      ['x', 'b'],
      ['x', 'a'],
    ]);
    expect(orderings(repeated)).toEqual(['x=b&x=a', 'x=a&x=b']);
  });
});
