/**
 * Initiate Multipart Upload: `POST /<key>?uploads` (spec §2.1 [D7746]). Records Content-Type, `x-cos-meta-*`,
 * storage class and encryption (sse-in.ts) for the object-to-be; answers `InitiateMultipartUploadResult` (no declaration, no
 * namespace, as the doc example). A missing Content-Type is accepted (§2.1 note: the Node SDK sends an empty one).
 */
import { buildInitiateResult } from '../../xml/initiate.ts';
import type { RequestContext } from '../http/context.ts';
import { sendXml } from '../http/respond.ts';
import { contentTypeOf, userMetadataOf } from './headers-in.ts';
import { requireBucket } from './lookup.ts';
import { encryptionHeaders, encryptionOfInitiate } from './sse-in.ts';

export async function initiateMultipartUpload(ctx: RequestContext): Promise<void> {
  const bucket = requireBucket(ctx);
  const encryption = encryptionOfInitiate(ctx);
  const upload = await ctx.server.uploads.create(bucket.name, ctx.address.key, {
    contentType: contentTypeOf(ctx),
    userMetadata: userMetadataOf(ctx),
    storageClass: ctx.headers['x-cos-storage-class'] ?? 'STANDARD',
    ...encryption,
  });
  const xml = buildInitiateResult({ bucket: bucket.name, key: upload.key, uploadId: upload.uploadId });
  const { behaviour } = ctx.server;
  sendXml(ctx.res, 200, xml, encryptionHeaders(behaviour, encryption, behaviour.echoServerSideEncryption));
}
