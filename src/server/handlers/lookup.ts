/** Finding the bucket and the upload a request names, with the COS errors for their absence (spec §2.2, §4.2). */
import type { RequestContext } from '../http/context.ts';
import { cosError } from '../http/cos-error.ts';
import type { Bucket } from '../state/buckets.ts';
import type { Upload, UploadStatus } from '../state/uploads.ts';

/** The request's bucket, or 404 NoSuchBucket. */
export function requireBucket(ctx: RequestContext): Bucket {
  const bucket = ctx.address.bucket === undefined ? undefined : ctx.server.buckets.get(ctx.address.bucket);
  if (!bucket) throw cosError('NoSuchBucket');
  return bucket;
}

/** 404 NoSuchUpload (code and status from the behaviour, spec §2.2 [D7750]). */
export function noSuchUpload(ctx: RequestContext): Error {
  const { noSuchUploadCode, noSuchUploadStatus } = ctx.server.behaviour;
  return cosError(noSuchUploadCode, undefined, noSuchUploadStatus);
}

/**
 * The upload named by `?uploadId=` when it belongs to this bucket and key and is in one of `statuses`; otherwise
 * NoSuchUpload: unknown id, an id of another key, after Abort, after Complete (spec §2.2, §2.6, §3).
 */
export function findUpload(
  ctx: RequestContext,
  statuses: readonly UploadStatus[] = ['open'],
): Upload | undefined {
  const uploadId = ctx.query.single('uploadId');
  if (uploadId === undefined || uploadId === '') return undefined;
  const upload = ctx.server.uploads.get(uploadId);
  if (!upload || upload.bucket !== ctx.address.bucket || upload.key !== ctx.address.key) return undefined;
  return statuses.includes(upload.status) ? upload : undefined;
}

/** {@link findUpload} or throw NoSuchUpload. */
export function requireUpload(ctx: RequestContext, statuses: readonly UploadStatus[] = ['open']): Upload {
  const upload = findUpload(ctx, statuses);
  if (!upload) throw noSuchUpload(ctx);
  return upload;
}
