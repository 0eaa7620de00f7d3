/**
 * Put Object: `PUT /<key>` (the simple upload the harness uses for setup and comparisons). Same body rules as
 * Upload Part (411, EntityTooLarge, InvalidDigest before the body; IncompleteBody, BadDigest after), received where the
 * store puts bytes (src/server/storage/disk-store.ts); answers 200 with `ETag: "<md5>"` and `x-cos-hash-crc64ecma` (spec §5.3 lists Put Object among the CRC
 * APIs).
 */
import type { RequestContext } from '../http/context.ts';
import { sendEmpty } from '../http/respond.ts';
import { checkUploadHeaders, contentTypeOf, serverSideEncryptionOf, userMetadataOf } from './headers-in.ts';
import { requireBucket } from './lookup.ts';
import { receiveCheckedBody } from './receive-checked.ts';

export async function putObject(ctx: RequestContext): Promise<void> {
  const { behaviour, store } = ctx.server;
  requireBucket(ctx);
  const serverSideEncryption = serverSideEncryptionOf(ctx);
  const { contentMd5, plan } = checkUploadHeaders(ctx, behaviour.maxPartSize);
  const body = await receiveCheckedBody(ctx, contentMd5, 'objects', plan);
  const file = await store.commit(body.pending, 'objects');
  const bucket = requireBucket(ctx);
  const etag = behaviour.objectEtag(body.digest.md5Hex);
  await bucket.objects.put({
    key: ctx.address.key,
    file,
    size: body.digest.size,
    etag,
    crc64: body.digest.crc64,
    contentType: contentTypeOf(ctx),
    lastModified: new Date(),
    userMetadata: userMetadataOf(ctx),
    ...(serverSideEncryption !== undefined ? { serverSideEncryption } : {}),
  });
  sendEmpty(ctx.res, 200, {
    ...body.echo,
    ETag: etag,
    'x-cos-hash-crc64ecma': behaviour.crc64Header(body.digest.crc64, 'object'),
    [ctx.server.behaviour.sseHeader]: serverSideEncryption,
  });
}
