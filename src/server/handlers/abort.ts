/**
 * Abort Multipart Upload: `DELETE /<key>?uploadId=ID` (spec §2.6 [D7740]): the parts are deleted, later calls
 * (Upload Part, List Parts, Complete, Abort) get 404 NoSuchUpload; 204 with an empty body. An Upload Part still
 * in flight finds the upload gone when it commits and stores nothing.
 */
import type { RequestContext } from '../http/context.ts';
import type { Upload } from '../state/uploads.ts';
import { sendEmpty } from '../http/respond.ts';
import { findUpload, requireBucket, requireUpload } from './lookup.ts';

export async function abortMultipartUpload(ctx: RequestContext): Promise<void> {
  const { behaviour } = ctx.server;
  requireBucket(ctx);
  // abortAfterCompleteSucceeds (a conformant variant under S3): Abort of a completed upload changes nothing.
  if (behaviour.abortAfterCompleteSucceeds && findUpload(ctx, ['completed'])) {
    sendEmpty(ctx.res, behaviour.abortStatus);
    return;
  }
  const upload = await abortUpload(ctx);
  ctx.server.uploads.remove(upload.uploadId);
  sendEmpty(ctx.res, behaviour.abortStatus);
}

/** Ends the upload the request names as aborted (its parts deleted); it stays in the registry until removed. */
export async function abortUpload(ctx: RequestContext): Promise<Upload> {
  const upload = requireUpload(ctx);
  await upload.end('aborted');
  return upload;
}
