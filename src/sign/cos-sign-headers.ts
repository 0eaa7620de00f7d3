/**
 * Which request headers a COS q-sign client puts into the signature (spec §6.3). The server does not care: it
 * recomputes over the client's q-header-list. These rules only decide what our own signer declares.
 */

/** A rule deciding whether a header (lower-case name) is signed. */
export type SignHeaderRule = (lowerName: string) => boolean;

/**
 * Headers signed by cos-nodejs-sdk-v5 3.0.0 (`sdk/util.js` `signHeaders`). Unlike v2.15.4 (spec §6.3), 3.0.0 signs
 * `content-type` and `cache-control`; `date` is never signed.
 */
export const NODE_SDK_SIGNED_HEADERS: ReadonlySet<string> = new Set([
  'cache-control',
  'content-disposition',
  'content-encoding',
  'content-length',
  'content-md5',
  'content-type',
  'expect',
  'expires',
  'host',
  'if-match',
  'if-modified-since',
  'if-none-match',
  'if-unmodified-since',
  'origin',
  'range',
  'transfer-encoding',
  'pic-operations',
]);

/**
 * The rule of cos-nodejs-sdk-v5 3.0.0, exactly: a listed name, or a name that *contains* `x-cos-` or `x-ci-`
 * (the SDK tests `indexOf(...) > -1`, so `foo-x-cos-bar` is signed too). The default of {@link cosSign}.
 */
export const nodeSdkSignHeader: SignHeaderRule = (name) =>
  name.includes('x-cos-') || name.includes('x-ci-') || NODE_SDK_SIGNED_HEADERS.has(name);

/** Headers signed by cos-go-sdk-v5 (`auth.go` `NeedSignHeaders`), besides any `x-cos-*` header (spec §6.3 [GO]). */
export const GO_SDK_SIGNED_HEADERS: ReadonlySet<string> = new Set([
  'host',
  'range',
  'response-content-type',
  'response-content-language',
  'response-expires',
  'response-cache-control',
  'response-content-disposition',
  'response-content-encoding',
  'cache-control',
  'content-disposition',
  'content-encoding',
  'content-type',
  'content-length',
  'content-md5',
  'transfer-encoding',
  'versionid',
  'expect',
  'expires',
  'if-match',
  'if-modified-since',
  'if-none-match',
  'if-unmodified-since',
  'origin',
  'access-control-request-method',
  'access-control-request-headers',
]);

/** The rule of cos-go-sdk-v5: a listed name or a name starting with `x-cos-`. */
export const goSdkSignHeader: SignHeaderRule = (name) =>
  name.startsWith('x-cos-') || GO_SDK_SIGNED_HEADERS.has(name);

/** Signs every header given (as in the doc's worked examples, spec §6.2 vector 1, which signs `date`). */
export const signAllHeaders: SignHeaderRule = () => true;
