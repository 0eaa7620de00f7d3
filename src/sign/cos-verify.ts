import {
  COS_SIGN_ALGORITHM,
  type CanonicalPair,
  compareAscii,
  cosCanonicalName,
  cosHttpString,
  cosSignatureOf,
  cosSignKey,
  cosStringToSign,
  joinCanonicalPairs,
  parseKeyTime,
} from './cos-algorithm.ts';
import {
  COS_SECURITY_TOKEN,
  type CosAuthorizationFields,
  isCosSignParam,
  parseCosAuthorization,
  parseCosAuthorizationQuery,
} from './cos-authorization.ts';
import { percentDecode } from './query.ts';
import { signaturesEqual } from './timing-safe.ts';
import { cosUrlEncode } from './url-encode.ts';
import {
  REQUEST_EXPIRED_MESSAGE,
  type VerifyOptions,
  type VerifyResult,
  verifyFailure,
} from './verify-result.ts';

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
  const keyWindow = parseKeyTime(fields.keyTime);
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
  const headerNames = declaredNames(fields.headerList);
  const headersByName = new Map<string, SignedItem>();
  for (const [name, raw] of Object.entries(req.headers)) {
    if (raw === undefined) continue;
    const value = Array.isArray(raw) ? raw.join(', ') : raw;
    const canonical = canonicalName(name);
    headersByName.set(canonical, { name: canonical, key: name, value });
  }
  const headerItems: SignedItem[] = [];
  for (const name of headerNames) {
    const item = headersByName.get(name);
    if (item === undefined) {
      return verifyFailure(
        'SignatureDoesNotMatch',
        `q-header-list names header "${name}", which the request does not carry`,
      );
    }
    headerItems.push(item);
  }

  // Parameters named in q-url-param-list; signature parameters are never part of the signed set.
  const paramNames = new Set(declaredNames(fields.urlParamList));
  const paramItems: SignedItem[] = req.query
    .filter(([key]) => !isCosSignParam(key))
    .map(([key, value]) => ({ name: canonicalName(key), key, value }))
    .filter((p) => paramNames.has(p.name));
  for (const name of paramNames) {
    if (!paramItems.some((signedItem) => signedItem.name === name)) {
      return verifyFailure(
        'SignatureDoesNotMatch',
        `q-url-param-list names parameter "${name}", which the request does not carry`,
      );
    }
  }

  const signKey = cosSignKey(secretKey, fields.keyTime);
  const signTimes = unique([fields.signTime, fields.keyTime]);
  let matched = false;
  for (const httpParameters of orderings(paramItems)) {
    for (const httpHeaders of orderings(headerItems)) {
      const httpString = cosHttpString(req.method, req.pathname, httpParameters, httpHeaders);
      for (const signTime of signTimes) {
        const expected = cosSignatureOf(signKey, cosStringToSign(signTime, httpString));
        // Every candidate is evaluated: the time taken does not depend on which one matches.
        matched = signaturesEqual(fields.signature, expected) || matched;
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
    signedHeaders: headerNames,
    signedParams: [...paramNames].sort(compareAscii),
    ...(token !== undefined ? { securityToken: token } : {}),
  };
}

/**
 * The distinct canonical names of a declared list, sorted. Entries are compared case-insensitively and may be
 * URL-encoded or not (the Node SDK's sync signed URL leaves q-url-param-list decoded).
 */
function declaredNames(list: string): string[] {
  const names = new Set<string>();
  for (const entry of list.split(';')) {
    const trimmed = entry.trim();
    if (trimmed !== '') names.add(canonicalName(trimmed, percentDecode));
  }
  return [...names].sort(compareAscii);
}

/** A signed header or parameter as received: canonical name, wire key, decoded value. */
interface SignedItem {
  name: string;
  key: string;
  value: string;
}

/**
 * The candidate HttpParameters / HttpHeaders strings, in the orders clients produce: by canonical (encoded) name
 * with repeated names in wire order (the doc; a stable sort); by lower-cased raw key (cos-nodejs-sdk-v5, whose
 * HttpString order differs from its own lists for keys such as `a/` vs `a-` or non-ASCII keys); by canonical name
 * and then value (cos-go-sdk-v5, for repeated names).
 */
function orderings(items: readonly SignedItem[]): string[] {
  // Each item is encoded once (and its lower-cased key made once), whatever the number of orders.
  const entries = items.map((item) => ({
    item,
    pair: canonicalPair(item),
    lowerKey: item.key.toLowerCase(),
  }));
  const format = (sorted: typeof entries) => joinCanonicalPairs(sorted.map((entry) => entry.pair));
  if (entries.length < 2) return [format(entries)];
  const docOrder = format([...entries].sort((a, b) => compareAscii(a.item.name, b.item.name)));
  const nodeOrder = format([...entries].sort((a, b) => compareAscii(a.lowerKey, b.lowerKey)));
  const goOrder = format(
    [...entries].sort(
      (a, b) =>
        compareAscii(a.item.name, b.item.name) ||
        Buffer.compare(Buffer.from(a.item.value), Buffer.from(b.item.value)),
    ),
  );
  return unique([docOrder, nodeOrder, goOrder]);
}

function canonicalPair(item: SignedItem): CanonicalPair {
  return { name: item.name, value: UNRESERVED.test(item.value) ? item.value : cosUrlEncode(item.value) };
}

/** Text COS UrlEncode leaves as it is (unreserved characters only, no `%`). */
const UNRESERVED = /^[A-Za-z0-9\-_.~]*$/;
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

function unique(values: string[]): string[] {
  return [...new Set(values)];
}
