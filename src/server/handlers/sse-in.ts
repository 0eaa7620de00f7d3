/**
 * Server-side encryption of multipart uploads and their objects (spec §2.1, §2.2, §5.4): what Initiate records
 * (SSE-COS `AES256`, SSE-KMS with its key id and context, SSE-C with the MD5 of the customer key), the SSE-C key
 * every part and every read must repeat, and the headers the answers echo. Either header family is read
 * (`x-cos-…` or `x-amz-…`, src/spec/sse.ts) and the answers use the family the upload was initiated with.
 *
 * The reference server does not encrypt the bytes at rest: it stores what an encrypting server would enforce
 * and echo (the key's MD5, never the key), which is all a client can observe of the contract.
 */
import { createHash } from 'node:crypto';
import {
  COS_SSE,
  S3_SSE,
  SSE_C_ALGORITHM,
  SSE_C_KEY_BYTES,
  type SseDialect,
  sseDialectOf,
} from '../../spec/sse.ts';
import type { Behaviour } from '../behaviour.ts';
import type { RequestContext } from '../http/context.ts';
import { cosError } from '../http/cos-error.ts';
import type { Encryption, EncryptionFields } from '../state/encryption.ts';

const DIALECTS = { cos: COS_SSE, s3: S3_SSE } as const;

/** The header family a request uses: the one any of its SSE headers belongs to, else the server's default. */
function dialectOf(ctx: RequestContext): keyof typeof DIALECTS {
  let cos = false;
  for (const name in ctx.headers) {
    if (name.startsWith(S3_SSE.header)) return 's3';
    if (name.startsWith(COS_SSE.header)) cos = true;
  }
  if (cos) return 'cos';
  return sseDialectOf(ctx.server.behaviour.sseHeader) === S3_SSE ? 's3' : 'cos';
}

/** A customer key a request carried, checked: its algorithm and the base64 MD5 of its bytes. */
interface CustomerKey {
  readonly algorithm: string;
  readonly keyMd5: string;
}

/**
 * The SSE-C trio of a request, or undefined when it sends none of the three. Refused with 400 InvalidArgument:
 * an incomplete trio, an algorithm other than AES256, a key that is not the base64 of 32 bytes, and (when
 * {@link Behaviour.checkCustomerKeyMd5}) a key MD5 that is not the MD5 of the key.
 */
function customerKeyOf(ctx: RequestContext, sseDialect: SseDialect): CustomerKey | undefined {
  const algorithm = ctx.headers[sseDialect.customerAlgorithm];
  const key = ctx.headers[sseDialect.customerKey];
  const keyMd5 = ctx.headers[sseDialect.customerKeyMd5];
  if (algorithm === undefined && key === undefined && keyMd5 === undefined) return undefined;
  if (algorithm === undefined || key === undefined || keyMd5 === undefined) {
    throw cosError(
      'InvalidArgument',
      `Requests specifying Server Side Encryption with Customer provided keys must provide ${sseDialect.customerAlgorithm}, ${sseDialect.customerKey} and ${sseDialect.customerKeyMd5}.`,
    );
  }
  if (algorithm !== SSE_C_ALGORITHM) {
    throw cosError('InvalidArgument', `The encryption algorithm must be ${SSE_C_ALGORITHM}.`);
  }
  const bytes = Buffer.from(key, 'base64');
  if (bytes.length !== SSE_C_KEY_BYTES || bytes.toString('base64') !== key) {
    throw cosError('InvalidArgument', 'The secret key was invalid for the specified algorithm.');
  }
  const computed = createHash('md5').update(bytes).digest('base64');
  if (ctx.server.behaviour.checkCustomerKeyMd5 && computed !== keyMd5) {
    throw cosError(
      'InvalidArgument',
      'The calculated MD5 hash of the key did not match the hash that was provided.',
    );
  }
  return { algorithm, keyMd5: computed };
}

/** Whether `value` is the base64 of a JSON object (the KMS encryption context, spec §5.4). */
function isBase64JsonObject(value: string): boolean {
  const bytes = Buffer.from(value, 'base64');
  if (bytes.toString('base64') !== value) return false;
  try {
    const parsed: unknown = JSON.parse(bytes.toString('utf8'));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed);
  } catch {
    return false;
  }
}

/**
 * The encryption Initiate records (spec §2.1): `AES256` or the KMS value (with its key id and context), or an
 * SSE-C key. 400 InvalidArgument for an unknown value, KMS details without the KMS value, a context that is not
 * base64 JSON, a bad SSE-C trio, or SSE and SSE-C together.
 */
export function encryptionOfInitiate(ctx: RequestContext): EncryptionFields {
  const dialect = dialectOf(ctx);
  const sseDialect = DIALECTS[dialect];
  const sse = ctx.headers[sseDialect.header];
  if (sse !== undefined && sse !== 'AES256' && sse !== sseDialect.kmsValue) {
    throw cosError('InvalidArgument', `Unsupported ${sseDialect.header} "${sse}".`);
  }
  const kmsKeyId = ctx.headers[sseDialect.kmsKeyId];
  const kmsContext = ctx.headers[sseDialect.context];
  if ((kmsKeyId !== undefined || kmsContext !== undefined) && sse !== sseDialect.kmsValue) {
    throw cosError(
      'InvalidArgument',
      `${sseDialect.kmsKeyId} and ${sseDialect.context} need ${sseDialect.header}: ${sseDialect.kmsValue}.`,
    );
  }
  if (kmsContext !== undefined && !isBase64JsonObject(kmsContext)) {
    throw cosError('InvalidArgument', `${sseDialect.context} must be the base64 of a JSON object.`);
  }
  const customer = customerKeyOf(ctx, sseDialect);
  if (customer && sse !== undefined) {
    throw cosError('InvalidArgument', `${sseDialect.header} and a customer-provided key exclude each other.`);
  }
  if (sse === undefined && !customer) return {};
  const encryption: Encryption = {
    dialect,
    ...(kmsKeyId !== undefined ? { kmsKeyId } : {}),
    ...(kmsContext !== undefined ? { kmsContext } : {}),
    ...(customer ? { customerAlgorithm: customer.algorithm, customerKeyMd5: customer.keyMd5 } : {}),
  };
  return { ...(sse !== undefined ? { serverSideEncryption: sse } : {}), encryption };
}

/**
 * The SSE-C rule of a request on an upload or object recorded with `recorded` (spec §2.2, §5.4): with a
 * customer key, the request must carry the same key (`enforce`; none or another → 400 InvalidRequest); without
 * one, it must carry none ({@link Behaviour.refuseUnexpectedCustomerKey}, 400 InvalidRequest). A malformed trio
 * is 400 InvalidArgument either way.
 */
export function requireCustomerKey(
  ctx: RequestContext,
  recorded: Readonly<EncryptionFields>,
  enforce: boolean,
): void {
  const given = customerKeyOf(ctx, DIALECTS[dialectOf(ctx)]);
  const expected = recorded.encryption?.customerKeyMd5;
  if (expected === undefined) {
    if (given && ctx.server.behaviour.refuseUnexpectedCustomerKey) {
      throw cosError('InvalidRequest', 'The upload or object was not stored with a customer-provided key.');
    }
    return;
  }
  if (!enforce) return;
  if (!given) {
    throw cosError(
      'InvalidRequest',
      'The upload or object was stored with a customer-provided key: the request must provide the same key.',
    );
  }
  if (given.keyMd5 !== expected) {
    throw cosError(
      'InvalidRequest',
      'The provided encryption parameters did not match the ones used originally.',
    );
  }
}

/**
 * The encryption headers of an answer about an upload or object recorded with `recorded`, in its header family:
 * the server-side-encryption value (when `showValue`), the KMS key id ({@link Behaviour.echoKmsKeyId}) and the
 * SSE-C algorithm and key MD5 ({@link Behaviour.echoCustomerKey}).
 */
export function encryptionHeaders(
  behaviour: Readonly<Behaviour>,
  recorded: Readonly<EncryptionFields>,
  showValue: boolean,
): Record<string, string | undefined> {
  const enc = recorded.encryption;
  const sse = recorded.serverSideEncryption;
  // Nothing to show: every header would be undefined.
  if (!showValue || (enc === undefined && sse === undefined)) return {};
  const sseDialect = enc ? DIALECTS[enc.dialect] : sseDialectOf(behaviour.sseHeader);
  return {
    [sseDialect.header]: sse,
    ...(sse === sseDialect.kmsValue && behaviour.echoKmsKeyId
      ? { [sseDialect.kmsKeyId]: enc?.kmsKeyId }
      : {}),
    ...(enc?.customerAlgorithm !== undefined && behaviour.echoCustomerKey
      ? {
          [sseDialect.customerAlgorithm]: enc.customerAlgorithm,
          [sseDialect.customerKeyMd5]: enc.customerKeyMd5,
        }
      : {}),
  };
}

/**
 * The ETag of a part of an upload recorded with `recorded`: {@link Behaviour.partEtag} of its MD5, except for an
 * SSE-KMS or SSE-C upload when {@link Behaviour.encryptedPartEtagIsMd5} is off: then a quoted 32-hex value that is
 * not the MD5 of the bytes (spec §5.1: under KMS and SSE-C the part ETag is not the plaintext MD5).
 */
export function partEtagOf(
  behaviour: Readonly<Behaviour>,
  recorded: Readonly<EncryptionFields>,
  md5Hex: string,
  uploadId: string,
): string {
  const sseDialect = recorded.encryption ? DIALECTS[recorded.encryption.dialect] : undefined;
  const encrypted =
    recorded.encryption?.customerKeyMd5 !== undefined ||
    (sseDialect !== undefined && recorded.serverSideEncryption === sseDialect.kmsValue);
  if (!encrypted || behaviour.encryptedPartEtagIsMd5) return behaviour.partEtag(md5Hex);
  return `"${createHash('md5').update(`${uploadId}/${md5Hex}`).digest('hex')}"`;
}
