/**
 * Abort Multipart Upload: `DELETE /<key>?uploadId=ID` (spec §2.6 [D7740]): the parts are deleted, later calls
 * (Upload Part, List Parts, Complete, Abort) get 404 NoSuchUpload; 204 with an empty body. An Upload Part still
 * in flight finds the upload gone when it commits and stores nothing.
 */
import { writeFile } from 'node:fs/promises';
import { quotedMd5Etag } from '../behaviour.ts';
import type { RequestContext } from '../http/context.ts';
import { sendEmpty } from '../http/respond.ts';
import type { Bucket } from '../state/buckets.ts';
import type { Upload } from '../state/uploads.ts';
import { findUpload, requireBucket, requireUpload } from './lookup.ts';

/** MD5 of zero bytes. */
const EMPTY_MD5 = 'd41d8cd98f00b204e9800998ecf8427e';

export async function abortMultipartUpload(ctx: RequestContext): Promise<void> {
  const { behaviour } = ctx.server;
  const bucket = requireBucket(ctx);
  // abortAfterCompleteSucceeds (a conformant variant under S3): Abort of a completed upload changes nothing.
  if (behaviour.abortAfterCompleteSucceeds && findUpload(ctx, ['completed'])) {
    sendEmpty(ctx.res, behaviour.abortStatus);
    return;
  }
  const upload = requireUpload(ctx);
  if (behaviour.abortEndsUpload) {
    await upload.end('aborted');
    // abortRemovesFromListing=false (mutant): the aborted upload stays in the registry, and so in the listing.
    if (behaviour.abortRemovesFromListing) ctx.server.uploads.remove(upload.uploadId);
  }
  if (!behaviour.abortLeavesKeyUntouched) await storeEmptyObject(ctx, bucket, upload);
  sendEmpty(ctx.res, behaviour.abortStatus);
}

/** Mutant `abortLeavesKeyUntouched: false`: an empty object replaces whatever was at the key. */
async function storeEmptyObject(ctx: RequestContext, bucket: Bucket, upload: Upload): Promise<void> {
  const tempPath = ctx.server.store.tempPath();
  await writeFile(tempPath, '', { flag: 'wx' });
  const file = await ctx.server.store.commit(tempPath, 'objects');
  await bucket.objects.put({
    key: upload.key,
    file,
    size: 0,
    etag: quotedMd5Etag(EMPTY_MD5),
    crc64: '0',
    contentType: upload.attributes.contentType,
    lastModified: new Date(),
    userMetadata: upload.attributes.userMetadata,
  });
}
