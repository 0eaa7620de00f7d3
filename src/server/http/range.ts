/**
 * `Range: bytes=…` of Get Object (RFC 9110 §14): `a-b`, `a-` and `-n`, one range only. A header that is not a
 * single byte range is ignored (the whole object is served, 200); a syntactically valid range that selects no byte
 * is 416 InvalidRange (spec §4.2 [FLARE]) with `Content-Range: bytes *\/<size>`.
 */
import { CosError } from './cos-error.ts';

/** An inclusive byte range within the object. */
export interface ByteRange {
  start: number;
  end: number;
}

/** The range to serve, or undefined for the whole object. Throws 416 InvalidRange when unsatisfiable. */
export function parseRange(header: string | undefined, size: number): ByteRange | undefined {
  if (header === undefined) return undefined;
  const match = /^\s*bytes\s*=\s*(\d*)\s*-\s*(\d*)\s*$/i.exec(header);
  if (!match || (match[1] === '' && match[2] === '')) return undefined;
  if (match[1] === '') {
    const suffix = Number(match[2]);
    if (suffix === 0 || size === 0) throw unsatisfiable(size);
    return { start: Math.max(0, size - suffix), end: size - 1 };
  }
  const start = Number(match[1]);
  const last = match[2] === '' ? size - 1 : Number(match[2]);
  if (match[2] !== '' && last < start) return undefined;
  if (start >= size) throw unsatisfiable(size);
  return { start, end: Math.min(last, size - 1) };
}

function unsatisfiable(size: number): CosError {
  return new CosError('InvalidRange', { headers: { 'Content-Range': `bytes */${size}` } });
}
