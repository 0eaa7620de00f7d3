/**
 * Get Object and Head Object. Conditions first (conditions.ts: 304 Not Modified, 412 PreconditionFailed), then
 * `?partNumber=N` (object-part.ts) or `Range: bytes=a-b | a- | -n`: 206 with `Content-Range`; an unsatisfiable
 * range 416 InvalidRange (spec §4.2); other Range values are ignored (200, whole object). Headers: ETag,
 * Content-Type, Last-Modified, `x-cos-hash-crc64ecma` of the whole object (spec §5.3), user metadata under both
 * prefixes (user-metadata.ts), SSE (sse-in.ts; an SSE-C object is read only with its key, 400 without).
 * The bytes are streamed from the object's file, which stays readable even if the object is replaced meanwhile.
 */
import { pipeline } from 'node:stream/promises';
import type { RequestContext } from '../http/context.ts';
import { cosError } from '../http/cos-error.ts';
import { parseRange } from '../http/range.ts';
import { setHeaders } from '../http/respond.ts';
import type { ObjectRecord } from '../state/objects.ts';
import { evaluateConditions } from './conditions.ts';
import { requireBucket } from './lookup.ts';
import { selectPart } from './object-part.ts';
import { encryptionHeaders, requireCustomerKey } from './sse-in.ts';
import { metadataResponseHeaders } from './user-metadata.ts';
import { requireNullVersionId } from './version-id.ts';

export async function getObject(ctx: RequestContext): Promise<void> {
  await readObject(ctx, true);
}

export async function headObject(ctx: RequestContext): Promise<void> {
  await readObject(ctx, false);
}

async function readObject(ctx: RequestContext, withBody: boolean): Promise<void> {
  const bucket = requireBucket(ctx);
  requireNullVersionId(ctx);
  const object = bucket.objects.get(ctx.address.key);
  if (!object) throw cosError('NoSuchKey');
  requireCustomerKey(ctx, object, ctx.server.behaviour.requireCustomerKeyToRead);
  const verdict = evaluateConditions(ctx.headers, object);
  if (verdict === 'precondition-failed') throw cosError('PreconditionFailed');
  if (verdict === 'not-modified') {
    sendNotModified(ctx, object);
    return;
  }
  const part = selectPart(ctx, object);
  const parsed = withBody && !part ? parseRange(ctx.headers.range, object.size) : part?.range;
  // rangeEndInclusive=false (mutant): the last byte of `bytes=a-b` is left out, as if b were exclusive.
  const range =
    parsed && !part && !ctx.server.behaviour.rangeEndInclusive && parsed.end > parsed.start
      ? { start: parsed.start, end: parsed.end - 1 }
      : parsed;
  const { res } = ctx;
  setHeaders(res, objectHeaders(ctx, object));
  setHeaders(res, part?.headers ?? {});
  res.setHeader('Accept-Ranges', 'bytes');
  const start = range?.start ?? 0;
  const end = range?.end ?? object.size - 1;
  res.statusCode = range ? 206 : 200;
  if (range) res.setHeader('Content-Range', `bytes ${start}-${end}/${object.size}`);
  res.setHeader('Content-Length', object.size === 0 || (part && !range) ? 0 : end - start + 1);
  if (!withBody) {
    res.end();
    return;
  }
  if (object.size === 0 || (part && !range)) {
    res.end();
    return;
  }
  const release = object.file.acquire();
  try {
    await pipeline(object.file.readStream({ start, end }), res);
  } finally {
    release();
  }
}

function objectHeaders(ctx: RequestContext, object: ObjectRecord): Record<string, string | undefined> {
  return {
    ETag: object.etag,
    'Content-Type': object.contentType,
    'Last-Modified': object.lastModified.toUTCString(),
    'x-cos-hash-crc64ecma': ctx.server.behaviour.crc64Header(object.crc64, 'object'),
    ...encryptionHeaders(ctx.server.behaviour, object, ctx.server.behaviour.objectShowsEncryption),
    ...metadataResponseHeaders(object.userMetadata),
  };
}

/** 304: no body; the validators and the request id only (RFC 9110 §15.4.5). */
function sendNotModified(ctx: RequestContext, object: ObjectRecord): void {
  ctx.res.statusCode = 304;
  ctx.res.setHeader('ETag', object.etag);
  ctx.res.setHeader('Last-Modified', object.lastModified.toUTCString());
  ctx.res.end();
}
