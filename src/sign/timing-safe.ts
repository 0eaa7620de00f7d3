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
