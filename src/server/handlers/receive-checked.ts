/**
 * Receiving an uploaded body (Upload Part, Put Object) into a temp file and judging it: a body shorter than its
 * Content-Length is 400 IncompleteBody (spec §4.2 [FLARE]), a Content-MD5 that does not match is 400 BadDigest
 * (§4.3 [OBS-rclone]), a SigV4 payload hash that does not match is 400 XAmzContentSHA256Mismatch. The body is
 * decoded first (aws-chunked framing, `x-amz-checksum-*`: src/server/http/upload-body.ts), whose refusal comes first. A refused body
 * is deleted before the error is thrown, so it can never replace anything.
 */
import type { BodyDigest } from '../../body/hashing.ts';
import type { RequestContext } from '../http/context.ts';
import { type CosError, cosError } from '../http/cos-error.ts';
import { openUploadBody, planUploadBody } from '../http/upload-body.ts';
import { receiveBody } from '../storage/receive.ts';
import { removeFile } from '../storage/stored-file.ts';
import { signedPayloadSha256 } from './headers-in.ts';

export interface AcceptedBody {
  tempPath: string;
  digest: BodyDigest;
  /** Response headers the body earned (an `x-amz-checksum-*` verified on it). */
  echo: Record<string, string>;
}

/** A body received into a temp file, not yet judged. */
export interface ReceivedUpload {
  readonly tempPath: string;
  readonly received: Awaited<ReturnType<typeof receiveBody>>;
  /** The refusal of the body's decoding (aws-chunked framing, `x-amz-checksum-*`), if any. */
  readonly decodingRefusal: CosError | undefined;
  readonly echo: Record<string, string>;
  /** The SigV4 payload hash the body must match, when signed. */
  readonly expectedSha: string | undefined;
}

/** Receives the body into a temp file (hashing it on the way); the temp file is gone if receiving throws. */
export async function receiveUpload(ctx: RequestContext): Promise<ReceivedUpload> {
  const expectedSha = signedPayloadSha256(ctx);
  const tempPath = ctx.server.store.tempPath();
  const body = openUploadBody(ctx, planUploadBody(ctx));
  let received: Awaited<ReturnType<typeof receiveBody>>;
  try {
    received = await receiveBody(body.stream, tempPath, { sha256: expectedSha !== undefined });
  } catch (err) {
    await removeFile(tempPath);
    throw err;
  }
  return { tempPath, received, decodingRefusal: await body.verdict(), echo: body.echo(), expectedSha };
}

/** The accepted body, or (the temp file deleted) the refusal thrown. */
export async function settleUpload(
  upload: ReceivedUpload,
  refusal: CosError | undefined,
): Promise<AcceptedBody> {
  if (refusal) {
    await removeFile(upload.tempPath);
    throw refusal;
  }
  return { tempPath: upload.tempPath, digest: upload.received.digest, echo: upload.echo };
}

/** Receives and checks the body; on refusal the temp file is gone and a {@link CosError} is thrown. */
export async function receiveCheckedBody(
  ctx: RequestContext,
  contentMd5: string | undefined,
): Promise<AcceptedBody> {
  const upload = await receiveUpload(ctx);
  return settleUpload(
    upload,
    upload.decodingRefusal ?? bodyRefusal(ctx, upload.received, contentMd5, upload),
  );
}

/**
 * Why a received body is refused, or undefined: cut short of its Content-Length (IncompleteBody), a Content-MD5
 * that does not match (BadDigest), a SigV4 payload hash that does not match.
 */
export function bodyRefusal(
  ctx: RequestContext,
  received: { complete: boolean; digest: BodyDigest; sha256Hex?: string },
  contentMd5: string | undefined,
  { expectedSha }: Pick<ReceivedUpload, 'expectedSha'>,
): CosError | undefined {
  const { behaviour } = ctx.server;
  const { complete, digest } = received;
  if (!complete) {
    return cosError(
      'IncompleteBody',
      `The request body ended after ${digest.size} of ${ctx.body.declaredLength ?? '?'} bytes.`,
    );
  }
  if (contentMd5 !== undefined && behaviour.checkContentMd5 && contentMd5 !== digest.md5Base64) {
    return cosError('BadDigest');
  }
  if (expectedSha !== undefined && expectedSha !== received.sha256Hex)
    return cosError('XAmzContentSHA256Mismatch');
  return undefined;
}
