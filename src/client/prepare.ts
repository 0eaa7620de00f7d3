/**
 * Builds the wire form of a request (origin, path, final signed headers) for both send paths, so the pooled
 * client and the raw-socket path address and sign identically.
 */
import { resolveAddress, type ResolvedAddress } from '../target/addressing.ts';
import type { Target } from '../target/types.ts';
import { buildQueryString, type QueryPair, queryRecord } from './query.ts';
import { type PayloadForSigning, signRequest } from './sign-request.ts';

/** How a request is signed: normally by the target's signer; `skip` sends only the caller's headers. */
export interface SigningOptions {
  /** Send no Authorization (unless the caller put one in `headers`): for anonymous and negative tests. */
  skip?: boolean;
  /** Signing clock in Unix seconds (clock-skew tests). */
  nowSec?: number;
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
  const qs = buildQueryString(input.query);
  const pathWithQuery = `${address.path}${qs}`;
  const signed =
    input.signing?.skip === true
      ? headers
      : await signRequest({
          target,
          method: input.method,
          address,
          query: input.query,
          headers,
          payload: input.payload,
          nowSec: input.signing?.nowSec,
        });
  return {
    address,
    pathWithQuery,
    url: `${address.origin}${pathWithQuery}`,
    headers: signed,
    query: queryRecord(input.query),
  };
}
