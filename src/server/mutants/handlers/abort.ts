/** Broken Aborts: alternative handlers beside the conformant one of src/server/handlers/abort.ts. */
import { quotedMd5Etag } from '../../behaviour.ts';
import { abortMultipartUpload, abortUpload } from '../../handlers/abort.ts';
import { listUploadsIn } from '../../handlers/list-uploads.ts';
import type { Handler } from '../../http/context.ts';
import { requireBucket, requireUpload } from '../../handlers/lookup.ts';
import { sendEmpty } from '../../http/respond.ts';

/** MD5 of zero bytes. */
const EMPTY_MD5 = 'd41d8cd98f00b204e9800998ecf8427e';

/** Abort answers as it should and changes nothing: the upload and its parts live on. */
export const abortChangesNothing: Handler = async (ctx) => {
  requireBucket(ctx);
  requireUpload(ctx);
  sendEmpty(ctx.res, ctx.server.behaviour.abortStatus);
};

/** Abort stores an empty object at the key (replacing whatever was there), then aborts as it should. */
export const abortLeavesEmptyObject: Handler = async (ctx) => {
  const bucket = requireBucket(ctx);
  const upload = requireUpload(ctx);
  const file = await ctx.server.store.commit({ kind: 'memory', bytes: Buffer.alloc(0) }, 'objects');
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
  await abortMultipartUpload(ctx);
};

/** Abort ends the upload but keeps it in the registry (the conformant Abort removes it). */
export const abortKeepsUpload: Handler = async (ctx) => {
  requireBucket(ctx);
  await abortUpload(ctx);
  sendEmpty(ctx.res, ctx.server.behaviour.abortStatus);
};

/** List Multipart Uploads lists aborted uploads still in the registry along with the open ones. */
export const listUploadsWithAborted: Handler = async (ctx) => {
  listUploadsIn(ctx, ['open', 'completing', 'aborted']);
};
