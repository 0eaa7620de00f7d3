import {
  COS_SIGN_ALGORITHM,
  canonicalizePairs,
  cosHttpString,
  cosSignatureOf,
  cosSignKey,
  cosStringToSign,
  joinCanonicalNames,
  joinCanonicalPairs,
  parseKeyTime,
} from './cos-algorithm.ts';
import {
  COS_SECURITY_TOKEN,
  type CosAuthorizationFields,
  formatCosAuthorization,
} from './cos-authorization.ts';
import { nodeSdkSignHeader, type SignHeaderRule } from './cos-sign-headers.ts';
import { SignInputError } from './errors.ts';

/** Query parameters to sign: a record (`undefined` = a parameter without value, `?uploads`) or ordered pairs. */
export type CosQueryInput =
  | Readonly<Record<string, string | undefined>>
  | ReadonlyArray<readonly [string, string]>;

/** Default validity of a signature, as the Node SDK (spec §6.3 [NODE]). */
export const DEFAULT_COS_EXPIRES_SEC = 900;

export interface CosSignInput {
  secretId: string;
  secretKey: string;
  method: string;
  /** The decoded path (spec §6.1 step 5), e.g. `/exampleobject(腾讯云)`; a missing leading `/` is added. */
  pathname: string;
  /** All of these are signed (spec §6.3: the SDKs sign every query parameter). */
  query?: CosQueryInput;
  /** Request headers; {@link CosSignInput.signHeader} picks the signed ones. Values are signed as given (not trimmed). */
  headers?: Readonly<Record<string, string>>;
  /** `start;end` Unix seconds for both q-sign-time and q-key-time. Default: `now-1;now-1+expiresSec` (Node SDK). */
  keyTime?: string;
  /** Current time in Unix seconds when keyTime is absent (default: the system clock). */
  nowSec?: number;
  /** Validity in seconds when keyTime is absent (default 900). */
  expiresSec?: number;
  /** Which headers to sign, by lower-case name. Default: the Node SDK 3.0.0 rule ({@link nodeSdkSignHeader}). */
  signHeader?: SignHeaderRule;
  /**
   * Temporary-credential token (spec §6.6). Returned in {@link CosSignature.extraHeaders} as `x-cos-security-token`;
   * by default attached after signing and left out of q-header-list (Node SDK), signed when `signSecurityToken`
   * (Go SDK as in spec §6.6). A token header inside `headers` is ignored when this is set.
   */
  securityToken?: string;
  signSecurityToken?: boolean;
}

/** A computed q-sign signature with its intermediate values (for tests and diagnostics; never log them). */
export interface CosSignature {
  /** The `Authorization` header value. */
  authorization: string;
  secretId: string;
  /** q-sign-time (equal to keyTime). */
  signTime: string;
  keyTime: string;
  /** q-header-list, e.g. `content-length;host`. */
  headerList: string;
  /** q-url-param-list, e.g. `partnumber;uploadid`. */
  urlParamList: string;
  httpParameters: string;
  httpHeaders: string;
  httpString: string;
  stringToSign: string;
  signKey: string;
  signature: string;
  /** Headers to send besides the signed ones: `x-cos-security-token` when a token was given. */
  extraHeaders: Record<string, string>;
  /** The Authorization fields, e.g. for query-string mode via `cosAuthorizationQueryPairs`. */
  fields: CosAuthorizationFields;
}

/**
 * Computes a COS q-sign signature (spec §6.1 [D7778]). Pure apart from reading the clock when neither keyTime nor
 * nowSec is given. Throws {@link SignInputError} on unusable input.
 *
 * Compared with cos-nodejs-sdk-v5 3.0.0 `COS.getAuthorization` (checked by test/sign/cos-sdk-property.test.ts), the
 * result is the same except: (1) the SDK orders HttpParameters/HttpHeaders by the lower-cased *raw* key but the
 * lists by the lower-cased *encoded* key, which disagree when a key mixes encoded characters with `-` `.` digits or
 * letters at the same position (e.g. `a/` vs `a-`), or non-ASCII letters that differ by case; this function orders
 * both by the encoded key, as the doc says; (2) the SDK throws on lone surrogates, this encodes them as U+FFFD.
 */
export function cosSign(input: CosSignInput): CosSignature {
  if (!input.secretId) throw new SignInputError('cosSign: secretId is empty');
  if (!input.secretKey) throw new SignInputError('cosSign: secretKey is empty');
  const keyTime = input.keyTime ?? defaultKeyTime(input.nowSec, input.expiresSec);
  if (keyTime !== lastValidKeyTime) {
    const window = parseKeyTime(keyTime);
    if (!window || window.start > window.end) {
      throw new SignInputError(`cosSign: keyTime must be "start;end" in Unix seconds, got "${keyTime}"`);
    }
    lastValidKeyTime = keyTime;
  }
  const pathname = input.pathname.startsWith('/') ? input.pathname : `/${input.pathname}`;
  const rule = input.signHeader ?? nodeSdkSignHeader;

  const headerPairs: Array<[string, string]> = [];
  const inputHeaders = input.headers ?? {};
  for (const name in inputHeaders) {
    const value = inputHeaders[name]!;
    const lower = name.toLowerCase();
    if (input.securityToken !== undefined && lower === COS_SECURITY_TOKEN) continue;
    if (rule(lower)) headerPairs.push([name, value]);
  }
  const extraHeaders: Record<string, string> = {};
  if (input.securityToken !== undefined) {
    if (input.signSecurityToken) headerPairs.push([COS_SECURITY_TOKEN, input.securityToken]);
    extraHeaders[COS_SECURITY_TOKEN] = input.securityToken;
  }

  const params = canonicalizePairs(signedPairs(input.query));
  const headers = canonicalizePairs(headerPairs);
  const httpParameters = joinCanonicalPairs(params);
  const httpHeaders = joinCanonicalPairs(headers);
  const httpString = cosHttpString(input.method, pathname, httpParameters, httpHeaders);
  const signKey = cosSignKey(input.secretKey, keyTime);
  const stringToSign = cosStringToSign(keyTime, httpString);
  const signature = cosSignatureOf(signKey, stringToSign);
  const headerList = joinCanonicalNames(headers);
  const urlParamList = joinCanonicalNames(params);
  const fields: CosAuthorizationFields = {
    signAlgorithm: COS_SIGN_ALGORITHM,
    ak: input.secretId,
    signTime: keyTime,
    keyTime,
    headerList,
    urlParamList,
    signature,
  };
  const authorization = formatCosAuthorization(fields);
  return {
    authorization,
    secretId: input.secretId,
    signTime: keyTime,
    keyTime,
    headerList,
    urlParamList,
    httpParameters,
    httpHeaders,
    httpString,
    stringToSign,
    signKey,
    signature,
    extraHeaders,
    fields,
  };
}

/**
 * The last keyTime found well-formed: a signer's keyTime changes once a second, so it is checked once a second, not
 * per request.
 */
let lastValidKeyTime: string | undefined;

/** Query input as ordered pairs; a record's `undefined` value becomes `''`. */
export function queryPairs(query: CosQueryInput | undefined): Array<[string, string]> {
  if (query === undefined) return [];
  if (Array.isArray(query)) return query.map(([k, v]) => [k, v]);
  return Object.entries(query as Readonly<Record<string, string | undefined>>).map(([key, value]) => [
    key,
    value ?? '',
  ]);
}

/** The pairs of {@link queryPairs}, without copying pairs given as pairs (they are only read). */
function signedPairs(query: CosQueryInput | undefined): ReadonlyArray<readonly [string, string]> {
  return Array.isArray(query) ? (query as ReadonlyArray<readonly [string, string]>) : queryPairs(query);
}

/** `now-1;now-1+expires`, as the Node SDK (spec §6.3 [NODE] `getAuth`). */
function defaultKeyTime(nowSec: number | undefined, expiresSec: number | undefined): string {
  const start = Math.round(nowSec ?? Date.now() / 1000) - 1;
  return `${start};${start + (expiresSec ?? DEFAULT_COS_EXPIRES_SEC)}`;
}
