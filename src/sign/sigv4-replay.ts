/**
 * The pieces of a SigV4 verification shared by the header verifier (sigv4-verify.ts) and the presigned-URL verifier
 * (sigv4-presign-verify.ts): smithy's canonical request, string to sign, signature and signing key replayed over the
 * request as received, the candidate canonical paths, and the `YYYYMMDDTHHMMSSZ` date.
 */
import { HttpRequest } from '@smithy/protocol-http';
import {
  ALGORITHM_IDENTIFIER,
  createScope,
  getCanonicalHeaders,
  getSigningKey,
  SignatureV4,
} from '@smithy/signature-v4';
import { percentDecode } from './query.ts';
import { type SigV4Credentials, sha256Constructor, toQueryBag } from './sigv4.ts';
import { signaturesEqual } from './timing-safe.ts';
import { cosUrlEncode } from './url-encode.ts';
import type { ChunkSigningContext } from './verify-result.ts';

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

/** What a replay needs: the request as received and the values the signature declares. */
export interface SigV4Replay {
  method: string;
  rawPath: string;
  /** Decoded query pairs; an `X-Amz-Signature` among them is left out of the canonical query (smithy). */
  query: ReadonlyArray<readonly [string, string]>;
  /** The signed headers, lower-case names → values as received. */
  signedHeaders: Readonly<Record<string, string>>;
  credentials: SigV4Credentials;
  /** `YYYYMMDD`, region and service of the credential scope. */
  date: string;
  region: string;
  service: string;
  /** `YYYYMMDDTHHMMSSZ`. */
  longDate: string;
  signingDate: Date;
  payloadHash: string;
  /** The signature received (hex). */
  signature: string;
}

/**
 * Recomputes the signature for every candidate canonical path ({@link candidatePaths}) and reports whether one
 * matches; every candidate is computed, so the time taken does not say which. On a match, also the chunk-signing
 * context a streaming body is verified with.
 */
export async function replaySigV4(
  r: SigV4Replay,
): Promise<{ matched: boolean; chunkSigning?: ChunkSigningContext }> {
  const signer = new ReplayingSigner({
    service: r.service,
    region: r.region,
    credentials: r.credentials,
    sha256: sha256Constructor,
    uriEscapePath: false,
    applyChecksum: false,
  });
  const scope = createScope(r.date, r.region, r.service);
  let matched = false;
  let seedSignature = '';
  for (const path of candidatePaths(r.rawPath)) {
    const request = new HttpRequest({
      method: r.method.toUpperCase(),
      path,
      query: toQueryBag(r.query),
      headers: { ...r.signedHeaders },
    });
    const canonicalHeaders = getCanonicalHeaders(request, undefined, new Set(Object.keys(r.signedHeaders)));
    const canonicalRequest = signer.canonicalRequest(request, canonicalHeaders, r.payloadHash);
    const stringToSign = await signer.stringToSign(r.longDate, scope, canonicalRequest);
    const expected = await signer.sign(stringToSign, {
      signingDate: r.signingDate,
      signingRegion: r.region,
      signingService: r.service,
    });
    if (signaturesEqual(r.signature, expected)) {
      matched = true;
      seedSignature = expected;
    }
  }
  if (!matched) return { matched };
  const signingKey = await getSigningKey(sha256Constructor, r.credentials, r.date, r.region, r.service);
  return { matched, chunkSigning: { signingKey, longDate: r.longDate, scope, seedSignature } };
}

/** The raw path and, when different, its S3 re-encoding, segment by segment (clients that sign the normalized form). */
export function candidatePaths(rawPath: string): string[] {
  const reencoded = rawPath
    .split('/')
    .map((segment) => cosUrlEncode(percentDecode(segment)))
    .join('/');
  return reencoded === rawPath ? [rawPath] : [rawPath, reencoded];
}

/** `YYYYMMDDTHHMMSSZ` → Date. */
export function parseAmzDate(value: string): Date | undefined {
  const m = /^(\d{4})(\d{2})(\d{2})T(\d{2})(\d{2})(\d{2})Z$/.exec(value);
  if (!m) return undefined;
  const date = new Date(Date.UTC(+m[1], +m[2] - 1, +m[3], +m[4], +m[5], +m[6]));
  return Number.isNaN(date.getTime()) ? undefined : date;
}

/** A client-supplied value for a reason string: JSON-quoted, at most 64 characters. */
export function quoteForReason(value: string): string {
  return JSON.stringify(value.length > 64 ? `${value.slice(0, 64)}…` : value);
}

/** Parses `AK/YYYYMMDD/region/service/aws4_request` (the access key id may itself hold `/`). */
export function parseCredentialScope(
  credential: string,
): { accessKeyId: string; date: string; region: string; service: string } | undefined {
  const scope = credential.split('/');
  if (scope.length < 5 || scope[scope.length - 1] !== 'aws4_request') return undefined;
  const [date, region, service] = scope.slice(-4, -1);
  const accessKeyId = scope.slice(0, -4).join('/');
  if (!accessKeyId || !/^\d{8}$/.test(date) || !region || !service) return undefined;
  return { accessKeyId, date, region, service };
}

/** A header value as one string (repeated values joined with `, `). */
export function headerValueOf(
  headers: Readonly<Record<string, string | string[] | undefined>>,
  lowerName: string,
): string | undefined {
  const raw = headers[lowerName];
  if (raw === undefined) return undefined;
  return Array.isArray(raw) ? raw.join(', ') : raw;
}
