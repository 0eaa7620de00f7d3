/**
 * Upload Part: `PUT /<key>?partNumber=N&uploadId=ID` (spec §2.2 [D7750]).
 *
 * Before the body (so that a refused part is never read, and `Expect: 100-continue` gets the error instead of
 * `100 Continue`): bucket (404 NoSuchBucket), partNumber (400 InvalidArgument, {@link Behaviour.validatePartNumber}),
 * Content-Length (411 MissingContentLength), size (400 EntityTooLarge above 5 GiB), Content-MD5 form
 * (400 InvalidDigest), upload (404 NoSuchUpload: unknown id, another key's id, aborted, completed).
 * Then the body goes to a temp file (MD5 + CRC-64 on the way), is judged (IncompleteBody, BadDigest), renamed
 * into place and swapped in as the part (same number again overwrites). Answer: 200, empty body,
 * `ETag: "<md5>"`, `x-cos-hash-crc64ecma`, SSE echoed.
 */
import type { RequestContext } from '../http/context.ts';
import { cosError } from '../http/cos-error.ts';
import { sendEmpty } from '../http/respond.ts';
import type { Upload } from '../state/uploads.ts';
import { removeFile } from '../storage/stored-file.ts';
import { checkUploadHeaders } from './headers-in.ts';
import { findUpload, noSuchUpload, requireBucket } from './lookup.ts';
import { receiveCheckedBody } from './receive-checked.ts';

/** Message of a refused part number (spec §4.3, the digest's recommendation). */
export const PART_NUMBER_MESSAGE = 'Part number must be an integer between 1 and 10000, inclusive';

export async function uploadPart(ctx: RequestContext): Promise<void> {
  const { behaviour, store } = ctx.server;
  requireBucket(ctx);
  const rawPartNumber = ctx.query.single('partNumber');
  if (!behaviour.validatePartNumber(rawPartNumber)) throw cosError('InvalidArgument', PART_NUMBER_MESSAGE);
  const partNumber = Number(rawPartNumber);
  const { contentMd5 } = checkUploadHeaders(ctx, behaviour.maxPartSize);
  if (behaviour.checkUploadBeforeBody && !findUpload(ctx)) throw noSuchUpload(ctx);

  let body: Awaited<ReturnType<typeof receiveCheckedBody>>;
  try {
    body = await receiveCheckedBody(ctx, contentMd5);
  } catch (err) {
    if (!behaviour.keepPreviousPartOnFailure) findUpload(ctx)?.dropPart(partNumber);
    throw err;
  }

  // The upload may have been aborted or completed while the body was arriving.
  if (!findUpload(ctx)) {
    await removeFile(body.tempPath);
    throw noSuchUpload(ctx);
  }
  const file = await store.commit(body.tempPath, 'parts');
  const upload: Upload | undefined = findUpload(ctx);
  if (!upload) {
    file.retire();
    throw noSuchUpload(ctx);
  }
  const etag = behaviour.partEtag(body.digest.md5Hex);
  if (behaviour.overwritePart || !upload.part(partNumber)) {
    upload.commitPart({
      partNumber,
      file,
      size: body.digest.size,
      md5Hex: body.digest.md5Hex,
      etag,
      crc64: body.digest.crc64,
      lastModified: new Date(),
      sequence: upload.nextSequence(),
    });
  } else {
    file.retire();
  }
  const sse = upload.attributes.serverSideEncryption;
  sendEmpty(ctx.res, 200, {
    ETag: etag,
    'x-cos-hash-crc64ecma': behaviour.crc64Header(body.digest.crc64, 'part'),
    'x-cos-server-side-encryption': behaviour.echoServerSideEncryption ? sse : undefined,
  });
}
