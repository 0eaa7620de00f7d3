/**
 * Abort Multipart Upload: `DELETE /<key>?uploadId=ID` (spec §2.6 [D7740]): the parts are deleted, later calls
 * (Upload Part, List Parts, Complete, Abort) get 404 NoSuchUpload; 204 with an empty body. An Upload Part still
 * in flight finds the upload gone when it commits and stores nothing.
 */
import type { RequestContext } from '../http/context.ts';
import { sendEmpty } from '../http/respond.ts';
import { requireBucket, requireUpload } from './lookup.ts';

export async function abortMultipartUpload(ctx: RequestContext): Promise<void> {
  requireBucket(ctx);
  const upload = requireUpload(ctx);
  upload.status = 'aborted';
  upload.discardParts();
  ctx.server.uploads.remove(upload.uploadId);
  sendEmpty(ctx.res, ctx.server.behaviour.abortStatus);
}
