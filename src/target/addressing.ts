/**
 * Where a request goes and what it is called: the socket origin, the Host header, the wire path and the
 * decoded pathname a signature covers. One function per concern, pure, so the client, the raw-socket path and
 * the tests agree on every byte. Spec §1.1 (virtual-host vs path-style) and §6.1 step 5 (signed path is decoded).
 */
import { isIP } from 'node:net';
import type { Target } from './types.ts';
import { CosConformanceError, HARNESS_ERROR_CODES } from '../errors.ts';
import { BoundedCache } from '../bounded-cache.ts';

/** Thrown for a key that cannot be put on the wire (lone UTF-16 surrogates have no UTF-8 form). */
export class InvalidKeyError extends CosConformanceError {
  constructor(message: string) {
    super(HARNESS_ERROR_CODES.client.invalidKey, message);
  }
}

/** Thrown for a target whose endpoint is not an http(s) URL. */
export class InvalidEndpointError extends CosConformanceError {
  constructor(message: string) {
    super(HARNESS_ERROR_CODES.client.invalidEndpoint, message);
  }
}

/** A string of RFC 3986 unreserved characters only, which {@link encodeComponent} leaves as it is. */
const UNRESERVED_ONLY = /^[A-Za-z0-9\-_.~]*$/;

/**
 * RFC 3986 percent-encoding of one path segment or query component: only `A-Z a-z 0-9 - _ . ~` stay literal,
 * the unreserved set the COS signature also uses (spec §6.1 "UrlEncode").
 */
export function encodeComponent(value: string): string {
  // Most components (part numbers, upload ids, plain key segments) are unreserved already: one test, no copies.
  if (UNRESERVED_ONLY.test(value)) return value;
  let out: string;
  try {
    out = encodeURIComponent(value);
  } catch {
    throw new InvalidKeyError('value is not well-formed UTF-16 (lone surrogate)');
  }
  return out.replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** Percent-encodes an object key for the URL path, segment by segment: `/` stays a separator, so `a//b` stays `a//b`. */
export function encodeKeyPath(key: string): string {
  return key.split('/').map(encodeComponent).join('/');
}

/** Inverse of {@link encodeKeyPath}: decodes each segment of a wire path. */
export function decodeKeyPath(path: string): string {
  return path.split('/').map(decodeURIComponent).join('/');
}

/** The default COS virtual-host domain for a region (spec §1.1). */
export function defaultCosDomain(region: string): string {
  return `cos.${region}.myqcloud.com`;
}

/** The endpoint used when a target leaves it empty: real COS over https (spec §1.1). */
export function defaultEndpoint(target: Pick<Target, 'bucket' | 'region' | 'addressing'>): string {
  const domain = defaultCosDomain(target.region);
  return target.addressing === 'virtual-host' ? `https://${target.bucket}.${domain}` : `https://${domain}`;
}

/** True for hosts that name a machine rather than a DNS zone: IP literals and `localhost`. */
export function isLiteralHost(hostname: string): boolean {
  const bare = hostname.replace(/^\[|\]$/g, '');
  return isIP(bare) !== 0 || bare === 'localhost' || bare.endsWith('.localhost');
}

/** The addressing decision for one request. */
export interface ResolvedAddress {
  /** `scheme://host[:port]` the socket connects to. */
  origin: string;
  /** Value of the Host header (may differ from the origin on loopback). */
  host: string;
  /** Wire path, percent-encoded, starting with `/`; no query. */
  path: string;
  /** Decoded pathname the COS signature covers (spec §6.1 step 5). */
  signPathname: string;
  /** Whether the origin is TLS. */
  tls: boolean;
}

/** The fields of a parsed endpoint URL that addressing reads (a frozen copy, so a cached one cannot be changed). */
type Endpoint = Readonly<Pick<URL, 'protocol' | 'origin' | 'host' | 'hostname' | 'port'>>;

/**
 * Parsed endpoints by their raw text: parsing a URL costs more than the rest of {@link resolveAddress}, and a run
 * sends thousands of requests to one or two endpoints. Bounded, so a caller minting endpoints cannot grow it.
 */
const ENDPOINTS = new BoundedCache<string, Endpoint>(64);

function parseEndpoint(target: Target): Endpoint {
  const raw = target.endpoint.trim() === '' ? defaultEndpoint(target) : target.endpoint;
  const cached = ENDPOINTS.get(raw);
  if (cached !== undefined) return cached;
  const url = parseEndpointUrl(raw);
  const { protocol, origin, host, hostname, port } = url;
  const endpoint: Endpoint = Object.freeze({ protocol, origin, host, hostname, port });
  ENDPOINTS.set(raw, endpoint);
  return endpoint;
}

function parseEndpointUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new InvalidEndpointError(`endpoint is not a URL: ${raw}`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new InvalidEndpointError(`endpoint must be http or https: ${raw}`);
  }
  return url;
}

/**
 * The Host header for virtual-host addressing: `<bucket>.<virtualHostDomain ?? cos.<region>.myqcloud.com>`.
 * When the endpoint already names the bucket (`https://<bucket>.cos.<region>.myqcloud.com`), that host is used.
 */
export function virtualHost(target: Target, endpoint: Endpoint = parseEndpoint(target)): string {
  if (target.virtualHostDomain !== undefined) return `${target.bucket}.${target.virtualHostDomain}`;
  if (!isLiteralHost(endpoint.hostname)) {
    if (endpoint.hostname.startsWith(`${target.bucket}.`)) return endpoint.host;
    return `${target.bucket}.${endpoint.host}`;
  }
  return `${target.bucket}.${defaultCosDomain(target.region)}`;
}

/**
 * Resolves where a request for `key` goes. `key === undefined` addresses the bucket itself
 * (List Multipart Uploads, bucket create/delete/head).
 *
 * - virtual-host: Host `<bucket>.<domain>`, path `/<key>`, signed pathname `/<key>`. A loopback or IP endpoint is
 *   connected to as given while the Host header names the bucket (what the SDKs' `Ip` option does, spec §7);
 *   a DNS endpoint is connected to at the virtual host itself, keeping the endpoint's scheme and port.
 * - path: Host = endpoint host, path `/<bucket>/<key>` (bucket-level: `/<bucket>`), signed pathname is the
 *   decoded wire path, bucket included.
 */
export function resolveAddress(target: Target, key?: string): ResolvedAddress {
  const endpoint = parseEndpoint(target);
  const tls = endpoint.protocol === 'https:';
  const keyPath = key === undefined ? '' : encodeKeyPath(key);
  if (target.addressing === 'path') {
    const bucketSeg = encodeComponent(target.bucket);
    const path = key === undefined ? `/${bucketSeg}` : `/${bucketSeg}/${keyPath}`;
    const signPathname = key === undefined ? `/${target.bucket}` : `/${target.bucket}/${key}`;
    return { origin: endpoint.origin, host: endpoint.host, path, signPathname, tls };
  }
  const host = virtualHost(target, endpoint);
  let origin = endpoint.origin;
  if (!isLiteralHost(endpoint.hostname) && host !== endpoint.host) {
    const hasPort = /:\d+$/.test(host);
    origin = `${endpoint.protocol}//${host}${!hasPort && endpoint.port ? `:${endpoint.port}` : ''}`;
  }
  return { origin, host, path: `/${keyPath}`, signPathname: `/${key ?? ''}`, tls };
}
