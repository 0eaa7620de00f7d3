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
import { sendEmpty, sendXml } from '../http/respond.ts';
import type { PartRecord, Upload } from '../state/uploads.ts';
import { removeFile } from '../storage/stored-file.ts';
import { checkUploadHeaders } from './headers-in.ts';
import { findUpload, noSuchUpload, requireBucket } from './lookup.ts';
import { receiveCheckedBody } from './receive-checked.ts';

/** Message of a refused part number (spec §4.3, the digest's recommendation). */
export const PART_NUMBER_MESSAGE = 'Part number must be an integer between 1 and 10000, inclusive';

export async function uploadPart(ctx: RequestContext): Promise<void> {
  const { behaviour, store } = ctx.server;
  requireBucket(ctx);
  // uploadIdCheckedFirst (a conformant variant): the upload before the part number and the headers.
  if (behaviour.uploadIdCheckedFirst && !findUpload(ctx)) throw noSuchUpload(ctx);
  const rawPartNumber = ctx.query.single('partNumber');
  const validNumber = behaviour.validatePartNumber(rawPartNumber);
  // Mutant hook: a refused number stored anyway (refusedPartNumberStoredAs), refused only after storing.
  const partNumber = validNumber ? Number(rawPartNumber) : behaviour.refusedPartNumberStoredAs(rawPartNumber);
  if (partNumber === undefined) throw cosError('InvalidArgument', PART_NUMBER_MESSAGE);
  const { contentMd5 } = checkUploadHeaders(ctx, behaviour.maxPartSize);
  if (behaviour.checkUploadBeforeBody && !findUpload(ctx)) throw noSuchUpload(ctx);
  if (behaviour.entityTooSmallAtUploadPart) refuseSmallNonLast(ctx, partNumber);
  // Mutant hooks, no-ops in the conformant server: the record this upload would replace (atomicPartSwap),
  // the part numbers before the body (concurrentPartsKept), Content-MD5 judged after storing (checkMd5BeforeStoring).
  const open = findUpload(ctx);
  const before = open?.part(partNumber);
  const numbersBefore = behaviour.concurrentPartsKept
    ? undefined
    : new Set(open?.parts().map((p) => p.partNumber));
  const md5Late = behaviour.checkMd5BeforeStoring ? undefined : contentMd5;

  let body: Awaited<ReturnType<typeof receiveCheckedBody>>;
  try {
    body = await receiveCheckedBody(ctx, md5Late === undefined ? contentMd5 : undefined);
  } catch (err) {
    if (!behaviour.keepPreviousPartOnFailure) await findUpload(ctx)?.dropPart(partNumber);
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
  const current = upload.part(partNumber);
  if (behaviour.overwritePart || !current) {
    const record: PartRecord = {
      partNumber,
      file,
      size: body.digest.size,
      md5Hex: body.digest.md5Hex,
      etag,
      crc64: body.digest.crc64,
      lastModified: new Date(),
      sequence: upload.nextSequence(),
    };
    if (!behaviour.atomicPartSwap && current && current !== before) {
      // Torn overwrite: the bytes of the upload that committed meanwhile, under this upload's ETag.
      Object.assign(record, { file: current.file, size: current.size, crc64: current.crc64 });
      file.retire();
    }
    if (!behaviour.listPartsShowsLatestUpload && current) {
      record.listedEtag = current.listedEtag ?? current.etag;
    }
    // Lost update: parts committed by others while this body arrived vanish.
    for (const p of numbersBefore ? upload.parts() : []) {
      if (p.partNumber !== partNumber && !numbersBefore?.has(p.partNumber))
        await upload.dropPart(p.partNumber);
    }
    if (!(await upload.commitPart(record))) {
      file.retire();
      throw noSuchUpload(ctx);
    }
  } else {
    file.retire();
  }
  if (md5Late !== undefined && behaviour.checkContentMd5 && md5Late !== body.digest.md5Base64) {
    throw cosError('BadDigest');
  }
  if (!validNumber) throw cosError('InvalidArgument', PART_NUMBER_MESSAGE);
  const sse = upload.attributes.serverSideEncryption;
  const headers = {
    ...body.echo,
    ETag: etag,
    'x-cos-hash-crc64ecma': behaviour.crc64Header(body.digest.crc64, 'part'),
    [behaviour.sseHeader]: behaviour.echoServerSideEncryption ? sse : undefined,
  };
  if (behaviour.emptyUploadPartBody) sendEmpty(ctx.res, 200, headers);
  else sendXml(ctx.res, 200, `<UploadPartResult><ETag>${etag}</ETag></UploadPartResult>`, headers);
}

/**
 * `entityTooSmallAtUploadPart` (a conformant variant): a declared length under the minimum is refused from the
 * headers when a higher part number is already stored, so this part is not the last one (spec §3 [OBS-ckb]).
 */
function refuseSmallNonLast(ctx: RequestContext, partNumber: number): void {
  const { minPartSize } = ctx.server.behaviour;
  const declared = ctx.body.declaredLength;
  if (declared === undefined || declared >= minPartSize) return;
  const upload = findUpload(ctx);
  if (upload?.parts().some((p) => p.partNumber > partNumber)) {
    throw cosError(
      'EntityTooSmall',
      `Part ${partNumber} is ${declared} bytes and not the last part; every part but the last must be at least ${minPartSize}.`,
    );
  }
}
