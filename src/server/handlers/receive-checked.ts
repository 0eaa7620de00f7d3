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

/** Receives and checks the body; on refusal the temp file is gone and a {@link CosError} is thrown. */
export async function receiveCheckedBody(
  ctx: RequestContext,
  contentMd5: string | undefined,
): Promise<AcceptedBody> {
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
  const refusal =
    (await body.verdict()) ??
    judge(ctx, received.complete, received.digest, contentMd5, expectedSha, received.sha256Hex);
  if (refusal) {
    await removeFile(tempPath);
    throw refusal;
  }
  return { tempPath, digest: received.digest, echo: body.echo() };
}

function judge(
  ctx: RequestContext,
  complete: boolean,
  digest: BodyDigest,
  contentMd5: string | undefined,
  expectedSha: string | undefined,
  actualSha: string | undefined,
): CosError | undefined {
  const { behaviour } = ctx.server;
  if (!complete && !behaviour.storeTruncatedBody) {
    return cosError(
      'IncompleteBody',
      `The request body ended after ${digest.size} of ${ctx.body.declaredLength ?? '?'} bytes.`,
    );
  }
  if (contentMd5 !== undefined && behaviour.checkContentMd5 && contentMd5 !== digest.md5Base64) {
    return cosError('BadDigest');
  }
  if (expectedSha !== undefined && expectedSha !== actualSha) return cosError('XAmzContentSHA256Mismatch');
  return undefined;
}
