/**
 * The documented local credential pair and bucket of the reference server. Not a secret: it only
 * opens servers started on loopback by this project. Override with flags or COS_SECRET_ID/COS_SECRET_KEY.
 */
export const LOCAL_SECRET_ID = 'AKIDCOSCONFORMANCELOCAL00000000000';
export const LOCAL_SECRET_KEY = 'cosConformanceLocalSecretKey000000';
/**
 * The documented local temporary key pair and its security token (spec §6.6), accepted by `run --embedded`'s server
 * only with the token; not a secret either (it opens only loopback servers of this project).
 */
export const LOCAL_TEMPORARY_CREDENTIAL = {
  secretId: 'AKIDCOSCONFORMANCETEMP000000000000',
  secretKey: 'cosConformanceLocalTemporaryKey000',
  securityToken: 'cosConformanceLocalSecurityToken/0+0=',
} as const;
export const DEFAULT_BUCKET = 'examplebucket-1250000000';
export const DEFAULT_REGION = 'ap-guangzhou';
