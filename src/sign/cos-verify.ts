import {
  COS_SIGN_ALGORITHM,
  compareAscii,
  cosCanonicalName,
  cosHttpString,
  cosSignatureDigest,
  cosSignKey,
  cosStringToSign,
  parseKeyTime,
} from './cos-algorithm.ts';
import {
  COS_SECURITY_TOKEN,
  type CosAuthorizationFields,
  isCosSignParam,
  parseCosAuthorization,
  parseCosAuthorizationQuery,
} from './cos-authorization.ts';
import { orderings, type SignedItem } from './cos-orderings.ts';
import { percentDecode } from './query.ts';
import { digestsEqual } from './timing-safe.ts';
import {
  REQUEST_EXPIRED_MESSAGE,
  type VerifyOptions,
  type VerifyResult,
  verifyFailure,
} from './verify-result.ts';
import { BoundedCache } from '../bounded-cache.ts';

/** A request as the server received it. */
export interface CosVerifyRequest {
  method: string;
  /** The decoded path (spec §6.1 step 5). Path-style servers strip the bucket first (peers README, Node `Domain`). */
  pathname: string;
  /** Decoded query pairs in wire order, signature parameters included (see {@link decodeQueryPairs}). */
  query: ReadonlyArray<readonly [string, string]>;
  /** Request headers with lower-case names (Node's `IncomingHttpHeaders` fits). */
  headers: Readonly<Record<string, string | string[] | undefined>>;
}

/** Maps a SecretId to its SecretKey, or undefined when unknown. */
export type SecretLookup = (secretId: string) => string | undefined;

/**
 * Verifies a COS q-sign signature (spec §6.1, §6.4, §6.6; checklist §8 item 2). The signature is recomputed over
 * exactly the headers and parameters the client declared in q-header-list / q-url-param-list (names compared
 * case-insensitively; unlisted headers and parameters are ignored). Order of checks: a signature is present
 * (else AccessDenied) and well-formed (else AccessDenied), the SecretId is known (else InvalidAccessKeyId),
 * `nowSec` lies within q-sign-time (else RequestTimeTooSkewed; a query-string signature past its end is
 * AccessDenied "Request has expired", as a presigned URL), every listed header is present and the signature
 * matches (else SignatureDoesNotMatch). `x-cos-security-token` is accepted signed or not (spec §6.6).
 *
 * Tolerances, for the SDKs' differences (spec §6.3): the StringToSign may use q-sign-time (Node) or q-key-time
 * (Go, doc) when they differ; HttpParameters / HttpHeaders may be ordered as the doc, the Node SDK or the Go SDK
 * order them (see `orderings`); list entries may be URL-encoded or not. At most 3 × 3 × 2 candidates are computed.
 */
export function verifyCos(
  req: CosVerifyRequest,
  lookupSecret: SecretLookup,
  nowSec: number,
  options: VerifyOptions = {},
): VerifyResult {
  const authHeader = headerValue(req.headers, 'authorization');
  let fields: CosAuthorizationFields | undefined;
  let transport: 'header' | 'query';
  if (authHeader !== undefined && authHeader.trim() !== '') {
    transport = 'header';
    fields = parseCosAuthorization(authHeader);
    if (!fields) {
      return verifyFailure('AccessDenied', 'Authorization header is not a well-formed COS q-sign signature');
    }
  } else {
    transport = 'query';
    if (!req.query.some(([name]) => isCosSignParam(name))) {
      return verifyFailure(
        'AccessDenied',
        'anonymous request: no Authorization header and no q-signature query',
      );
    }
    fields = parseCosAuthorizationQuery(req.query);
    if (!fields) {
      return verifyFailure(
        'AccessDenied',
        'query-string signature is incomplete or has a repeated q-* parameter',
      );
    }
  }

  if (fields.signAlgorithm.toLowerCase() !== COS_SIGN_ALGORITHM) {
    return verifyFailure(
      'AccessDenied',
      `unsupported q-sign-algorithm ${quote(fields.signAlgorithm)} (expected sha1)`,
    );
  }
  const signWindow = parseKeyTime(fields.signTime);
  const keyWindow = fields.keyTime === fields.signTime ? signWindow : parseKeyTime(fields.keyTime);
  if (!signWindow || !keyWindow || signWindow.start > signWindow.end || keyWindow.start > keyWindow.end) {
    return verifyFailure(
      'AccessDenied',
      'q-sign-time / q-key-time must be "start;end" Unix seconds with start <= end',
    );
  }
  if (!/^[0-9a-fA-F]{40}$/.test(fields.signature)) {
    return verifyFailure('AccessDenied', 'q-signature is not 40 hex digits');
  }
  const secretKey = lookupSecret(fields.ak);
  if (secretKey === undefined) {
    return verifyFailure('InvalidAccessKeyId', `unknown SecretId ${quote(fields.ak)}`);
  }

  const skew = options.clockSkewSec ?? 0;
  if (nowSec > signWindow.end + skew && transport === 'query') {
    // A presigned URL past its end (spec §4.2 [D40105]: AccessDenied "Request has expired").
    return {
      ...verifyFailure('AccessDenied', `q-sign-time ended at ${signWindow.end}, server time is ${nowSec}`),
      message: REQUEST_EXPIRED_MESSAGE,
    };
  }
  if (nowSec > signWindow.end + skew) {
    return verifyFailure(
      'RequestTimeTooSkewed',
      `Request has expired: q-sign-time ended at ${signWindow.end}, server time is ${nowSec}`,
    );
  }
  if (nowSec < signWindow.start - skew) {
    return verifyFailure(
      'RequestTimeTooSkewed',
      `signature not yet valid: q-sign-time starts at ${signWindow.start}, server time is ${nowSec}`,
    );
  }

  // Headers named in q-header-list.
  const headerNames = declaredNames(fields.headerList).names;
  const headerItems: SignedItem[] = [];
  let headersByName: Map<string, SignedItem> | undefined;
  for (const name of headerNames) {
    let item = directHeader(req.headers, name);
    if (item === undefined) {
      headersByName ??= headersByCanonicalName(req.headers);
      item = headersByName.get(name);
    }
    if (item === undefined) {
      return verifyFailure(
        'SignatureDoesNotMatch',
        `q-header-list names header "${name}", which the request does not carry`,
      );
    }
    headerItems.push(item);
  }

  // Parameters named in q-url-param-list; signature parameters are never part of the signed set.
  const params = declaredNames(fields.urlParamList);
  const paramItems: SignedItem[] = [];
  for (const [key, value] of req.query) {
    const name = canonicalName(key);
    if (params.set.has(name) && !isCosSignParam(key)) paramItems.push({ name, key, value });
  }
  const missingParam = firstMissing(params.names, paramItems);
  if (missingParam !== undefined) {
    return verifyFailure(
      'SignatureDoesNotMatch',
      `q-url-param-list names parameter "${missingParam}", which the request does not carry`,
    );
  }

  const signKey = cosSignKey(secretKey, fields.keyTime);
  const signTimes =
    fields.signTime === fields.keyTime ? [fields.signTime] : [fields.signTime, fields.keyTime];
  const headerOrders = orderings(headerItems);
  // 40 hex digits (checked above), so 20 bytes whatever the case of the digits.
  const received = receivedSignature;
  received.write(fields.signature, 'hex');
  let matched = false;
  for (const httpParameters of orderings(paramItems)) {
    for (const httpHeaders of headerOrders) {
      const httpString = cosHttpString(req.method, req.pathname, httpParameters, httpHeaders);
      for (const signTime of signTimes) {
        const expected = cosSignatureDigest(signKey, cosStringToSign(signTime, httpString));
        // Every candidate is evaluated: the time taken does not depend on which one matches.
        matched = digestsEqual(received, expected) || matched;
      }
    }
  }
  if (!matched) {
    return verifyFailure(
      'SignatureDoesNotMatch',
      `the q-signature does not match the request (method, path, q-url-param-list ${quote(fields.urlParamList)}, ` +
        `q-header-list ${quote(fields.headerList)})`,
    );
  }

  const token =
    transport === 'header'
      ? headerValue(req.headers, COS_SECURITY_TOKEN)
      : req.query.find(([name]) => name.toLowerCase() === COS_SECURITY_TOKEN)?.[1];
  return {
    ok: true,
    secretId: fields.ak,
    scheme: 'cos',
    transport,
    signedHeaders: [...headerNames],
    signedParams: [...params.names],
    ...(token !== undefined ? { securityToken: token } : {}),
  };
}

/** The bytes of the q-signature being verified (verification is synchronous, so one buffer serves). */
const receivedSignature = Buffer.alloc(20);

/** The distinct canonical names of a declared list, sorted, and the same names as a set. */
interface DeclaredNames {
  readonly names: readonly string[];
  readonly set: ReadonlySet<string>;
}

/**
 * Declared lists already parsed, by their exact text. A client sends the same q-header-list and q-url-param-list
 * with every request of a kind, so parsing them once saves a split, a decode and a sort per request. Lists hold
 * names only (no secret); the cache is bounded by entries and by the length of the lists it keeps.
 */
const declaredCache = new BoundedCache<string, DeclaredNames>(64);
const DECLARED_CACHE_MAX_LIST = 1024;

/**
 * The distinct canonical names of a declared list, sorted. Entries are compared case-insensitively and may be
 * URL-encoded or not (the Node SDK's sync signed URL leaves q-url-param-list decoded).
 */
function declaredNames(list: string): DeclaredNames {
  const hit = declaredCache.get(list);
  if (hit !== undefined) return hit;
  const set = new Set<string>();
  for (const entry of list.split(';')) {
    const trimmed = entry.trim();
    if (trimmed !== '') set.add(canonicalName(trimmed, percentDecode));
  }
  const names = Object.freeze([...set].sort(compareAscii));
  const parsed: DeclaredNames = { names, set };
  if (list.length <= DECLARED_CACHE_MAX_LIST) {
    declaredCache.set(list, parsed);
  }
  return parsed;
}

/**
 * The header a canonical name designates when it is also a lower-case header name (no `%`: `host`,
 * `content-length`, `x-cos-meta-a`): request headers have lower-case names ({@link CosVerifyRequest}), so only the
 * header of exactly that name canonicalizes to it. Undefined when the name has a `%` or no such header is present
 * (the caller then canonicalizes every header name, which also serves headers given with upper-case names).
 */
function directHeader(headers: CosVerifyRequest['headers'], name: string): SignedItem | undefined {
  if (!CANONICAL.test(name) || !Object.hasOwn(headers, name)) return undefined;
  const value = headerValue(headers, name);
  return value === undefined ? undefined : { name, key: name, value };
}

/** Every header of the request by canonical name (for names that are not plain lower-case header names). */
function headersByCanonicalName(headers: CosVerifyRequest['headers']): Map<string, SignedItem> {
  const byName = new Map<string, SignedItem>();
  for (const [key, raw] of Object.entries(headers)) {
    if (raw === undefined) continue;
    const name = canonicalName(key);
    byName.set(name, { name, key, value: Array.isArray(raw) ? raw.join(', ') : raw });
  }
  return byName;
}

/** The first of `names` (in their order) that no item carries, or undefined when every name is carried. */
function firstMissing(names: readonly string[], items: readonly SignedItem[]): string | undefined {
  for (const name of names) {
    let carried = false;
    for (const item of items) {
      if (item.name === name) {
        carried = true;
        break;
      }
    }
    if (!carried) return name;
  }
  return undefined;
}

/** Text that is its own canonical name: unreserved and lower case (most header and parameter names). */
const CANONICAL = /^[a-z0-9\-_.~]*$/;

/**
 * {@link cosCanonicalName} of `key` (after `decode`, when given), without encoding a name that is already
 * canonical: the verifier canonicalizes every header name of every request.
 */
function canonicalName(key: string, decode?: (text: string) => string): string {
  if (CANONICAL.test(key)) return key;
  return cosCanonicalName(decode ? decode(key) : key);
}

function headerValue(headers: CosVerifyRequest['headers'], lowerName: string): string | undefined {
  const raw = headers[lowerName];
  if (raw === undefined) return undefined;
  return Array.isArray(raw) ? raw.join(', ') : raw;
}

/** A client-supplied value for a reason string: JSON-quoted, at most 64 characters. */
function quote(value: string): string {
  return JSON.stringify(value.length > 64 ? `${value.slice(0, 64)}…` : value);
}
