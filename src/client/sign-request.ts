/**
 * Per-request signing for both send paths (undici pool and raw socket): one place decides the signed headers,
 * the signed pathname and where temporary-credential tokens go.
 */
import { createHash } from 'node:crypto';
import { cosSign } from '../sign/cos-sign.ts';
import { sigv4SignHeaders, UNSIGNED_PAYLOAD } from '../sign/sigv4.ts';
import type { ResolvedAddress } from '../target/addressing.ts';
import type { Target } from '../target/types.ts';
import { buildQueryString, type QueryPair } from './query.ts';

/**
 * What a SigV4 payload hash covers; streamed bodies are `UNSIGNED-PAYLOAD` (spec §6.5, COS acceptance UNCONFIRMED);
 * `declared`: the request names its payload form itself (an aws-chunked body's `STREAMING-…`, spec §6.7), sent as
 * `x-amz-content-sha256` under either signer.
 */
export type PayloadForSigning =
  | { kind: 'bytes'; data: Uint8Array }
  | { kind: 'unsigned' }
  | { kind: 'declared'; hash: string };

export interface SignRequestInput {
  target: Target;
  method: string;
  address: ResolvedAddress;
  query: readonly QueryPair[];
  /** Headers to send, lower-case names, including `host` and any `content-length`. */
  headers: Readonly<Record<string, string>>;
  payload: PayloadForSigning;
  /** Clock override in Unix seconds (skew and expiry tests). */
  nowSec?: number;
  /** COS only: query parameter names (any case) left out of q-url-param-list (spec §6.1: the client's choice). */
  unsignedParams?: readonly string[];
}

/**
 * Returns the headers to send: the input plus `authorization` and, with temporary credentials, the token header.
 * - `cos`: q-sign over the decoded pathname (spec §6.1 step 5), every query parameter, and the headers the Node SDK
 *   signs (host, content-length, content-md5, content-type, x-cos-*, …; spec §6.3). `x-cos-security-token` is
 *   attached after signing, not in q-header-list (spec §6.6: the server must not require it there).
 * - `sigv4`: AWS SigV4 over the wire URL; streamed bodies use `UNSIGNED-PAYLOAD`.
 */
export async function signRequest(input: SignRequestInput): Promise<Record<string, string>> {
  const { target, address } = input;
  const creds = target.credentials;
  if (target.signer === 'cos') {
    const signedQuery = withoutUnsigned(input.query, input.unsignedParams);
    const headers =
      input.payload.kind === 'declared'
        ? { ...input.headers, 'x-amz-content-sha256': input.payload.hash }
        : input.headers;
    const sig = cosSign({
      secretId: creds.secretId,
      secretKey: creds.secretKey,
      method: input.method,
      pathname: address.signPathname,
      query: signedQuery.map(valuedPair),
      headers,
      nowSec: input.nowSec,
      securityToken: creds.securityToken,
    });
    return { ...headers, ...sig.extraHeaders, authorization: sig.authorization };
  }
  const url = new URL(
    `${address.tls ? 'https' : 'http'}://${address.host}${address.path}${buildQueryString(input.query)}`,
  );
  const payloadHash =
    input.payload.kind === 'unsigned'
      ? UNSIGNED_PAYLOAD
      : input.payload.kind === 'declared'
        ? input.payload.hash
        : createHash('sha256').update(input.payload.data).digest('hex');
  const signed = await sigv4SignHeaders({
    method: input.method,
    url,
    headers: { ...input.headers },
    region: target.region,
    credentials: {
      accessKeyId: creds.secretId,
      secretAccessKey: creds.secretKey,
      sessionToken: creds.securityToken,
    },
    payloadHash,
    ...(input.nowSec !== undefined ? { date: new Date(input.nowSec * 1000) } : {}),
  });
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(signed)) out[key.toLowerCase()] = String(value);
  return out;
}

/** The query without the parameters named in `unsigned` (any case); the query itself when none is named. */
function withoutUnsigned(
  query: readonly QueryPair[],
  unsigned: readonly string[] | undefined,
): readonly QueryPair[] {
  if (unsigned === undefined || unsigned.length === 0) return query;
  const names = new Set(unsigned.map((name) => name.toLowerCase()));
  return query.filter(([name]) => !names.has(name.toLowerCase()));
}

/** A query pair as signed: a bare name (`?uploads`) has the value `''` (spec §6.1 step 3). */
function valuedPair([name, value]: QueryPair): readonly [string, string] {
  return [name, value ?? ''];
}
