/**
 * How an upload or an object is encrypted (spec §2.1, §5.4), as Initiate (or Put Object) recorded it: the
 * `x-cos-server-side-encryption` value, and the details the answers echo. The SSE-C key itself is never stored:
 * only the MD5 of its bytes, which every later request of the upload (and every read of the object) must match.
 */

/** The details beyond the server-side-encryption value. */
export interface Encryption {
  /** The header family the client used (`cos`: `x-cos-…`, `s3`: `x-amz-…`); answers echo in the same one. */
  readonly dialect: 'cos' | 's3';
  /** SSE-KMS: the key id sent on Initiate. */
  readonly kmsKeyId?: string;
  /** SSE-KMS: the encryption context as sent (base64 JSON). */
  readonly kmsContext?: string;
  /** SSE-C: the algorithm (`AES256`). */
  readonly customerAlgorithm?: string;
  /** SSE-C: base64 MD5 of the customer key's bytes. */
  readonly customerKeyMd5?: string;
}

/** The encryption fields an upload, an object and their durable records share. */
export interface EncryptionFields {
  serverSideEncryption?: string;
  encryption?: Encryption;
}

/** The encryption fields of `from` that are set (for records built from another record). */
export function encryptionFieldsOf(from: Readonly<EncryptionFields>): EncryptionFields {
  return {
    ...(from.serverSideEncryption !== undefined ? { serverSideEncryption: from.serverSideEncryption } : {}),
    ...(from.encryption !== undefined ? { encryption: { ...from.encryption } } : {}),
  };
}
