/**
 * Copy Object: `PUT /<key>` with `x-cos-copy-source` or `x-amz-copy-source` (copy-source.ts). Judged whole
 * before a byte is written: source bucket (404 NoSuchBucket) and object (404 NoSuchKey), the copy-source
 * conditions (412 PreconditionFailed, conditions.ts), the metadata directive (`x-cos-metadata-directive` /
 * `x-amz-metadata-directive`: `Copy` (default) keeps the source's Content-Type and user metadata, `Replaced` /
 * `REPLACE` takes the request's; anything else 400 InvalidArgument), a copy onto itself that changes nothing
 * (400 InvalidRequest), a source above 5 GiB (400 InvalidRequest), a request with a body (400 InvalidRequest).
 * The bytes are streamed from the source file into a new file (hashed on the way: MD5 ETag, CRC-64), never held
 * in memory; the destination is swapped in only once the copy is whole. Answers `CopyObjectResult`.
 */
import { LIMITS } from '../../spec/limits.ts';
import { buildXml } from '../../xml/build.ts';
import type { RequestContext } from '../http/context.ts';
import { cosError } from '../http/cos-error.ts';
import { sendXml } from '../http/respond.ts';
import { copySourceOf } from '../http/route.ts';
import type { ObjectRecord } from '../state/objects.ts';
import { receiveBody } from '../storage/receive.ts';
import { requireCopySourceConditions } from './conditions.ts';
import { parseCopySource } from './copy-source.ts';
import { contentTypeOf, serverSideEncryptionOf, userMetadataOf } from './headers-in.ts';
import { requireBucket } from './lookup.ts';

/** Largest source Copy Object takes (S3 and COS: 5 GB, larger objects are copied part by part). */
export const MAX_COPY_SOURCE_SIZE = LIMITS.maxPartSize;

export async function copyObject(ctx: RequestContext): Promise<void> {
  const { behaviour, store, buckets } = ctx.server;
  requireBucket(ctx);
  if (ctx.body.present) throw cosError('InvalidRequest', 'A copy request must not carry a body.');
  const source = parseCopySource(copySourceOf(ctx.headers) ?? '');
  const replace = metadataDirective(ctx) === 'replace';
  const serverSideEncryption = serverSideEncryptionOf(ctx);
  const from = buckets.get(source.bucket)?.objects.get(source.key);
  if (!buckets.get(source.bucket)) throw cosError('NoSuchBucket');
  if (!from) throw cosError('NoSuchKey');
  requireCopySourceConditions(ctx.headers, from);
  if (source.bucket === ctx.address.bucket && source.key === ctx.address.key && !replace) {
    throw cosError(
      'InvalidRequest',
      'This copy request is illegal because it is trying to copy an object to itself without changing the ' +
        "object's metadata, storage class, website redirect location or encryption attributes.",
    );
  }
  if (from.size > MAX_COPY_SOURCE_SIZE) {
    throw cosError(
      'InvalidRequest',
      `The specified copy source is larger than the maximum allowable size for a copy source: ${MAX_COPY_SOURCE_SIZE}`,
    );
  }
  const target = store.target('objects', from.size);
  const release = from.file.acquire();
  let copied: Awaited<ReturnType<typeof receiveBody>>;
  try {
    copied = await receiveBody(from.file.readStream(), target);
  } catch (err) {
    await store.discard(target);
    throw err;
  } finally {
    release();
  }
  if (!copied.complete || copied.digest.size !== from.size) {
    await store.discard(copied.pending);
    throw cosError('InternalError');
  }
  const file = await store.commit(copied.pending, 'objects');
  const bucket = requireBucket(ctx);
  const lastModified = new Date();
  const record: ObjectRecord = {
    key: ctx.address.key,
    file,
    size: copied.digest.size,
    etag: behaviour.objectEtag(copied.digest.md5Hex),
    crc64: copied.digest.crc64,
    contentType: replace ? contentTypeOf(ctx) : from.contentType,
    lastModified,
    userMetadata: replace ? userMetadataOf(ctx) : from.userMetadata,
    ...(serverSideEncryption !== undefined || from.serverSideEncryption !== undefined
      ? { serverSideEncryption: serverSideEncryption ?? from.serverSideEncryption }
      : {}),
  };
  await bucket.objects.put(record);
  const xml = buildXml('CopyObjectResult', {
    ETag: record.etag,
    LastModified: lastModified.toISOString(),
    CRC64: record.crc64,
  });
  sendXml(ctx.res, 200, xml, {
    'x-cos-hash-crc64ecma': behaviour.crc64Header(record.crc64, 'object'),
    [behaviour.sseHeader]: record.serverSideEncryption,
  });
}

/** `copy` (the default) or `replace`, from either header; COS spells them Copy/Replaced, S3 COPY/REPLACE. */
function metadataDirective(ctx: RequestContext): 'copy' | 'replace' {
  const value = ctx.headers['x-cos-metadata-directive'] ?? ctx.headers['x-amz-metadata-directive'];
  if (value === undefined) return 'copy';
  const normal = value.trim().toLowerCase();
  if (normal === 'copy') return 'copy';
  if (normal === 'replaced' || normal === 'replace') return 'replace';
  throw cosError('InvalidArgument', `Unknown metadata directive "${value}": use Copy or Replaced.`);
}
