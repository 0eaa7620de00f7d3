/**
 * The outcome of verifying a request signature, shared by the COS q-sign verifier and the SigV4 verifier.
 * Failure codes are COS error codes (spec §4.2, §6.4); `reason` is for humans and never holds a secret key,
 * a signature or a security token.
 */
export type VerifyFailureCode =
  | 'AccessDenied'
  | 'InvalidAccessKeyId'
  | 'SignatureDoesNotMatch'
  | 'RequestTimeTooSkewed'
  | 'AuthorizationQueryParametersError';

export interface VerifyOk {
  ok: true;
  /** The access key id (COS SecretId / AWS access key id) whose secret produced the signature. */
  secretId: string;
  scheme: 'cos' | 'sigv4';
  /** Where the signature was carried: the Authorization header or the URL query (COS query-string mode). */
  transport: 'header' | 'query';
  /** Lower-case names of the headers the signature covers. */
  signedHeaders: string[];
  /** COS only: lower-case, URL-encoded names of the query parameters the signature covers (q-url-param-list). */
  signedParams?: string[];
  /** The temporary-credential token sent with the request (`x-cos-security-token` / `x-amz-security-token`), if any. */
  securityToken?: string;
  /** SigV4 only: the signed `x-amz-content-sha256` value, which the server still has to check against the body. */
  payloadHash?: string;
  /** SigV4 with a `STREAMING-AWS4-HMAC-SHA256-PAYLOAD*` body: what its chunk signatures are checked with. */
  chunkSigning?: ChunkSigningContext;
}

/**
 * What the chunk signatures of a SigV4 streaming body chain from (AWS "Signature Calculations for the Authorization
 * Header: Transferring Payload in Multiple Chunks"): the derived signing key (a secret: never logged or echoed), the
 * request's `x-amz-date`, the credential scope and the seed signature (the request's own).
 */
export interface ChunkSigningContext {
  signingKey: Uint8Array;
  longDate: string;
  scope: string;
  seedSignature: string;
}

export interface VerifyFailure {
  ok: false;
  code: VerifyFailureCode;
  reason: string;
  /** The error document's message when it is not the code's default (e.g. `Request has expired`). */
  message?: string;
}

export type VerifyResult = VerifyOk | VerifyFailure;

/** Options common to both verifiers. */
export interface VerifyOptions {
  /** Seconds of clock difference tolerated on each side of the signature's validity window (default 0). */
  clockSkewSec?: number;
}

/** Message of an expired presigned URL, as S3 and COS word it (spec §4.2 [D40105]: 403 AccessDenied). */
export const REQUEST_EXPIRED_MESSAGE = 'Request has expired';

/** Builds a failure result. */
export function verifyFailure(code: VerifyFailureCode, reason: string): VerifyFailure {
  return { ok: false, code, reason };
}
