/**
 * Upload Part - Copy: `PUT /<key>?partNumber=N&uploadId=ID` with `x-cos-copy-source` (or `x-amz-copy-source`)
 * and no body (spec §2.3 [D8287]). Refusals, all before a byte is copied: bucket (404 NoSuchBucket), part number
 * (400 InvalidArgument, as Upload Part), a body (400 InvalidRequest), the upload (404 NoSuchUpload), the source's
 * form (400 InvalidArgument), bucket (404 NoSuchBucket) and key (404 NoSuchKey), its conditions (412
 * PreconditionFailed) and range (400 InvalidArgument). The source bytes (the range, or the whole object) are streamed
 * from its file into a temp file, hashed on the way (MD5 + CRC-64), and committed as the part exactly like an uploaded
 * one, so Complete assembles it the same way. Answer: 200 `CopyPartResult` (ETag, LastModified) with
 * `x-cos-hash-crc64ecma` of the part (spec §5.3 [D40334]).
 */
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import type { RequestContext } from '../http/context.ts';
import { cosError } from '../http/cos-error.ts';
import { sendXml } from '../http/respond.ts';
import type { PartRecord } from '../state/uploads.ts';
import { receiveBody } from '../storage/receive.ts';
import { removeFile } from '../storage/stored-file.ts';
import { requireCopySourceConditions } from './conditions.ts';
import { parseCopyRange, parseCopySource } from './copy-source.ts';
import { copySourceOf } from '../http/route.ts';
import { findUpload, noSuchUpload, requireBucket, requireUpload } from './lookup.ts';
import { PART_NUMBER_MESSAGE } from './upload-part.ts';

export async function uploadPartCopy(ctx: RequestContext): Promise<void> {
  const { behaviour, store } = ctx.server;
  requireBucket(ctx);
  const rawPartNumber = ctx.query.single('partNumber');
  if (!behaviour.validatePartNumber(rawPartNumber)) throw cosError('InvalidArgument', PART_NUMBER_MESSAGE);
  const partNumber = Number(rawPartNumber);
  if (ctx.body.present) throw cosError('InvalidRequest', 'Upload Part - Copy takes no request body.');
  requireUpload(ctx);
  const { bucket: sourceBucketName, key: sourceKey } = parseCopySource(copySourceOf(ctx.headers) ?? '');
  const sourceBucket = ctx.server.buckets.get(sourceBucketName);
  if (!sourceBucket) throw cosError('NoSuchBucket', 'The copy source bucket does not exist.');
  const source = sourceBucket.objects.get(sourceKey);
  if (!source) throw cosError('NoSuchKey', 'The copy source object does not exist.');
  requireCopySourceConditions(ctx.headers, source);
  const range = parseCopyRange(ctx, source.size);

  const tempPath = store.tempPath();
  const release = source.file.acquire();
  let received: Awaited<ReturnType<typeof receiveBody>>;
  try {
    const bytes =
      source.size === 0
        ? Readable.from([])
        : createReadStream(source.file.path, {
            start: range?.start ?? 0,
            end: range?.end ?? source.size - 1,
          });
    received = await receiveBody(bytes, tempPath);
  } catch (err) {
    await removeFile(tempPath);
    throw err;
  } finally {
    release();
  }
  const expectedSize = range ? range.end - range.start + 1 : source.size;
  if (!received.complete || received.digest.size !== expectedSize) {
    await removeFile(tempPath);
    throw cosError('InternalError');
  }
  const file = await store.commit(tempPath, 'parts');
  // The upload may have been aborted or completed while the bytes were copied.
  const upload = findUpload(ctx);
  if (!upload) {
    file.retire();
    throw noSuchUpload(ctx);
  }
  const { digest } = received;
  const record: PartRecord = {
    partNumber,
    file,
    size: digest.size,
    md5Hex: digest.md5Hex,
    etag: behaviour.partEtag(digest.md5Hex),
    crc64: digest.crc64,
    lastModified: new Date(),
    sequence: upload.nextSequence(),
  };
  if (!(await upload.commitPart(record))) {
    file.retire();
    throw noSuchUpload(ctx);
  }
  const xml =
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<CopyPartResult><ETag>${record.etag}</ETag><LastModified>${record.lastModified.toISOString()}</LastModified></CopyPartResult>`;
  sendXml(ctx.res, 200, xml, {
    'x-cos-hash-crc64ecma': behaviour.crc64Header(digest.crc64, 'part'),
    [behaviour.sseHeader]: behaviour.echoServerSideEncryption
      ? upload.attributes.serverSideEncryption
      : undefined,
  });
}
