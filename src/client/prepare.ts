/**
 * Builds the wire form of a request (origin, path, final signed headers) for both send paths, so the pooled
 * client and the raw-socket path address and sign identically.
 */
import { resolveAddress, type ResolvedAddress } from '../target/addressing.ts';
import type { Target } from '../target/types.ts';
import { buildQueryString, type QueryPair, queryRecord } from './query.ts';
import { presignRequest } from './presign-request.ts';
import { type PayloadForSigning, signRequest } from './sign-request.ts';

/** How a request is signed: normally by the target's signer; `skip` sends only the caller's headers. */
export interface SigningOptions {
  /** Send no Authorization (unless the caller put one in `headers`): for anonymous and negative tests. */
  skip?: boolean;
  /** Signing clock in Unix seconds (clock-skew and expiry tests; SigV4 signs it as `x-amz-date`). */
  nowSec?: number;
  /**
   * Sign these query parameters instead of the ones sent: a request changed after it was signed (negative tests;
   * the signature is computed over these, the wire carries {@link PrepareInput.query}).
   */
  signedQuery?: readonly QueryPair[];
  /**
   * COS only: query parameters (names, any case) left out of q-url-param-list. Which parameters a client signs is
   * its choice (spec §6.1); SigV4 signs the whole query and ignores this.
   */
  unsignedParams?: readonly string[];
  /**
   * Carry the signature in the query string instead of the Authorization header (a presigned URL): COS q-* fields
   * and `x-cos-security-token` (spec §6.1 "Transport", §6.6), or SigV4 `X-Amz-*` parameters (spec §6.5).
   */
  inQuery?: boolean;
}

export interface PrepareInput {
  method: string;
  /** Object key; `undefined` addresses the bucket. */
  key?: string;
  query: readonly QueryPair[];
  /** Caller headers, any case; a caller `host` replaces the computed one. */
  headers?: Readonly<Record<string, string>>;
  /** Content-Length to declare; `null` declares none. */
  contentLength: number | null;
  payload: PayloadForSigning;
  signing?: SigningOptions;
}

export interface PreparedRequest {
  address: ResolvedAddress;
  /** Wire path plus query string. */
  pathWithQuery: string;
  /** `origin + pathWithQuery`: where the socket went and what it asked for. */
  url: string;
  /** Final headers, lower-case names, signed. */
  headers: Record<string, string>;
  /** Decoded query, for the record. */
  query: Record<string, string>;
}

/** Lower-cases header names; later duplicates (by case) win. */
export function lowerCaseHeaders(
  headers: Readonly<Record<string, string>> | undefined,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(headers ?? {})) out[key.toLowerCase()] = value;
  return out;
}

/** Resolves the address, sets Host and Content-Length, and signs. Throws on an unusable target, key or credentials. */
export async function prepareRequest(target: Target, input: PrepareInput): Promise<PreparedRequest> {
  const address = resolveAddress(target, input.key);
  const caller = lowerCaseHeaders(input.headers);
  const headers: Record<string, string> = { host: address.host };
  if (input.contentLength !== null) headers['content-length'] = String(input.contentLength);
  Object.assign(headers, caller);
  const signing = input.signing ?? {};
  let query = input.query;
  let signed = headers;
  if (signing.skip !== true && signing.inQuery === true) {
    const presigned = await presignRequest({
      target,
      method: input.method,
      address,
      query,
      headers,
      nowSec: signing.nowSec,
    });
    query = presigned.query;
    signed = presigned.headers;
  } else if (signing.skip !== true) {
    signed = await signRequest({
      target,
      method: input.method,
      address,
      query: signing.signedQuery ?? query,
      headers,
      payload: input.payload,
      nowSec: signing.nowSec,
      unsignedParams: signing.unsignedParams,
    });
  }
  const pathWithQuery = `${address.path}${buildQueryString(query)}`;
  return {
    address,
    pathWithQuery,
    url: `${address.origin}${pathWithQuery}`,
    headers: signed,
    query: queryRecord(query),
  };
}
