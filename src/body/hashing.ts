/**
 * One-pass MD5 + CRC-64 of a body. The client hashes what it sends and the reference server hashes what it
 * stores with the same code, so the part `ETag` (MD5 hex, spec §5.1) and `x-cos-hash-crc64ecma` (decimal
 * CRC-64/XZ, spec §5.3) are computed one way on both sides.
 */
import { createHash, type Hash, hash } from 'node:crypto';
import { Transform, type TransformCallback } from 'node:stream';
import { Crc64 } from './crc64.ts';

/** The digests of a body, in the forms COS uses on the wire. */
export interface BodyDigest {
  /** Bytes seen. */
  size: number;
  /** Lower-case hex MD5: a plain part's ETag without the quotes (spec §5.1). */
  md5Hex: string;
  /** Base64 MD5: the `Content-MD5` header value. */
  md5Base64: string;
  /** CRC-64/XZ as a decimal string: the `x-cos-hash-crc64ecma` value (spec §5.3). */
  crc64: string;
}

/**
 * Incremental MD5 + CRC-64 + size, and SHA-256 when asked for (the server checks `x-amz-content-sha256`);
 * `digest()` may be called at any time and does not end it.
 */
export class BodyHasher {
  readonly #md5: Hash = createHash('md5');
  readonly #crc = new Crc64();
  readonly #sha: Hash | undefined;
  #size = 0;

  constructor(options: { sha256?: boolean } = {}) {
    this.#sha = options.sha256 ? createHash('sha256') : undefined;
  }

  update(chunk: Uint8Array): this {
    this.#md5.update(chunk);
    this.#crc.update(chunk);
    this.#sha?.update(chunk);
    this.#size += chunk.length;
    return this;
  }

  /** Lower-case hex SHA-256 of everything fed, when asked for at construction; ends the SHA-256. */
  sha256Hex(): string | undefined {
    return this.#sha?.digest('hex');
  }

  /** Digests of everything fed so far. */
  digest(): BodyDigest {
    return bodyDigest(this.#size, this.#md5.copy().digest(), this.#crc);
  }
}

/**
 * The digests of bytes held whole: what a {@link BodyHasher} fed them gives, in one call per hash (no hasher
 * objects; for small bodies their setup costs about as much as the hashing).
 */
export function digestOf(bytes: Uint8Array): BodyDigest {
  return bodyDigest(bytes.length, hash('md5', bytes, 'buffer'), new Crc64().update(bytes));
}

/** A {@link BodyDigest} in COS's wire forms from the raw MD5 and the CRC-64 register of `size` bytes. */
export function bodyDigest(size: number, md5: Buffer, crc: Crc64): BodyDigest {
  return {
    size,
    md5Hex: md5.toString('hex'),
    md5Base64: md5.toString('base64'),
    crc64: crc.toDecimal(),
  };
}

/** A pass-through stream that also hashes every byte flowing through it. */
export type HashingTransform = Transform & {
  /** Digests of the bytes passed so far; final once the stream has finished. */
  digest(): BodyDigest;
};

/** Creates a {@link HashingTransform}: pipe a body through it, read `digest()` after `finish`/`end`. */
export function createHashingTransform(): HashingTransform {
  const hasher = new BodyHasher();
  const transform = new Transform({
    transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
      hasher.update(chunk);
      callback(null, chunk);
    },
  });
  return Object.assign(transform, { digest: (): BodyDigest => hasher.digest() });
}
