import { timingSafeEqual } from 'node:crypto';

/**
 * Compares a received signature with the expected one in time independent of where they differ. Hex signatures
 * are compared case-insensitively. Strings of different length never match (the length is not secret).
 */
export function signaturesEqual(received: string, expected: string): boolean {
  const a = Buffer.from(received.toLowerCase(), 'utf8');
  const chunk = Buffer.from(expected.toLowerCase(), 'utf8');
  if (a.length !== chunk.length) {
    timingSafeEqual(chunk, chunk);
    return false;
  }
  return timingSafeEqual(a, chunk);
}

/** Compares two digests byte for byte in time independent of where they differ (different lengths never match). */
export function digestsEqual(received: Uint8Array, expected: Uint8Array): boolean {
  if (received.length !== expected.length) {
    timingSafeEqual(expected, expected);
    return false;
  }
  return timingSafeEqual(received, expected);
}

/** Compares two secrets (security tokens) byte for byte, case-sensitively, in time independent of where they differ. */
export function secretsEqual(received: string, expected: string): boolean {
  const a = Buffer.from(received, 'utf8');
  const b = Buffer.from(expected, 'utf8');
  if (a.length !== b.length) {
    timingSafeEqual(b, b);
    return false;
  }
  return timingSafeEqual(a, b);
}
