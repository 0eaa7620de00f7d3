import { Hash } from '@smithy/hash-node';
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { decodeQueryPairs } from './query.ts';
import { cosUrlEncode } from './url-encode.ts';

/**
 * AWS Signature V4 for COS's S3-compatible endpoint (spec §6.5 [D37421]), delegated to `@smithy/signature-v4`
 * (the signer of the AWS SDK for JavaScript). S3 rules: the canonical URI is the path exactly as sent, encoded once
 * and never normalized (`uriEscapePath: false`, so `//`, `+` and `%2B` survive); the payload hash is carried in
 * `x-amz-content-sha256`.
 */

export interface SigV4Credentials {
  accessKeyId: string;
  secretAccessKey: string;
  sessionToken?: string;
}

export interface SigV4SignInput {
  method: string;
  /**
   * The request URL. Its `pathname` is signed and must be sent byte for byte: build it with
   * {@link s3UriEncodePath} (WHATWG URL leaves `+ ! $ ' ( ) * , ; = : @ [ ] |` literal, which S3 servers that
   * re-encode the path would sign as `%XX`). Keys with `.` or `..` segments cannot be expressed, since URL resolves
   * them (even as `%2E`).
   */
  url: URL;
  /** Headers to sign and send. `date` is dropped by the smithy signer (it signs `x-amz-date` instead). */
  headers: Readonly<Record<string, string>>;
  region: string;
  service?: 's3';
  credentials: SigV4Credentials;
  /** `x-amz-content-sha256`: hex SHA-256 of the body, or `UNSIGNED-PAYLOAD` (default). */
  payloadHash?: string;
  /** Signing time (default now). */
  date?: Date;
}

/** The literal payload hash for a body that is not signed. */
export const UNSIGNED_PAYLOAD = 'UNSIGNED-PAYLOAD';

/** SHA-256 constructor in the shape smithy expects. */
export const sha256Constructor = Hash.bind(null, 'sha256');

/**
 * Signs a request and returns every header to send (lower-case names): the given headers (without `date`), `host`
 * (from the URL unless given), `x-amz-date`, `x-amz-content-sha256`, `x-amz-security-token` when the credentials
 * carry a session token, and `authorization`. Query parameters come from `url.search`, decoded with
 * {@link decodeQueryPairs} (`+` is a literal plus), which the server must use likewise.
 */
export async function sigv4SignHeaders(input: SigV4SignInput): Promise<Record<string, string>> {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(input.headers)) headers[name.toLowerCase()] = value;
  headers.host ??= input.url.host;
  headers['x-amz-content-sha256'] = input.payloadHash ?? headers['x-amz-content-sha256'] ?? UNSIGNED_PAYLOAD;

  const request = new HttpRequest({
    method: input.method.toUpperCase(),
    protocol: input.url.protocol,
    hostname: input.url.hostname,
    ...(input.url.port ? { port: Number(input.url.port) } : {}),
    path: input.url.pathname,
    query: toQueryBag(decodeQueryPairs(input.url.search)),
    headers,
  });
  const signer = new SignatureV4({
    service: input.service ?? 's3',
    region: input.region,
    credentials: input.credentials,
    sha256: sha256Constructor,
    uriEscapePath: false,
    applyChecksum: true,
  });
  const signed = await signer.sign(request, { signingDate: input.date ?? new Date() });
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(signed.headers)) out[name.toLowerCase()] = value;
  return out;
}

/**
 * The S3 URI encoding of a decoded path (AWS UriEncode per segment: only `A-Z a-z 0-9 - _ . ~` literal, `/` kept),
 * e.g. `/bucket/a b+c` → `/bucket/a%20b%2Bc`. The form AWS SDKs send and sign.
 */
export function s3UriEncodePath(decodedPath: string): string {
  return decodedPath.split('/').map(cosUrlEncode).join('/');
}

/** Decoded query pairs as smithy's query bag (a repeated name becomes an array). */
export function toQueryBag(
  pairs: ReadonlyArray<readonly [string, string]>,
): Record<string, string | string[]> {
  const bag: Record<string, string | string[]> = Object.create(null);
  for (const [name, value] of pairs) {
    const prev = bag[name];
    if (prev === undefined) bag[name] = value;
    else if (Array.isArray(prev)) prev.push(value);
    else bag[name] = [prev, value];
  }
  return bag;
}
