/**
 * Upload Part: `PUT /<key>?partNumber=N&uploadId=ID` (spec §2.2 [D7750]), in four steps:
 *
 * 1. {@link admitPart}, before the body (so that a refused part is never read, and `Expect: 100-continue` gets the
 *    error instead of `100 Continue`): bucket (404 NoSuchBucket), partNumber (400 InvalidArgument,
 *    {@link Behaviour.validatePartNumber}), x-cos-traffic-limit (400 InvalidArgument), Content-Length (411 MissingContentLength), size (400 EntityTooLarge
 *    above 5 GiB), Content-MD5 form (400 InvalidDigest), upload (404 NoSuchUpload: unknown id, another key's id,
 *    aborted, completed), the SSE-C key of the upload (400, sse-in.ts).
 * 2. The body is received where the store puts it (MD5 + CRC-64 on the way) and is judged (IncompleteBody,
 *    BadDigest).
 * 3. {@link storePart} commits it (durable: flushed and renamed into place) and makes its part record.
 * 4. The record is swapped in as the part in one step (the same number again replaces it, spec §2.2) and
 *    {@link answerPart} answers 200 with an empty body, `ETag: "<md5>"`, `x-cos-hash-crc64ecma`, SSE echoed (with the
 *    KMS key id, or the SSE-C algorithm and key MD5).
 *
 * The steps are exported so that a mutant (src/server/mutants/handlers) can compose a broken Upload Part from them.
 */
import { LIMITS } from '../../spec/limits.ts';
import type { RequestContext } from '../http/context.ts';
import type { UploadBodyPlan } from '../http/upload-body.ts';
import { cosError } from '../http/cos-error.ts';
import { NO_HEADERS, sendEmpty, sendXml, setHeaders } from '../http/respond.ts';
import type { PartRecord, Upload } from '../state/uploads.ts';
import { checkUploadHeaders } from './headers-in.ts';
import { findUpload, noSuchUpload, requireBucket } from './lookup.ts';
import { type AcceptedBody, receiveCheckedBody } from './receive-checked.ts';
import { encryptionHeaders, partEtagOf, requireCustomerKey } from './sse-in.ts';

/** Message of a refused part number (spec §4.3, the digest's recommendation). */
export const PART_NUMBER_MESSAGE = 'Part number must be an integer between 1 and 10000, inclusive';

/** An Upload Part request that passed every check made before its body. */
export interface AdmittedPart {
  readonly partNumber: number;
  /** The Content-MD5 the body must match (undefined: none sent). */
  readonly contentMd5: string | undefined;
  /** How the body is encoded, read from the headers (undefined: read again when the body is received). */
  readonly plan?: UploadBodyPlan;
}

/** A received body stored as a file, with the part record that describes it (not yet the upload's part). */
export interface StoredPart {
  readonly upload: Upload;
  readonly record: PartRecord;
}

export async function uploadPart(ctx: RequestContext): Promise<void> {
  const admitted = admitPart(ctx);
  const body = await receiveCheckedBody(ctx, admitted.contentMd5, 'parts', admitted.plan);
  const { upload, record } = await storePart(ctx, admitted.partNumber, body);
  await commitStoredPart(ctx, { upload, record });
  answerPart(ctx, upload, record, body.echo);
}

/**
 * Makes the stored record the upload's part (the swap itself is one step; durable: its record is on disk first).
 * An upload that ended meanwhile keeps nothing: the file is retired and the answer is NoSuchUpload.
 */
export async function commitStoredPart(ctx: RequestContext, { upload, record }: StoredPart): Promise<void> {
  if (!(await upload.commitPart(record))) {
    record.file.retire();
    throw noSuchUpload(ctx);
  }
}

/** The `partNumber` of the request, or 400 InvalidArgument ({@link Behaviour.validatePartNumber}). */
export function validPartNumber(ctx: RequestContext): number {
  const rawPartNumber = ctx.query.single('partNumber');
  if (!ctx.server.behaviour.validatePartNumber(rawPartNumber)) {
    throw cosError('InvalidArgument', PART_NUMBER_MESSAGE);
  }
  return Number(rawPartNumber);
}

/** Message of a refused `x-cos-traffic-limit` (spec §2.2 [D7750]). */
export const TRAFFIC_LIMIT_MESSAGE = `x-cos-traffic-limit must be an integer of bit/s between ${LIMITS.minTrafficLimit} and ${LIMITS.maxTrafficLimit}`;

/** 400 InvalidArgument for an `x-cos-traffic-limit` out of range or not a number ({@link Behaviour.validateTrafficLimit}). */
export function checkTrafficLimit(ctx: RequestContext): void {
  if (!ctx.server.behaviour.validateTrafficLimit(ctx.headers['x-cos-traffic-limit'])) {
    throw cosError('InvalidArgument', TRAFFIC_LIMIT_MESSAGE);
  }
}

/** Every check made before the body; `partNumberOf` reads the part number (default: the strict rule). */
export function admitPart(
  ctx: RequestContext,
  partNumberOf: (ctx: RequestContext) => number = validPartNumber,
): AdmittedPart {
  const { behaviour } = ctx.server;
  requireBucket(ctx);
  // uploadIdCheckedFirst (a conformant variant): the upload before the part number and the headers.
  if (behaviour.uploadIdCheckedFirst && !findUpload(ctx)) throw noSuchUpload(ctx);
  const partNumber = partNumberOf(ctx);
  checkTrafficLimit(ctx);
  const { contentMd5, plan } = checkUploadHeaders(ctx, behaviour.maxPartSize);
  if (behaviour.checkUploadBeforeBody && !findUpload(ctx)) throw noSuchUpload(ctx);
  if (behaviour.entityTooSmallAtUploadPart) refuseSmallNonLast(ctx, partNumber);
  const upload = findUpload(ctx);
  if (upload) requireCustomerKey(ctx, upload.attributes, behaviour.enforceCustomerKeyOnParts);
  return { partNumber, contentMd5, plan };
}

/**
 * Commits the received body to the store and makes its part record. The upload may have been aborted or completed
 * while the body was arriving: then nothing is stored and the answer is NoSuchUpload. Returns without awaiting
 * after the last check, so that committing the record right away is atomic with respect to other requests.
 */
export async function storePart(
  ctx: RequestContext,
  partNumber: number,
  body: AcceptedBody,
): Promise<StoredPart> {
  const { behaviour, store } = ctx.server;
  if (!findUpload(ctx)) {
    await store.discard(body.pending);
    throw noSuchUpload(ctx);
  }
  const file = await store.commit(body.pending, 'parts');
  const upload = findUpload(ctx);
  if (!upload) {
    file.retire();
    throw noSuchUpload(ctx);
  }
  const record: PartRecord = {
    partNumber,
    file,
    size: body.digest.size,
    md5Hex: body.digest.md5Hex,
    etag: partEtagOf(behaviour, upload.attributes, body.digest.md5Hex, upload.uploadId),
    crc64: body.digest.crc64,
    lastModified: new Date(),
    sequence: upload.nextSequence(),
  };
  return { upload, record };
}

/**
 * The 200 of a stored part: its ETag and CRC-64, the SSE of the upload echoed, an empty body; `echo` holds what
 * the body's decoding answers (the `x-amz-checksum-*` it verified).
 */
export function answerPart(
  ctx: RequestContext,
  upload: Upload,
  record: PartRecord,
  echo: Readonly<Record<string, string>> = NO_HEADERS,
): void {
  const { behaviour } = ctx.server;
  const { res } = ctx;
  setHeaders(res, echo);
  res.setHeader('ETag', record.etag);
  const crc64 = behaviour.crc64Header(record.crc64, 'part');
  if (crc64 !== undefined) res.setHeader('x-cos-hash-crc64ecma', crc64);
  setHeaders(res, encryptionHeaders(behaviour, upload.attributes, behaviour.echoServerSideEncryption));
  if (behaviour.emptyUploadPartBody) sendEmpty(res, 200);
  else sendXml(res, 200, `<UploadPartResult><ETag>${record.etag}</ETag></UploadPartResult>`);
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
  if (upload?.parts().some((part) => part.partNumber > partNumber)) {
    throw cosError(
      'EntityTooSmall',
      `Part ${partNumber} is ${declared} bytes and not the last part; every part but the last must be at least ${minPartSize}.`,
    );
  }
}
