/**
 * The documented local credential pair and bucket of the reference server. Not a secret: it only
 * opens servers started on loopback by this project. Override with flags or COS_SECRET_ID/COS_SECRET_KEY.
 */
export const LOCAL_SECRET_ID = 'AKIDCOSCONFORMANCELOCAL00000000000';
export const LOCAL_SECRET_KEY = 'cosConformanceLocalSecretKey000000';
export const DEFAULT_BUCKET = 'examplebucket-1250000000';
export const DEFAULT_REGION = 'ap-guangzhou';
