/** Delete Object: `DELETE /<key>` (`?versionId=null` allowed, version-id.ts); 204 whether or not the key existed (as COS/S3). */
import type { RequestContext } from '../http/context.ts';
import { sendEmpty } from '../http/respond.ts';
import { requireBucket } from './lookup.ts';
import { requireNullVersionId } from './version-id.ts';

export async function deleteObject(ctx: RequestContext): Promise<void> {
  const bucket = requireBucket(ctx);
  requireNullVersionId(ctx);
  await bucket.objects.delete(ctx.address.key);
  sendEmpty(ctx.res, 204);
}
