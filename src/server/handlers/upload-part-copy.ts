/**
 * Upload Part - Copy: `PUT /<key>?partNumber=N&uploadId=ID` with `x-cos-copy-source` (or `x-amz-copy-source`)
 * and no body (spec §2.3 [D8287]). Refusals, all before a byte is copied: bucket (404 NoSuchBucket), part number
 * (400 InvalidArgument, as Upload Part), a body (400 InvalidRequest), the upload (404 NoSuchUpload), the source's
 * form (400 InvalidArgument), bucket (404 NoSuchBucket) and key (404 NoSuchKey), its conditions (412
 * PreconditionFailed) and range (400 InvalidArgument). The source bytes (the range, or the whole object) are streamed
 * from its file into a temp file, hashed on the way (MD5 + CRC-64), and committed as the part exactly like an uploaded
 * one, so Complete assembles it the same way. Answer: 200 `CopyPartResult` (ETag, LastModified) with
 * `x-cos-hash-crc64ecma` of the part (spec §5.3 [D40334]).
 *
 * The handler is a sequence of exported steps (admit, find the source, check its conditions, read the range, copy,
 * commit, answer), so the mutants of src/server/mutants/handlers/upload-part-copy.ts can do one step wrong.
 */
import { Readable } from 'node:stream';
import type { BodyDigest } from '../../body/hashing.ts';
import type { RequestContext } from '../http/context.ts';
import { cosError } from '../http/cos-error.ts';
import { sendXml } from '../http/respond.ts';
import { copySourceOf } from '../http/route.ts';
import type { ObjectRecord } from '../state/objects.ts';
import type { PartRecord, Upload } from '../state/uploads.ts';
import type { StoredFile } from '../storage/stored-file.ts';
import { receiveBody } from '../storage/receive.ts';
import { requireCopySourceConditions } from './conditions.ts';
import { type CopyRange, parseCopyRange, parseCopySource } from './copy-source.ts';
import { findUpload, noSuchUpload, requireBucket, requireUpload } from './lookup.ts';
import { PART_NUMBER_MESSAGE } from './upload-part.ts';

export async function uploadPartCopy(ctx: RequestContext): Promise<void> {
  requireBucket(ctx);
  const partNumber = copyPartNumber(ctx);
  refuseCopyBody(ctx);
  requireUpload(ctx);
  const source = findCopySource(ctx);
  requireCopySourceConditions(ctx.headers, source);
  const copied = await copyBytes(ctx, source, parseCopyRange(ctx, source.size));
  const { upload, record } = await commitCopiedPart(ctx, partNumber, copied);
  answerCopy(ctx, upload, record);
}

/** The `partNumber` of the request, or 400 InvalidArgument outside 1..10000 (as Upload Part, spec §2.2). */
export function copyPartNumber(ctx: RequestContext): number {
  const raw = ctx.query.single('partNumber');
  if (!ctx.server.behaviour.validatePartNumber(raw)) throw cosError('InvalidArgument', PART_NUMBER_MESSAGE);
  return Number(raw);
}

/** 400 InvalidRequest when the request carries a body: the copy source names the bytes. */
export function refuseCopyBody(ctx: RequestContext): void {
  if (ctx.body.present) throw cosError('InvalidRequest', 'Upload Part - Copy takes no request body.');
}

/** The object the copy source header names: 400 InvalidArgument for a bad form, 404 NoSuchBucket / NoSuchKey. */
export function findCopySource(ctx: RequestContext): ObjectRecord {
  const { bucket, key } = parseCopySource(copySourceOf(ctx.headers) ?? '');
  const sourceBucket = ctx.server.buckets.get(bucket);
  if (!sourceBucket) throw cosError('NoSuchBucket', 'The copy source bucket does not exist.');
  const source = sourceBucket.objects.get(key);
  if (!source) throw cosError('NoSuchKey', 'The copy source object does not exist.');
  return source;
}

/** Bytes copied from the source into a committed part file, with their digest. */
export interface CopiedBytes {
  file: StoredFile;
  digest: BodyDigest;
}

/** Streams `range` of `source` (the whole object when undefined) into a new part file, hashing it on the way. */
export async function copyBytes(
  ctx: RequestContext,
  source: ObjectRecord,
  range: CopyRange | undefined,
): Promise<CopiedBytes> {
  const { store } = ctx.server;
  const expectedSize = range ? range.end - range.start + 1 : source.size;
  const target = store.target('parts', expectedSize);
  const release = source.file.acquire();
  let received: Awaited<ReturnType<typeof receiveBody>>;
  try {
    const bytes =
      source.size === 0
        ? Readable.from([])
        : source.file.readStream({
            start: range?.start ?? 0,
            end: range?.end ?? source.size - 1,
          });
    received = await receiveBody(bytes, target);
  } catch (err) {
    await store.discard(target);
    throw err;
  } finally {
    release();
  }
  if (!received.complete || received.digest.size !== expectedSize) {
    await store.discard(received.pending);
    throw cosError('InternalError');
  }
  return { file: await store.commit(received.pending, 'parts'), digest: received.digest };
}

/** The part record of copied bytes (ETag from the behaviour, as an uploaded part's). */
export function copiedPartRecord(
  ctx: RequestContext,
  partNumber: number,
  copied: CopiedBytes,
  sequence: number,
): PartRecord {
  const { digest, file } = copied;
  return {
    partNumber,
    file,
    size: digest.size,
    md5Hex: digest.md5Hex,
    etag: ctx.server.behaviour.partEtag(digest.md5Hex),
    crc64: digest.crc64,
    lastModified: new Date(),
    sequence,
  };
}

/** Commits the copied bytes as part `partNumber`; NoSuchUpload when the upload ended while they were copied. */
export async function commitCopiedPart(
  ctx: RequestContext,
  partNumber: number,
  copied: CopiedBytes,
): Promise<{ upload: Upload; record: PartRecord }> {
  const upload = findUpload(ctx);
  if (!upload) {
    copied.file.retire();
    throw noSuchUpload(ctx);
  }
  const record = copiedPartRecord(ctx, partNumber, copied, upload.nextSequence());
  if (!(await upload.commitPart(record))) {
    copied.file.retire();
    throw noSuchUpload(ctx);
  }
  return { upload, record };
}

/** The `CopyPartResult` document of a copied part (spec §2.3: ETag and LastModified). */
export function copyPartResultXml(record: Pick<PartRecord, 'etag' | 'lastModified'>): string {
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n' +
    `<CopyPartResult><ETag>${record.etag}</ETag><LastModified>${record.lastModified.toISOString()}</LastModified></CopyPartResult>`
  );
}

/** The response headers of a copied part: its CRC-64 (spec §5.3) and the upload's SSE (spec §2.3). */
export function copyAnswerHeaders(
  ctx: RequestContext,
  upload: Upload,
  record: Pick<PartRecord, 'crc64'>,
): Record<string, string | undefined> {
  const { behaviour } = ctx.server;
  return {
    'x-cos-hash-crc64ecma': behaviour.crc64Header(record.crc64, 'part'),
    [behaviour.sseHeader]: behaviour.echoServerSideEncryption
      ? upload.attributes.serverSideEncryption
      : undefined,
  };
}

/** 200 with the `CopyPartResult` and the headers of a copied part. */
export function answerCopy(ctx: RequestContext, upload: Upload, record: PartRecord): void {
  sendXml(ctx.res, 200, copyPartResultXml(record), copyAnswerHeaders(ctx, upload, record));
}
