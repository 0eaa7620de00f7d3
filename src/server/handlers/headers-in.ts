/** Reading request headers that several operations share: object attributes and body framing. */
import type { RequestContext } from '../http/context.ts';
import { cosError } from '../http/cos-error.ts';
import { planUploadBody, type UploadBodyPlan } from '../http/upload-body.ts';
import { userMetadataHeaders } from './user-metadata.ts';

/** SSE values accepted by Initiate and Put Object (spec §2.1); the bytes are stored as sent either way. */
export const SERVER_SIDE_ENCRYPTION_VALUES: ReadonlySet<string> = new Set(['AES256', 'cos/kms']);

/** The server-side-encryption header (`behaviour.sseHeader`, spec §2.1), validated; undefined when absent. */
export function serverSideEncryptionOf(ctx: RequestContext): string | undefined {
  const name = ctx.server.behaviour.sseHeader;
  const value = ctx.headers[name];
  if (value === undefined) return undefined;
  if (!SERVER_SIDE_ENCRYPTION_VALUES.has(value)) {
    throw cosError('InvalidArgument', `Unsupported ${name} "${value}".`);
  }
  return value;
}

/** `x-cos-meta-*` and `x-amz-meta-*` headers (spec §2.1), lower-case names (user-metadata.ts). */
export function userMetadataOf(ctx: RequestContext): Record<string, string> {
  return userMetadataHeaders(ctx.headers);
}

/** The Content-Type to store; an absent or empty one is `application/octet-stream`. */
export function contentTypeOf(ctx: RequestContext): string {
  const value = ctx.headers['content-type'];
  return value === undefined || value.trim() === '' ? 'application/octet-stream' : value;
}

/**
 * Header checks of a request that uploads bytes (Upload Part, Put Object), all decided before the body is read:
 * 411 MissingContentLength without Content-Length (spec §4.3), 400 EntityTooLarge above `maxSize`, 400
 * InvalidDigest for a malformed Content-MD5, and the encoding and checksum headers (http/upload-body.ts); the size
 * limit applies to `x-amz-decoded-content-length` for an aws-chunked body.
 * Returns the Content-MD5 to check after the body, and the body's plan (to receive it by).
 */
export function checkUploadHeaders(
  ctx: RequestContext,
  maxSize: number,
): { contentMd5?: string; plan: UploadBodyPlan } {
  const { behaviour } = ctx.server;
  const plan = planUploadBody(ctx);
  const length = plan.chunked ? plan.chunked.decodedLength : ctx.body.declaredLength;
  if (length === undefined) {
    if (behaviour.requireContentLength) throw cosError('MissingContentLength');
  } else if (length > maxSize) {
    throw cosError(
      'EntityTooLarge',
      `Your proposed upload exceeds the maximum allowed size of ${maxSize} bytes.`,
    );
  }
  const contentMd5 = ctx.headers['content-md5'];
  if (contentMd5 !== undefined && !behaviour.isWellFormedContentMd5(contentMd5.trim())) {
    throw cosError('InvalidDigest');
  }
  return contentMd5 === undefined ? { plan } : { contentMd5: contentMd5.trim(), plan };
}

/** Whether the SigV4 payload hash is a SHA-256 the body must match (not UNSIGNED-PAYLOAD). */
export function signedPayloadSha256(ctx: RequestContext): string | undefined {
  const hash = ctx.auth?.payloadHash;
  return hash !== undefined && /^[0-9a-f]{64}$/i.test(hash) ? hash.toLowerCase() : undefined;
}
