import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  COS_AUTH_FIELD_NAMES,
  parseCosAuthorization,
  parseCosAuthorizationQuery,
} from '../../src/sign/cos-authorization.ts';

/**
 * The reading parseCosAuthorization implements, written plainly: split on `&`, keep the parts with `=`, trim name
 * and value, and read the fields as a query-string signature's pairs are read.
 */
function splitReading(value: string) {
  const pairs: Array<[string, string]> = [];
  for (const part of value.trim().split('&')) {
    const eq = part.indexOf('=');
    if (eq !== -1) pairs.push([part.slice(0, eq).trim(), part.slice(eq + 1).trim()]);
  }
  return parseCosAuthorizationQuery(pairs);
}

const NAMES = [...Object.values(COS_AUTH_FIELD_NAMES), 'Q-AK', 'q-Signature', 'q-other', ''];
/** Authorization-like text: field names in any case, values with `=`, `;`, `%3B`, spaces, stray `&` and `=`. */
const segmentArb = fc.oneof(
  fc
    .tuple(
      fc.constantFrom(...NAMES),
      fc.constantFrom('=', ' = ', '=='),
      fc.string({ unit: fc.constantFrom(...'a1;%3B ='), maxLength: 6 }),
    )
    .map(([name, eq, value]) => `${name}${eq}${value}`),
  fc.string({ unit: fc.constantFrom(...'q-ak= &'), maxLength: 4 }),
);
const authorizationArb = fc.array(segmentArb, { maxLength: 10 }).map((segments) => segments.join('&'));

describe('parseCosAuthorization', () => {
  it('reads what splitting on & and = reads, whatever the text (property)', () => {
    fc.assert(
      fc.property(authorizationArb, (value) => {
        expect(parseCosAuthorization(value)).toEqual(splitReading(value));
      }),
      { numRuns: 2000 },
    );
  });
});
