/**
 * The copy source header of Copy Object, read: `x-cos-copy-source: <bucket>.cos.<region>.myqcloud.com/<key>`
 * (COS), or `x-amz-copy-source: [/]<bucket>/<key>` (S3 clients), the key percent-encoded, optionally followed by
 * `?versionId=<id>` (only `null` exists in an unversioned bucket). Anything else is 400 InvalidArgument.
 */
import type { RequestContext } from '../http/context.ts';
import { cosError } from '../http/cos-error.ts';
import { NULL_VERSION_ID } from './list-object-versions.ts';

/** The object a copy source names. */
export interface CopySource {
  bucket: string;
  key: string;
}

export function parseCopySource(header: string): CopySource {
  const value = header.trim();
  const query = value.indexOf('?');
  const path = (query === -1 ? value : value.slice(0, query)).replace(/^\//, '');
  if (query !== -1) {
    const params = new URLSearchParams(value.slice(query + 1));
    const versionId = params.get('versionId');
    if ([...params.keys()].some((name) => name !== 'versionId') || versionId === null) {
      throw invalid('only ?versionId= may follow the key');
    }
    if (versionId !== NULL_VERSION_ID)
      throw invalid('the source bucket is not versioned: versionId must be null');
  }
  const slash = path.indexOf('/');
  if (slash <= 0 || slash === path.length - 1) throw invalid('expected <bucket>/<key>');
  const first = path.slice(0, slash);
  // `<bucket>.cos.<region>.myqcloud.com` names the bucket by its first label; a plain segment is the bucket.
  const bucket = first.includes('.') ? first.slice(0, first.indexOf('.')) : first;
  let key: string;
  try {
    key = decodeURIComponent(path.slice(slash + 1));
  } catch {
    throw invalid('the key is not valid percent-encoded UTF-8');
  }
  return { bucket, key };
}

function invalid(why: string): Error {
  return cosError('InvalidArgument', `Invalid copy source: ${why}.`);
}

/** An inclusive byte range of the source. */
export interface CopyRange {
  start: number;
  end: number;
}

/**
 * The `x-cos-copy-source-range` (or `x-amz-copy-source-range`) of a source of `size` bytes, or undefined when
 * absent (the whole object). Only `bytes=first-last` with first ≤ last < size is a range; anything else is
 * 400 InvalidArgument (S3 answers so: "Range specified is not valid for source object of size").
 */
export function parseCopyRange(ctx: RequestContext, size: number): CopyRange | undefined {
  const header = ctx.headers['x-cos-copy-source-range'] ?? ctx.headers['x-amz-copy-source-range'];
  if (header === undefined) return undefined;
  const match = /^bytes=(\d{1,15})-(\d{1,15})$/.exec(header.trim());
  const start = match ? Number(match[1]) : Number.NaN;
  const end = match ? Number(match[2]) : Number.NaN;
  if (!match || start > end || end >= size) {
    throw cosError(
      'InvalidArgument',
      `The copy source range must be bytes=first-last within the source object of size ${size}.`,
    );
  }
  return { start, end };
}
