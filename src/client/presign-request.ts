/**
 * Query-string signing (a presigned URL) for both send paths: COS q-* fields in the query, the token as
 * `x-cos-security-token` (spec §6.1 "Transport", §6.6), or SigV4 `X-Amz-*` parameters with `UNSIGNED-PAYLOAD`, as the
 * AWS SDK's presigner makes them (spec §6.5). The request then carries no Authorization header.
 */
import { HttpRequest } from '@smithy/protocol-http';
import { SignatureV4 } from '@smithy/signature-v4';
import { COS_SECURITY_TOKEN, cosAuthorizationQueryPairs } from '../sign/cos-authorization.ts';
import { cosSign } from '../sign/cos-sign.ts';
import { sha256Constructor, toQueryBag, UNSIGNED_PAYLOAD } from '../sign/sigv4.ts';
import type { ResolvedAddress } from '../target/addressing.ts';
import type { Target } from '../target/types.ts';
import type { QueryPair } from './query.ts';

/** How long a presigned URL of the harness is valid, in seconds (the Node SDK's default validity, spec §6.3). */
export const PRESIGNED_EXPIRES_SEC = 900;

const SHA256_HEADER = 'x-amz-content-sha256';

export interface PresignRequestInput {
  target: Target;
  method: string;
  address: ResolvedAddress;
  query: readonly QueryPair[];
  /** Headers to send, lower-case names, `host` included; they are signed and sent. */
  headers: Readonly<Record<string, string>>;
  /** Clock override in Unix seconds. */
  nowSec?: number;
}

/** The query to send (the request's own parameters, then the signature's) and the headers to send with it. */
export async function presignRequest(
  input: PresignRequestInput,
): Promise<{ query: QueryPair[]; headers: Record<string, string> }> {
  const { target } = input;
  const creds = target.credentials;
  if (target.signer === 'cos') {
    const sig = cosSign({
      secretId: creds.secretId,
      secretKey: creds.secretKey,
      method: input.method,
      pathname: input.address.signPathname,
      query: input.query.map(([name, value]) => [name, value ?? ''] as const),
      headers: input.headers,
      nowSec: input.nowSec,
      expiresSec: PRESIGNED_EXPIRES_SEC,
    });
    const query: QueryPair[] = [...input.query, ...cosAuthorizationQueryPairs(sig.fields)];
    if (creds.securityToken !== undefined) query.push([COS_SECURITY_TOKEN, creds.securityToken]);
    return { query, headers: { ...input.headers } };
  }
  const signer = new SignatureV4({
    service: 's3',
    region: target.region,
    credentials: {
      accessKeyId: creds.secretId,
      secretAccessKey: creds.secretKey,
      ...(creds.securityToken !== undefined ? { sessionToken: creds.securityToken } : {}),
    },
    sha256: sha256Constructor,
    uriEscapePath: false,
  });
  const [hostname, port] = splitHost(input.address.host);
  const presigned = await signer.presign(
    new HttpRequest({
      method: input.method.toUpperCase(),
      protocol: input.address.tls ? 'https:' : 'http:',
      hostname,
      ...(port !== undefined ? { port } : {}),
      path: input.address.path,
      query: toQueryBag(input.query.map(([name, value]) => [name, value ?? ''] as const)),
      // The payload hash smithy signs: without this header it would sign the hash of an empty body.
      headers: { ...input.headers, [SHA256_HEADER]: UNSIGNED_PAYLOAD },
    }),
    {
      expiresIn: PRESIGNED_EXPIRES_SEC,
      unsignableHeaders: new Set([SHA256_HEADER]),
      signingDate: input.nowSec !== undefined ? new Date(input.nowSec * 1000) : new Date(),
    },
  );
  const query: QueryPair[] = [...input.query];
  const own = new Set(input.query.map(([name]) => name));
  for (const [name, value] of Object.entries(presigned.query ?? {})) {
    if (own.has(name)) continue;
    for (const one of Array.isArray(value) ? value : [value]) query.push([name, one ?? '']);
  }
  return { query, headers: { ...input.headers } };
}

/** `host[:port]` (a bracketed IPv6 literal kept whole) as hostname and port. */
function splitHost(host: string): [string, number | undefined] {
  const match = /^(\[[^\]]*\]|[^:]*)(?::(\d+))?$/.exec(host);
  if (!match) return [host, undefined];
  return [match[1]!, match[2] !== undefined ? Number(match[2]) : undefined];
}
