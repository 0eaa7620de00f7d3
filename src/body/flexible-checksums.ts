/**
 * The additional checksums of the S3 API (`x-amz-checksum-crc32`, `-crc32c`, `-crc64nvme`, `-sha1`, `-sha256`; AWS S3
 * "Checking object integrity"), which COS's S3-compatible endpoint (spec §6.5) and AWS SDKs with their default
 * `requestChecksumCalculation: WHEN_SUPPORTED` send: the big-endian digest, base64, as a header or an aws-chunked
 * trailer. CRC32 is zlib's (native since Node 20.15), SHA-1/SHA-256 node:crypto's, CRC32C and CRC64/NVME those of
 * `@aws-sdk/checksums` (the AWS SDK's own implementations; Node has neither).
 */
import { createHash, type Hash } from 'node:crypto';
import { crc32 } from 'node:zlib';
import { Crc32c, Crc64Nvme } from '@aws-sdk/checksums/crc';

/** A checksum algorithm of the S3 API, by its lower-case header suffix. */
export type ChecksumAlgorithm = 'crc32' | 'crc32c' | 'crc64nvme' | 'sha1' | 'sha256';

/** Each algorithm's header name, digest length and the name AWS error messages give it. */
export const CHECKSUM_ALGORITHMS: Readonly<
  Record<ChecksumAlgorithm, { header: string; digestBytes: number; title: string }>
> = {
  crc32: { header: 'x-amz-checksum-crc32', digestBytes: 4, title: 'CRC32' },
  crc32c: { header: 'x-amz-checksum-crc32c', digestBytes: 4, title: 'CRC32C' },
  crc64nvme: { header: 'x-amz-checksum-crc64nvme', digestBytes: 8, title: 'CRC64NVME' },
  sha1: { header: 'x-amz-checksum-sha1', digestBytes: 20, title: 'SHA1' },
  sha256: { header: 'x-amz-checksum-sha256', digestBytes: 32, title: 'SHA256' },
};

/** The algorithm whose header (lower-case) is `name`, or undefined. */
export function checksumAlgorithmOfHeader(name: string): ChecksumAlgorithm | undefined {
  const lower = name.toLowerCase();
  return (Object.keys(CHECKSUM_ALGORITHMS) as ChecksumAlgorithm[]).find(
    (a) => CHECKSUM_ALGORITHMS[a].header === lower,
  );
}

/** Whether `value` is the canonical base64 of a digest of `algorithm` (right length, padded). */
export function isChecksumValue(algorithm: ChecksumAlgorithm, value: string): boolean {
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(value)) return false;
  const bytes = Buffer.from(value, 'base64');
  return bytes.length === CHECKSUM_ALGORITHMS[algorithm].digestBytes && bytes.toString('base64') === value;
}

/** An incremental checksum. */
export interface IncrementalChecksum {
  update(chunk: Uint8Array): void;
  /** The base64 digest of everything fed (call once, at the end). */
  digestBase64(): Promise<string>;
}

/** A fresh incremental checksum of `algorithm`. */
export function createChecksum(algorithm: ChecksumAlgorithm): IncrementalChecksum {
  switch (algorithm) {
    case 'crc32':
      return crc32Checksum();
    case 'sha1':
    case 'sha256':
      return hashChecksum(createHash(algorithm));
    case 'crc32c':
    case 'crc64nvme': {
      const impl = algorithm === 'crc32c' ? new Crc32c() : new Crc64Nvme();
      return {
        update: (chunk) => impl.update(chunk),
        digestBase64: async () => Buffer.from(await impl.digest()).toString('base64'),
      };
    }
  }
}

function crc32Checksum(): IncrementalChecksum {
  let value = 0;
  return {
    update: (chunk) => {
      value = crc32(chunk, value);
    },
    digestBase64: async () => {
      const out = Buffer.alloc(4);
      out.writeUInt32BE(value >>> 0);
      return out.toString('base64');
    },
  };
}

function hashChecksum(hash: Hash): IncrementalChecksum {
  return {
    update: (chunk) => hash.update(chunk),
    digestBase64: async () => hash.digest('base64'),
  };
}
