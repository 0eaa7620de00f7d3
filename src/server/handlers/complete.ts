/**
 * Complete Multipart Upload: `POST /<key>?uploadId=ID` with `<CompleteMultipartUpload>` (spec §2.5 [D7742]).
 *
 * The body is read (small, at most {@link COMPLETE_BODY_LIMIT}; its Content-MD5, when sent, must match: 400
 * InvalidDigest / BadDigest) and judged by {@link selectCompleteParts}
 * before anything is answered, so rule violations are plain 4xx errors. Then, as COS does, the 200 goes out at
 * once with a chunked body and whitespace every `completeKeepAliveMs` while the part files are streamed into the
 * object file; the result XML is the last chunk. Its ETag is `"<md5 of the binary part MD5s>-N"` (§5.2) and the
 * `x-cos-hash-crc64ecma` header is the whole-object CRC combined from the part CRCs (§5.3), known before assembly.
 * A failure during assembly arrives as an `<Error>` document inside the 200 body (§2.5).
 */
import { createHash } from 'node:crypto';
import { setTimeout as delay } from 'node:timers/promises';
import { crc64Combine } from '../../body/crc64.ts';
import { buildXml } from '../../xml/build.ts';
import { type CompleteRequestPart, parseCompleteRequest } from '../../xml/complete-request.ts';
import { isXmlInputError } from '../../xml/errors.ts';
import { ERROR_CODES } from '../../spec/error-codes.ts';
import { SERVER_LIMITS } from '../../spec/limits.ts';
import type { RequestContext } from '../http/context.ts';
import { cosError } from '../http/cos-error.ts';
import { startKeepAlive } from '../http/keep-alive.ts';
import { checkCompleteElementCount } from '../http/xml-limits.ts';
import { newTraceId } from '../http/request-id.ts';
import { sendXml } from '../http/respond.ts';
import { errorDocument } from '../http/transport.ts';
import { encryptionFieldsOf } from '../state/encryption.ts';
import type { ObjectRecord } from '../state/objects.ts';
import type { Completion, PartRecord, Upload } from '../state/uploads.ts';
import { concatFiles } from '../storage/concat.ts';
import { bareEtag, selectCompleteParts } from './complete-rules.ts';
import { encodeKeyForUrl } from './key-encoding.ts';
import { findUpload, noSuchUpload, requireBucket, requireUpload } from './lookup.ts';
import { encryptionHeaders } from './sse-in.ts';

/** Largest Complete body read (SERVER_LIMITS.maxCompleteBodyBytes); larger is 400 XMLSizeLimit. */
export const COMPLETE_BODY_LIMIT = SERVER_LIMITS.maxCompleteBodyBytes;

/** Namespace of `CompleteMultipartUploadResult` in the doc example (spec §2.5). */
export const COMPLETE_RESULT_NAMESPACE = 'http://www.qcloud.com/document/product/436/7751';

export async function completeMultipartUpload(ctx: RequestContext): Promise<void> {
  const request = await readCompleteRequest(ctx);
  if (!request) return;
  const parts = selectCompleteParts(request.listed, request.upload, ctx.server.behaviour);
  await completeWithParts(ctx, request, parts);
}

/** A Complete request read and parsed, on an upload that is open. */
export interface CompleteRequest {
  readonly upload: Upload;
  readonly listed: readonly CompleteRequestPart[];
}

/** What a Complete of chosen parts answers: the result document, its headers, and what assembly needs. */
export interface CompleteResult {
  readonly etag: string;
  readonly crc64: string;
  readonly completion: Completion;
}

/**
 * Looks the upload up, reads and parses the Complete body (4xx on a bad Content-MD5 or XML); undefined when it
 * answered already (a repeated Complete under `completeAfterCompleteSucceeds`).
 */
export async function readCompleteRequest(ctx: RequestContext): Promise<CompleteRequest | undefined> {
  const { behaviour } = ctx.server;
  requireBucket(ctx);
  // completeAfterCompleteSucceeds (a conformant variant under S3): a completed upload answers a repeated Complete.
  const done = behaviour.completeAfterCompleteSucceeds ? findUpload(ctx, ['completed']) : undefined;
  if (!done) requireUpload(ctx);
  const contentMd5 = ctx.headers['content-md5']?.trim();
  if (contentMd5 !== undefined && !behaviour.isWellFormedContentMd5(contentMd5)) {
    throw cosError('InvalidDigest');
  }
  const raw = await ctx.body.readAll(COMPLETE_BODY_LIMIT, 'XMLSizeLimit');
  // The SDKs send Content-MD5 over the XML (spec §2.5 [NODE]); it is checked like an upload's.
  if (contentMd5 !== undefined && behaviour.checkContentMd5 && md5Base64(raw) !== contentMd5) {
    throw cosError('BadDigest');
  }
  const text = raw.toString('utf8');
  checkCompleteElementCount(text);
  let listed: ReturnType<typeof parseCompleteRequest>['parts'];
  try {
    listed = parseCompleteRequest(text).parts;
  } catch (err) {
    if (isXmlInputError(err)) throw cosError('MalformedXML');
    throw err;
  }
  if (listed.length > SERVER_LIMITS.maxCompleteParts) {
    throw cosError(
      'MalformedXML',
      `The Complete request lists ${listed.length} parts; at most ${SERVER_LIMITS.maxCompleteParts}.`,
    );
  }
  if (done?.completion) {
    if (done.completion.list !== listKey(listed)) throw noSuchUpload(ctx);
    sendXml(ctx.res, 200, done.completion.resultXml, done.completion.headers);
    return undefined;
  }
  // Looked up again: the upload may have been aborted while the body was read.
  return { upload: requireUpload(ctx), listed };
}

/** The conformant end of a Complete whose parts were chosen: result, 200 with keep-alives, assembly. */
export async function completeWithParts(
  ctx: RequestContext,
  request: CompleteRequest,
  parts: readonly PartRecord[],
): Promise<void> {
  const result = completeResult(ctx, request, parts);
  await answerComplete(ctx, request.upload, result, () => assemble(ctx, request.upload, parts, result));
}

/** The ETag, CRC64, result document and headers of completing `request` with `parts` (§5.2, §5.3). */
export function completeResult(
  ctx: RequestContext,
  { upload, listed }: CompleteRequest,
  parts: readonly PartRecord[],
): CompleteResult {
  const { behaviour } = ctx.server;
  const crc = combinedCrc(parts);
  const etag = behaviour.multipartEtag(parts.map((part) => part.md5Hex));
  const headers = {
    'x-cos-hash-crc64ecma': crc === undefined ? undefined : behaviour.crc64Header(crc, 'object'),
    ...encryptionHeaders(behaviour, upload.attributes, behaviour.echoServerSideEncryption),
  };
  const resultXml = buildXml(
    behaviour.completeResultElement,
    {
      Location: `http://${upload.bucket}.cos.${ctx.server.region}.myqcloud.com/${encodeKeyForUrl(upload.key)}`,
      Bucket: upload.bucket,
      Key: upload.key,
      ETag: etag,
    },
    { declaration: true, namespace: COMPLETE_RESULT_NAMESPACE },
  );
  return { etag, crc64: crc ?? '0', completion: { list: listKey(listed), resultXml, headers } };
}

/**
 * Answers a Complete: the 200 goes out at once with whitespace keep-alives while `work` (the assembly) runs, then
 * the result document; a failure of `work` arrives as an `<Error>` inside the 200 body (§2.5).
 */
export async function answerComplete(
  ctx: RequestContext,
  upload: Upload,
  result: CompleteResult,
  work: () => Promise<void>,
): Promise<void> {
  const { behaviour } = ctx.server;
  const { resultXml, headers } = result.completion;
  upload.status = 'completing';
  const keepAlive = behaviour.completeStreamsWhitespace
    ? startKeepAlive(ctx.res, ctx.server.completeKeepAliveMs, headers, {
        leading: ctx.server.completeLeadingWhitespace,
        sized: ctx.server.transport.framing === 'sized',
      })
    : undefined;
  try {
    if (ctx.server.completeDelayMs > 0) await delay(ctx.server.completeDelayMs);
    await work();
  } catch (err) {
    upload.status = 'open';
    if (!keepAlive) throw err;
    ctx.server.log?.(`complete ${upload.uploadId}: assembly failed: ${(err as Error).message}`);
    keepAlive.finish(
      errorDocument(ctx.server.transport, {
        code: 'InternalError',
        message: ERROR_CODES.InternalError.message,
        resource: ctx.resource,
        requestId: ctx.requestId,
        traceId: newTraceId(),
      }),
    );
    return;
  }
  if (keepAlive) keepAlive.finish(resultXml);
  else sendXml(ctx.res, 200, resultXml, headers);
}

/** The whole-object CRC from the part CRCs in object order (spec §5.3), without reading any byte. */
function combinedCrc(parts: readonly PartRecord[]): string | undefined {
  if (parts.length === 0) return undefined;
  let crc = BigInt(parts[0].crc64);
  for (const part of parts.slice(1)) crc = crc64Combine(crc, BigInt(part.crc64), part.size);
  return crc.toString();
}

/** Streams the parts into a new object file, stores the object and retires the upload. */
async function assemble(
  ctx: RequestContext,
  upload: Upload,
  parts: readonly PartRecord[],
  { etag, crc64, completion }: CompleteResult,
): Promise<void> {
  const { store, buckets, uploads, behaviour } = ctx.server;
  const releases = parts.map((part) => part.file.acquire());
  const target = store.fileTarget('objects');
  try {
    await concatFiles(
      parts.map((modelPart) => modelPart.file),
      target.path,
    );
  } catch (err) {
    await store.discard(target);
    throw err;
  } finally {
    for (const release of releases) release();
  }
  const file = await store.commit(target, 'objects');
  const bucket = buckets.get(upload.bucket);
  if (!bucket) {
    file.retire();
    throw cosError('NoSuchBucket');
  }
  const record: ObjectRecord = {
    key: upload.key,
    file,
    size: parts.reduce((sum, part) => sum + part.size, 0),
    partSizes: parts.map((part) => part.size),
    etag,
    crc64,
    contentType: upload.attributes.contentType,
    lastModified: new Date(),
    userMetadata: upload.attributes.userMetadata,
    ...encryptionFieldsOf(upload.attributes),
  };
  // Durable: the object's record names the upload, so a crash after this line finishes the Complete at start.
  await bucket.objects.put(record, upload.uploadId);
  await upload.end('completed');
  if (behaviour.completeAfterCompleteSucceeds || behaviour.abortAfterCompleteSucceeds) {
    upload.completion = completion; // kept (status completed: no other call finds it) for a repeated call
    return;
  }
  uploads.remove(upload.uploadId);
}

/** The identity of a Complete list: `partNumber:ETag` pairs, quotes stripped, in order. */
function listKey(listed: readonly CompleteRequestPart[]): string {
  return listed
    .map(
      (completeRequestPart) =>
        `${completeRequestPart.partNumber.trim()}:${bareEtag(completeRequestPart.etag)}`,
    )
    .join(',');
}

function md5Base64(data: Buffer): string {
  return createHash('md5').update(data).digest('base64');
}
