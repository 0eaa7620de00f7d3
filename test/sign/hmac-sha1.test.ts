import { createHmac } from 'node:crypto';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { hmacSha1, hmacSha1Hex } from '../../src/sign/hmac-sha1.ts';

/** Keys as the signers use them (40 hex digits), short and long ASCII, non-ASCII, and longer than a block. */
const keyArb = fc.oneof(
  fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 40, maxLength: 40 }),
  fc.string({ maxLength: 80 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 70 }),
);
const messageArb = fc.oneof(fc.string({ maxLength: 200 }), fc.string({ unit: 'binary', maxLength: 200 }));

function reference(key: string, message: string): Buffer {
  return createHmac('sha1', key).update(message, 'utf8').digest();
}

describe('hmacSha1', () => {
  it('equals createHmac for any key and message, repeated keys included (property)', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(keyArb, messageArb), { minLength: 1, maxLength: 6 }), (cases) => {
        // The same keys again: the second round uses the kept pads.
        for (const [key, message] of [...cases, ...cases]) {
          const expected = reference(key, message);
          expect(hmacSha1(key, message).equals(expected)).toBe(true);
          expect(hmacSha1Hex(key, message)).toBe(expected.toString('hex'));
        }
      }),
      { numRuns: 500 },
    );
  });

  it("gives the RFC 2202 results (test cases 1 and 2) and createHmac's for keys longer than a block", () => {
    expect(hmacSha1Hex('\x0b'.repeat(20), 'Hi There')).toBe('b617318655057264e28bc0b6fb378c8ef146be00');
    expect(hmacSha1Hex('Jefe', 'what do ya want for nothing?')).toBe(
      'effcdf6ae5eb2fa2d27416d5f184df9c259a7c79',
    );
    for (const key of ['k'.repeat(65), '腾'.repeat(22), 'x'.repeat(64)]) {
      expect(hmacSha1Hex(key, 'message')).toBe(reference(key, 'message').toString('hex'));
    }
  });
});
