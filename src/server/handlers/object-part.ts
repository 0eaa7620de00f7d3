/**
 * Get/Head Object `?partNumber=N` (S3, and COS's S3-compatible API): the bytes of part N of an object assembled
 * by Complete, answered 206 with `Content-Range` and the number of parts in `x-cos-mp-parts-count` and
 * `x-amz-mp-parts-count`. An object stored by Put Object (or Copy) is one part. `partNumber` must be
 * `^[1-9][0-9]*$` within 1..10000 (else 400 InvalidArgument, as for Upload Part); a part the object does not have
 * is 416 InvalidPartNumber; `partNumber` together with a `Range` header is 400 InvalidRequest.
 */
import { LIMITS } from '../../spec/limits.ts';
import type { RequestContext } from '../http/context.ts';
import { cosError } from '../http/cos-error.ts';
import type { ByteRange } from '../http/range.ts';
import type { ObjectRecord } from '../state/objects.ts';

/** The part a request selects: its byte range and the headers that describe it. */
export interface PartSelection {
  range: ByteRange | undefined;
  headers: Record<string, string | undefined>;
}

/** The part `?partNumber=` selects, or undefined when the request does not ask for one. */
export function selectPart(ctx: RequestContext, object: ObjectRecord): PartSelection | undefined {
  if (!ctx.query.has('partNumber')) return undefined;
  const raw = ctx.query.single('partNumber');
  if (raw === undefined || !/^[1-9][0-9]*$/.test(raw) || Number(raw) > LIMITS.maxPartNumber) {
    throw cosError('InvalidArgument', `partNumber must be an integer from 1 to ${LIMITS.maxPartNumber}.`);
  }
  if (ctx.headers.range !== undefined) {
    throw cosError('InvalidRequest', 'Cannot specify both Range header and partNumber query parameter.');
  }
  const sizes = object.partSizes ?? [object.size];
  const partNumber = Number(raw);
  if (partNumber > sizes.length) throw cosError('InvalidPartNumber');
  const start = sizes.slice(0, partNumber - 1).reduce((sum, size) => sum + size, 0);
  const size = sizes[partNumber - 1];
  const count = object.partSizes === undefined ? undefined : String(sizes.length);
  return {
    range: size === 0 ? undefined : { start, end: start + size - 1 },
    headers: { 'x-cos-mp-parts-count': count, 'x-amz-mp-parts-count': count },
  };
}
