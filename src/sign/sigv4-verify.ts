import { ALGORITHM_IDENTIFIER } from '@smithy/signature-v4';
import {
  headerValueOf,
  parseAmzDate,
  parseCredentialScope,
  quoteForReason,
  replaySigV4,
} from './sigv4-replay.ts';
import { type VerifyOptions, type VerifyResult, verifyFailure } from './verify-result.ts';

/** The parts of a SigV4 `Authorization` header. */
export interface SigV4AuthorizationFields {
  accessKeyId: string;
  /** `YYYYMMDD` of the credential scope. */
  date: string;
  region: string;
  service: string;
  /** Lower-case names, in the order declared. */
  signedHeaders: string[];
  signature: string;
}

/** A request as the server received it. */
export interface SigV4VerifyRequest {
  method: string;
  /** The path exactly as on the wire (still percent-encoded, no query). */
  rawPath: string;
  /** Decoded query pairs (see {@link decodeQueryPairs}). */
  query: ReadonlyArray<readonly [string, string]>;
  /** Request headers with lower-case names. */
  headers: Readonly<Record<string, string | string[] | undefined>>;
}

export interface SigV4VerifyOptions extends VerifyOptions {
  /** Largest accepted distance between `x-amz-date` and the server clock, in seconds (default 900, as S3). */
  maxSkewSec?: number;
}

/** Parses `AWS4-HMAC-SHA256 Credential=AK/date/region/service/aws4_request, SignedHeaders=a;b, Signature=hex`. */
export function parseSigV4Authorization(value: string): SigV4AuthorizationFields | undefined {
  const trimmed = value.trim();
  if (!trimmed.startsWith(`${ALGORITHM_IDENTIFIER} `)) return undefined;
  const parts = new Map<string, string>();
  for (const component of trimmed.slice(ALGORITHM_IDENTIFIER.length).split(',')) {
    const eq = component.indexOf('=');
    if (eq === -1) return undefined;
    const key = component.slice(0, eq).trim();
    if (parts.has(key)) return undefined;
    parts.set(key, component.slice(eq + 1).trim());
  }
  const credential = parts.get('Credential');
  const signedHeaders = parts.get('SignedHeaders');
  const signature = parts.get('Signature');
  if (credential === undefined || signedHeaders === undefined || signature === undefined) return undefined;
  const scope = parseCredentialScope(credential);
  if (!scope || signedHeaders === '') return undefined;
  return { ...scope, signedHeaders: signedHeaders.split(';'), signature };
}

/**
 * Verifies an AWS SigV4 `Authorization` header (spec §6.5) by recomputing the signature with smithy's canonical
 * request, string to sign and signing key over exactly the declared SignedHeaders, the declared region and service,
 * and the `x-amz-date` of the request. The canonical URI is the raw wire path; a path signed in its S3 re-encoded form
 * (each segment decoded and AWS-UriEncoded, as {@link s3UriEncodePath}) is accepted too. The payload hash is the `x-amz-content-sha256`
 * header, returned as `payloadHash` for the server to check against the body (and, for a
 * `STREAMING-AWS4-HMAC-SHA256-PAYLOAD*` body, with the context its chunk signatures are checked with). Presigned URLs
 * are verified by {@link verifySigV4Presigned}.
 */
export async function verifySigV4(
  req: SigV4VerifyRequest,
  lookupSecret: (accessKeyId: string) => string | undefined,
  now: Date,
  options: SigV4VerifyOptions = {},
): Promise<VerifyResult> {
  const auth = headerValueOf(req.headers, 'authorization');
  if (auth === undefined || auth.trim() === '') {
    if (req.query.some(([name]) => name.toLowerCase() === 'x-amz-signature')) {
      return verifyFailure('AccessDenied', 'a presigned SigV4 URL goes to verifySigV4Presigned');
    }
    return verifyFailure('AccessDenied', 'anonymous request: no Authorization header');
  }
  const fields = parseSigV4Authorization(auth);
  if (!fields)
    return verifyFailure('AccessDenied', 'Authorization header is not a well-formed AWS4-HMAC-SHA256 value');
  if (!/^[0-9a-fA-F]{64}$/.test(fields.signature)) {
    return verifyFailure('AccessDenied', 'SigV4 Signature is not 64 hex digits');
  }
  const secretAccessKey = lookupSecret(fields.accessKeyId);
  if (secretAccessKey === undefined) {
    return verifyFailure('InvalidAccessKeyId', `unknown access key id ${quoteForReason(fields.accessKeyId)}`);
  }

  const amzDate = headerValueOf(req.headers, 'x-amz-date');
  const signingDate = amzDate === undefined ? undefined : parseAmzDate(amzDate);
  if (amzDate === undefined || signingDate === undefined) {
    return verifyFailure('AccessDenied', 'x-amz-date header missing or not in YYYYMMDDTHHMMSSZ form');
  }
  if (amzDate.slice(0, 8) !== fields.date) {
    return verifyFailure(
      'AccessDenied',
      `credential scope date ${fields.date} differs from x-amz-date ${amzDate}`,
    );
  }
  const maxSkewMs = ((options.maxSkewSec ?? 900) + (options.clockSkewSec ?? 0)) * 1000;
  const offsetMs = signingDate.getTime() - now.getTime();
  if (offsetMs > maxSkewMs) {
    return verifyFailure(
      'RequestTimeTooSkewed',
      `signature not yet valid: x-amz-date ${amzDate} is ahead of server time`,
    );
  }
  if (-offsetMs > maxSkewMs) {
    return verifyFailure(
      'RequestTimeTooSkewed',
      `Request has expired: x-amz-date ${amzDate} is too far in the past`,
    );
  }

  const payloadHash = headerValueOf(req.headers, 'x-amz-content-sha256');
  if (payloadHash === undefined) {
    return verifyFailure('AccessDenied', 'missing x-amz-content-sha256 header');
  }
  const signedHeaders: Record<string, string> = {};
  for (const name of fields.signedHeaders) {
    const value = headerValueOf(req.headers, name.toLowerCase());
    if (value === undefined) {
      return verifyFailure(
        'SignatureDoesNotMatch',
        `SignedHeaders names "${name}", which the request does not carry`,
      );
    }
    signedHeaders[name.toLowerCase()] = value;
  }

  const sessionToken = headerValueOf(req.headers, 'x-amz-security-token');
  const replay = await replaySigV4({
    method: req.method,
    rawPath: req.rawPath,
    query: req.query,
    signedHeaders,
    credentials: { accessKeyId: fields.accessKeyId, secretAccessKey },
    date: fields.date,
    region: fields.region,
    service: fields.service,
    longDate: amzDate,
    signingDate,
    payloadHash,
    signature: fields.signature,
  });
  if (!replay.matched) {
    return verifyFailure(
      'SignatureDoesNotMatch',
      `the SigV4 signature does not match the request (SignedHeaders ${quoteForReason(fields.signedHeaders.join(';'))}, ` +
        `scope ${quoteForReason(`${fields.date}/${fields.region}/${fields.service}`)})`,
    );
  }
  return {
    ok: true,
    secretId: fields.accessKeyId,
    scheme: 'sigv4',
    transport: 'header',
    signedHeaders: fields.signedHeaders.map((headerName) => headerName.toLowerCase()),
    payloadHash,
    ...(sessionToken !== undefined ? { securityToken: sessionToken } : {}),
    ...(replay.chunkSigning && payloadHash.startsWith(SIGNED_STREAMING_PREFIX)
      ? { chunkSigning: replay.chunkSigning }
      : {}),
  };
}

/** The payload hashes of a body whose chunks are signed (`…-PAYLOAD` and `…-PAYLOAD-TRAILER`). */
export const SIGNED_STREAMING_PREFIX = 'STREAMING-AWS4-HMAC-SHA256-PAYLOAD';
