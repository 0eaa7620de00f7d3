import { ALGORITHM_IDENTIFIER, createScope, getCanonicalHeaders, SignatureV4 } from '@smithy/signature-v4';
import { HttpRequest } from '@smithy/protocol-http';
import { percentDecode } from './query.ts';
import { type SigV4Credentials, sha256Constructor, toQueryBag } from './sigv4.ts';
import { signaturesEqual } from './timing-safe.ts';
import { cosUrlEncode } from './url-encode.ts';
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
  const scope = credential.split('/');
  if (scope.length < 5 || scope[scope.length - 1] !== 'aws4_request') return undefined;
  const [date, region, service] = scope.slice(-4, -1);
  const accessKeyId = scope.slice(0, -4).join('/');
  if (!accessKeyId || !/^\d{8}$/.test(date) || !region || !service || signedHeaders === '') return undefined;
  return { accessKeyId, date, region, service, signedHeaders: signedHeaders.split(';'), signature };
}

/**
 * Verifies an AWS SigV4 `Authorization` header (spec §6.5) by recomputing the signature with smithy's canonical
 * request, string to sign and signing key over exactly the declared SignedHeaders, the declared region and service,
 * and the `x-amz-date` of the request. The canonical URI is the raw wire path; a path signed in its S3 re-encoded form
 * (each segment decoded and AWS-UriEncoded, as {@link s3UriEncodePath}) is accepted too. The payload hash is the `x-amz-content-sha256`
 * header, returned as `payloadHash` for the server to check against the body. Presigned URLs are not supported.
 */
export async function verifySigV4(
  req: SigV4VerifyRequest,
  lookupSecret: (accessKeyId: string) => string | undefined,
  now: Date,
  options: SigV4VerifyOptions = {},
): Promise<VerifyResult> {
  const auth = headerValue(req.headers, 'authorization');
  if (auth === undefined || auth.trim() === '') {
    if (req.query.some(([name]) => name.toLowerCase() === 'x-amz-signature')) {
      return verifyFailure('AccessDenied', 'presigned SigV4 URLs are not supported by this verifier');
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
    return verifyFailure('InvalidAccessKeyId', `unknown access key id ${quote(fields.accessKeyId)}`);
  }

  const amzDate = headerValue(req.headers, 'x-amz-date');
  const signingDate = amzDate === undefined ? undefined : parseAmzDate(amzDate);
  if (signingDate === undefined) {
    return verifyFailure('AccessDenied', 'x-amz-date header missing or not in YYYYMMDDTHHMMSSZ form');
  }
  if (amzDate?.slice(0, 8) !== fields.date) {
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

  const payloadHash = headerValue(req.headers, 'x-amz-content-sha256');
  if (payloadHash === undefined) {
    return verifyFailure('AccessDenied', 'missing x-amz-content-sha256 header');
  }
  const signedHeaders: Record<string, string> = {};
  for (const name of fields.signedHeaders) {
    const value = headerValue(req.headers, name.toLowerCase());
    if (value === undefined) {
      return verifyFailure(
        'SignatureDoesNotMatch',
        `SignedHeaders names "${name}", which the request does not carry`,
      );
    }
    signedHeaders[name.toLowerCase()] = value;
  }

  const sessionToken = headerValue(req.headers, 'x-amz-security-token');
  const credentials: SigV4Credentials = { accessKeyId: fields.accessKeyId, secretAccessKey };
  const signer = new ReplayingSigner({
    service: fields.service,
    region: fields.region,
    credentials,
    sha256: sha256Constructor,
    uriEscapePath: false,
    applyChecksum: false,
  });
  const scope = createScope(fields.date, fields.region, fields.service);
  const longDate = amzDate;
  let matched = false;
  for (const path of candidatePaths(req.rawPath)) {
    const request = new HttpRequest({
      method: req.method.toUpperCase(),
      path,
      query: toQueryBag(req.query),
      headers: signedHeaders,
    });
    const canonicalHeaders = getCanonicalHeaders(request, undefined, new Set(Object.keys(signedHeaders)));
    const canonicalRequest = signer.canonicalRequest(request, canonicalHeaders, payloadHash);
    const stringToSign = await signer.stringToSign(longDate, scope, canonicalRequest);
    const expected = await signer.sign(stringToSign, {
      signingDate,
      signingRegion: fields.region,
      signingService: fields.service,
    });
    matched = signaturesEqual(fields.signature, expected) || matched;
  }
  if (!matched) {
    return verifyFailure(
      'SignatureDoesNotMatch',
      `the SigV4 signature does not match the request (SignedHeaders ${quote(fields.signedHeaders.join(';'))}, ` +
        `scope ${quote(`${fields.date}/${fields.region}/${fields.service}`)})`,
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
  };
}

/** Exposes the canonical-request and string-to-sign steps of smithy's signer (they are protected). */
class ReplayingSigner extends SignatureV4 {
  canonicalRequest(
    request: HttpRequest,
    canonicalHeaders: Record<string, string>,
    payloadHash: string,
  ): string {
    return this.createCanonicalRequest(request, canonicalHeaders, payloadHash);
  }
  stringToSign(longDate: string, scope: string, canonicalRequest: string): Promise<string> {
    return this.createStringToSign(longDate, scope, canonicalRequest, ALGORITHM_IDENTIFIER);
  }
}

/** The raw path and, when different, its S3 re-encoding, segment by segment (clients that sign the normalized form). */
function candidatePaths(rawPath: string): string[] {
  const reencoded = rawPath
    .split('/')
    .map((segment) => cosUrlEncode(percentDecode(segment)))
    .join('/');
  return reencoded === rawPath ? [rawPath] : [rawPath, reencoded];
}

/** `YYYYMMDDTHHMMSSZ` → Date. */
function parseAmzDate(value: string): Date | undefined {
  const match = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!match) return undefined;
  const date = new Date(Date.UTC(+match[1], +match[2] - 1, +match[3], +match[4], +match[5], +match[6]));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** A client-supplied value for a reason string: JSON-quoted, at most 64 characters. */
function quote(value: string): string {
  return JSON.stringify(value.length > 64 ? `${value.slice(0, 64)}…` : value);
}

function headerValue(headers: SigV4VerifyRequest['headers'], lowerName: string): string | undefined {
  const raw = headers[lowerName];
  if (raw === undefined) return undefined;
  return Array.isArray(raw) ? raw.join(', ') : raw;
}
