/**
 * The source of a copy (Upload Part - Copy, spec §2.3 [D8287]): `x-cos-copy-source` (COS form
 * `<bucket>-<appid>.cos.<region>.myqcloud.com/<key>`, or `<bucket>/<key>`) or `x-amz-copy-source` (S3 form
 * `[/]<bucket>/<key>`), URL-encoded; the optional `…-copy-source-range: bytes=first-last`; and the four
 * `…-copy-source-If-*` conditions (failure → 412 PreconditionFailed).
 */
import type { RequestContext } from '../http/context.ts';
import { cosError } from '../http/cos-error.ts';
import { virtualHostBucket } from '../http/addressing.ts';
import type { ObjectRecord } from '../state/objects.ts';

/** The request header prefixes of a copy: COS's and, under the S3-compatible profile, AWS's. */
const PREFIXES = ['x-cos-copy-source', 'x-amz-copy-source'] as const;

/** A copy-source header (`''`, `-range`, `-if-match`, …) in either spelling; undefined when absent. */
export function copySourceHeader(ctx: RequestContext, suffix = ''): string | undefined {
  for (const prefix of PREFIXES) {
    const value = ctx.headers[`${prefix}${suffix}`];
    if (value !== undefined) return value;
  }
  return undefined;
}

/** Whether the request names a copy source (it is a copy, not an upload). */
export function hasCopySource(ctx: RequestContext): boolean {
  return copySourceHeader(ctx) !== undefined;
}

/** Bucket and key of the copy source; 400 InvalidArgument when the header has neither form. */
export function parseCopySource(ctx: RequestContext): { bucket: string; key: string } {
  const raw = copySourceHeader(ctx) ?? '';
  const usage =
    'x-cos-copy-source must be <bucket>-<appid>.cos.<region>.myqcloud.com/<key> or <bucket>/<key>, URL-encoded.';
  const q = raw.indexOf('?');
  if (q !== -1) {
    if (/^versionId=/.test(raw.slice(q + 1))) {
      throw cosError('NotImplemented', 'Copying a version (versionId) is not implemented by this server.');
    }
    throw cosError('InvalidArgument', usage);
  }
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw.trim());
  } catch {
    throw cosError('InvalidArgument', usage);
  }
  const path = decoded.startsWith('/') ? decoded.slice(1) : decoded;
  const slash = path.indexOf('/');
  if (slash <= 0 || slash === path.length - 1) throw cosError('InvalidArgument', usage);
  const first = path.slice(0, slash);
  const bucket = (first.includes('.') ? virtualHostBucket(first) : undefined) ?? first;
  return { bucket, key: path.slice(slash + 1) };
}

/** An inclusive byte range of the source. */
export interface CopyRange {
  start: number;
  end: number;
}

/**
 * The `…-copy-source-range` of a source of `size` bytes, or undefined when absent (the whole object). Only
 * `bytes=first-last` with first ≤ last < size is a range; anything else is 400 InvalidArgument (S3 answers so:
 * "Range specified is not valid for source object of size").
 */
export function parseCopyRange(ctx: RequestContext, size: number): CopyRange | undefined {
  const header = copySourceHeader(ctx, '-range');
  if (header === undefined) return undefined;
  const m = /^bytes=(\d{1,15})-(\d{1,15})$/.exec(header.trim());
  const start = m ? Number(m[1]) : Number.NaN;
  const end = m ? Number(m[2]) : Number.NaN;
  if (!m || start > end || end >= size) {
    throw cosError(
      'InvalidArgument',
      `The copy source range must be bytes=first-last within the source object of size ${size}.`,
    );
  }
  return { start, end };
}

/**
 * The copy-source conditions (spec §2.3 [D8287]), combined as S3 does: If-Match decides alone when present (else
 * If-Unmodified-Since), If-None-Match decides alone when present (else If-Modified-Since). Dates are compared at
 * second precision; an unparsable date is ignored. A failed condition is 412 PreconditionFailed.
 */
export function checkCopyConditions(ctx: RequestContext, source: ObjectRecord): void {
  const ifMatch = copySourceHeader(ctx, '-if-match');
  const ifNoneMatch = copySourceHeader(ctx, '-if-none-match');
  const modifiedSec = Math.floor(source.lastModified.getTime() / 1000);
  const dateSec = (suffix: string): number | undefined => {
    const value = copySourceHeader(ctx, suffix);
    const ms = value === undefined ? Number.NaN : Date.parse(value);
    return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
  };
  const unmodifiedSince = dateSec('-if-unmodified-since');
  const modifiedSince = dateSec('-if-modified-since');
  const failed =
    (ifMatch !== undefined
      ? !etagListMatches(ifMatch, source.etag)
      : unmodifiedSince !== undefined && modifiedSec > unmodifiedSince) ||
    (ifNoneMatch !== undefined
      ? etagListMatches(ifNoneMatch, source.etag)
      : modifiedSince !== undefined && modifiedSec <= modifiedSince);
  if (failed) throw cosError('PreconditionFailed');
}

/** Whether a comma-separated list of ETags (quoted or not, or `*`) names `etag`. */
function etagListMatches(list: string, etag: string): boolean {
  const bare = (e: string) => e.trim().replace(/^W\//, '').replace(/^"|"$/g, '');
  return list.split(',').some((e) => e.trim() === '*' || bare(e) === bare(etag));
}
