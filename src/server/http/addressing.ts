/**
 * Which bucket and key a request names (spec §1.1, checklist §8 item 1).
 *
 * - Virtual-host: the first label of the Host (port ignored) has the COS bucket form `<name>-<appid>`,
 *   `^[a-z0-9-]+-\d+$` ([NODE] checkParams), and at least one more label follows, whatever the domain
 *   (`examplebucket-1250000000.cos.ap-guangzhou.myqcloud.com`, `examplebucket-1250000000.localhost`, …).
 *   The key is the decoded path without its leading `/`.
 * - Path-style otherwise (IP literals, `localhost`, `cos.<region>.myqcloud.com`): `/<bucket>/<key>`.
 *
 * The path is percent-decoded exactly once (a literal `+` stays a plus; `%2B` is a plus too; `//` is kept), so
 * keys may hold unicode, spaces and empty segments.
 */
import { cosError } from './cos-error.ts';
import { checkObjectKey } from './key-rules.ts';
import { BoundedCache } from '../../bounded-cache.ts';

/** COS bucket name: `<BucketName>-<APPID>` (spec §1.1 [NODE]). */
export const BUCKET_NAME_PATTERN = /^[a-z0-9-]+-\d+$/;

export interface ResolvedRequestAddress {
  style: 'virtual-host' | 'path';
  /** The bucket, or undefined for a service-level request (path-style `/`). */
  bucket?: string;
  /** The decoded key; `''` addresses the bucket itself. */
  key: string;
  /**
   * Decoded pathnames a q-sign signature may cover, in order of preference (spec §6.1 step 5). Virtual-host: the
   * decoded path. Path-style: the decoded path (bucket included, what this project's client signs) and `/<key>`
   * (what cos-nodejs-sdk-v5 signs with `Domain: 'host:port/{Bucket}'`, peers README §4).
   */
  signedPathnames: string[];
}

/** The hostname of a Host header value, without port and lower-cased. */
export function hostnameOf(host: string): string {
  const trimmed = host.trim().toLowerCase();
  if (trimmed.startsWith('[')) return trimmed.slice(0, trimmed.indexOf(']') + 1);
  const colon = trimmed.lastIndexOf(':');
  return colon === -1 ? trimmed : trimmed.slice(0, colon);
}

/**
 * Host values already classified, with the bucket they name (undefined: path-style). A client sends one Host with
 * every request, so the Host is parsed once, not per request; the cache is bounded by entries and value length.
 */
const bucketByHost = new BoundedCache<string, string | undefined>(64);
const HOST_CACHE_MAX_LENGTH = 256;

/** The bucket named by a virtual-host Host header, or undefined when the Host is not of that form. */
export function virtualHostBucket(host: string): string | undefined {
  const known = bucketByHost.get(host);
  if (known !== undefined || bucketByHost.has(host)) return known;
  const bucket = parseVirtualHostBucket(host);
  if (host.length <= HOST_CACHE_MAX_LENGTH) {
    bucketByHost.set(host, bucket);
  }
  return bucket;
}

function parseVirtualHostBucket(host: string): string | undefined {
  const hostname = hostnameOf(host);
  const dot = hostname.indexOf('.');
  if (dot <= 0 || dot === hostname.length - 1) return undefined;
  const label = hostname.slice(0, dot);
  return BUCKET_NAME_PATTERN.test(label) ? label : undefined;
}

/** Percent-decodes a raw path once; a malformed escape is 400 InvalidURI. */
export function decodePath(rawPath: string): string {
  if (!rawPath.includes('%')) return rawPath;
  try {
    return decodeURIComponent(rawPath);
  } catch {
    throw cosError('InvalidURI', 'The request path is not a valid percent-encoded UTF-8 string.');
  }
}

/** Resolves the bucket and key of a request from its Host header and raw path (no query). */
export function resolveRequestAddress(host: string, rawPath: string): ResolvedRequestAddress {
  const path = rawPath.startsWith('/') ? rawPath : `/${rawPath}`;
  const vhBucket = virtualHostBucket(host);
  if (vhBucket !== undefined) {
    const decoded = decodePath(path);
    checkObjectKey(decoded.slice(1));
    return { style: 'virtual-host', bucket: vhBucket, key: decoded.slice(1), signedPathnames: [decoded] };
  }
  const slash = path.indexOf('/', 1);
  const rawBucket = slash === -1 ? path.slice(1) : path.slice(1, slash);
  if (rawBucket === '') return { style: 'path', key: '', signedPathnames: [decodePath(path)] };
  const bucket = decodePath(rawBucket);
  const key = slash === -1 ? '' : decodePath(path.slice(slash + 1));
  checkObjectKey(key);
  const full = decodePath(path);
  const keyOnly = `/${key}`;
  return {
    style: 'path',
    bucket,
    key,
    signedPathnames: full === keyOnly ? [full] : [full, keyOnly],
  };
}
