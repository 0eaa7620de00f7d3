/** Request signing and verification: COS q-sign (spec §6.1-§6.6) and AWS SigV4 for the S3-compatible profile. */
export { type AuthScheme, detectAuthScheme } from './auth-scheme.ts';
export {
  type CanonicalPair,
  COS_SIGN_ALGORITHM,
  canonicalizePairs,
  cosCanonicalName,
  cosHttpString,
  cosSignatureOf,
  cosSignKey,
  cosStringToSign,
  parseKeyTime,
} from './cos-algorithm.ts';
export {
  COS_AUTH_FIELD_NAMES,
  COS_SECURITY_TOKEN,
  type CosAuthorizationFields,
  cosAuthorizationQueryPairs,
  formatCosAuthorization,
  isCosSignParam,
  parseCosAuthorization,
  parseCosAuthorizationQuery,
} from './cos-authorization.ts';
export {
  GO_SDK_SIGNED_HEADERS,
  goSdkSignHeader,
  NODE_SDK_SIGNED_HEADERS,
  nodeSdkSignHeader,
  type SignHeaderRule,
  signAllHeaders,
} from './cos-sign-headers.ts';
export {
  type CosQueryInput,
  type CosSignature,
  type CosSignInput,
  cosSign,
  DEFAULT_COS_EXPIRES_SEC,
  queryPairs,
} from './cos-sign.ts';
export { type CosVerifyRequest, type SecretLookup, verifyCos } from './cos-verify.ts';
export { SignInputError } from './errors.ts';
export { decodeQueryPairs, percentDecode } from './query.ts';
export {
  type SigV4Credentials,
  type SigV4SignInput,
  s3UriEncodePath,
  sigv4SignHeaders,
  UNSIGNED_PAYLOAD,
} from './sigv4.ts';
export {
  parseSigV4Authorization,
  type SigV4AuthorizationFields,
  type SigV4VerifyOptions,
  type SigV4VerifyRequest,
  verifySigV4,
} from './sigv4-verify.ts';
export { MAX_PRESIGNED_EXPIRES_SEC, verifySigV4Presigned } from './sigv4-presign-verify.ts';
export { secretsEqual, signaturesEqual } from './timing-safe.ts';
export { cosUrlEncode } from './url-encode.ts';
export { REQUEST_EXPIRED_MESSAGE } from './verify-result.ts';
export type {
  ChunkSigningContext,
  VerifyFailure,
  VerifyFailureCode,
  VerifyOk,
  VerifyOptions,
  VerifyResult,
} from './verify-result.ts';
