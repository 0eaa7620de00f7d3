/**
 * The server-side-encryption headers of the two dialects, as data (docs/spec.md §2.1, §2.2, §5.1, §5.4): COS's
 * `x-cos-server-side-encryption…` family and the S3 `x-amz-server-side-encryption…` family (which COS also takes
 * through its S3-compatible API, [D37421]). Three kinds: SSE-COS / SSE-S3 (`AES256`, keys managed by the service),
 * SSE-KMS (`cos/kms` or `aws:kms`, with a key id and an encryption context) and SSE-C (the customer sends the key
 * with every request: algorithm, base64 key, base64 MD5 of the key). The harness (checks, scenarios) and the
 * reference server both read the names from here.
 */
import { createHash } from 'node:crypto';

/** The header names and values of one dialect (lower-case names). */
export interface SseDialect {
  /** `x-cos-server-side-encryption` / `x-amz-server-side-encryption`: `AES256` or the KMS value. */
  readonly header: string;
  /** The value that asks for SSE-KMS: `cos/kms` (spec §2.1 [D7746]) or `aws:kms` ([S3]). */
  readonly kmsValue: string;
  /** The KMS key id, sent on Initiate and echoed (spec §2.1, §2.2). */
  readonly kmsKeyId: string;
  /** The encryption context: base64 of a JSON object (spec §5.4). */
  readonly context: string;
  /** SSE-C: the algorithm, `AES256`. */
  readonly customerAlgorithm: string;
  /** SSE-C: the 32-byte key in base64; a secret (src/client/redact.ts SECRET_HEADERS). */
  readonly customerKey: string;
  /** SSE-C: the base64 MD5 of the 32 key bytes. */
  readonly customerKeyMd5: string;
}

function dialect(prefix: 'x-cos' | 'x-amz'): SseDialect {
  const header = `${prefix}-server-side-encryption`;
  return {
    header,
    kmsValue: prefix === 'x-cos' ? 'cos/kms' : 'aws:kms',
    kmsKeyId: `${header}-${prefix === 'x-cos' ? 'cos' : 'aws'}-kms-key-id`,
    context: `${header}-context`,
    customerAlgorithm: `${header}-customer-algorithm`,
    customerKey: `${header}-customer-key`,
    customerKeyMd5: `${header}-customer-key-md5`,
  };
}

/** The COS dialect (spec §2.1 [D7746]). */
export const COS_SSE: SseDialect = dialect('x-cos');
/** The S3 dialect ([S3] UploadPart, CreateMultipartUpload). */
export const S3_SSE: SseDialect = dialect('x-amz');

/** The dialect whose main header is `header` (a profile's `features.sse.header`), COS by default. */
export function sseDialectOf(header: string): SseDialect {
  return header.toLowerCase() === S3_SSE.header ? S3_SSE : COS_SSE;
}

/** The only SSE-C algorithm (spec §5.4; [S3]). */
export const SSE_C_ALGORITHM = 'AES256';
/** Length of an SSE-C key in bytes (AES-256, spec §5.4). */
export const SSE_C_KEY_BYTES = 32;

/** Base64 MD5 of the key bytes: the value of the `-customer-key-MD5` header (spec §5.4). */
export function customerKeyMd5(key: Uint8Array): string {
  return createHash('md5').update(key).digest('base64');
}

/** The three SSE-C request headers for `key` (32 bytes) in `d`'s dialect. */
export function customerKeyHeaders(d: SseDialect, key: Uint8Array): Record<string, string> {
  return {
    [d.customerAlgorithm]: SSE_C_ALGORITHM,
    [d.customerKey]: Buffer.from(key).toString('base64'),
    [d.customerKeyMd5]: customerKeyMd5(key),
  };
}
