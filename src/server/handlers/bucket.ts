/**
 * Put, Head and Delete Bucket. Names must have the COS form `<name>-<appid>` (spec §1.1) else 400
 * InvalidBucketName; creating an existing bucket is 409 BucketAlreadyExists; deleting a bucket that still holds
 * objects or unfinished multipart uploads is 409 BucketNotEmpty; Delete answers 204.
 */
import type { RequestContext } from '../http/context.ts';
import { BUCKET_NAME_PATTERN } from '../http/addressing.ts';
import { cosError } from '../http/cos-error.ts';
import { sendEmpty } from '../http/respond.ts';
import { requireBucket } from './lookup.ts';

export async function putBucket(ctx: RequestContext): Promise<void> {
  const name = ctx.address.bucket ?? '';
  if (!BUCKET_NAME_PATTERN.test(name)) throw cosError('InvalidBucketName');
  if (!(await ctx.server.buckets.create(name))) throw cosError('BucketAlreadyExists');
  sendEmpty(ctx.res, 200);
}

export async function headBucket(ctx: RequestContext): Promise<void> {
  requireBucket(ctx);
  sendEmpty(ctx.res, 200);
}

export async function deleteBucket(ctx: RequestContext): Promise<void> {
  const bucket = requireBucket(ctx);
  if (bucket.objects.size > 0 || ctx.server.uploads.inBucket(bucket.name).length > 0) {
    throw cosError('BucketNotEmpty');
  }
  await ctx.server.buckets.delete(bucket.name);
  sendEmpty(ctx.res, 204);
}
