import { describe, expect, it } from 'vitest';
import {
  CHECKSUM_ALGORITHMS,
  type ChecksumAlgorithm,
  checksumAlgorithmOfHeader,
  createChecksum,
  isChecksumValue,
} from '../../src/body/flexible-checksums.ts';

/** Check values of "123456789" (the CRC catalogue's `check`; SHA from FIPS 180 tools). */
const CHECK: Record<ChecksumAlgorithm, string> = {
  crc32: 'cbf43926',
  crc32c: 'e3069283',
  crc64nvme: 'ae8b14860a799888',
  sha1: 'f7c3bc1d808e04732adf679965ccc34ca7ae3441',
  sha256: '15e2b0d3c33891ebb0f1ef609ec419420c20e320ce94c65fbc8c3312448eb225',
};

async function digestHex(algorithm: ChecksumAlgorithm, pieces: string[]): Promise<string> {
  const c = createChecksum(algorithm);
  for (const p of pieces) c.update(Buffer.from(p));
  return Buffer.from(await c.digestBase64(), 'base64').toString('hex');
}

describe('x-amz-checksum-* algorithms', () => {
  for (const algorithm of Object.keys(CHECK) as ChecksumAlgorithm[]) {
    it(`${algorithm}: the check value of "123456789", whole and in pieces`, async () => {
      expect(await digestHex(algorithm, ['123456789'])).toBe(CHECK[algorithm]);
      expect(await digestHex(algorithm, ['1', '2345', '', '6789'])).toBe(CHECK[algorithm]);
      const b64 = Buffer.from(CHECK[algorithm], 'hex').toString('base64');
      expect(isChecksumValue(algorithm, b64)).toBe(true);
      expect(checksumAlgorithmOfHeader(CHECKSUM_ALGORITHMS[algorithm].header.toUpperCase())).toBe(algorithm);
    });
  }

  it('every header is x-amz-checksum-<algorithm> (the server looks up only names with that prefix)', () => {
    for (const [algorithm, fact] of Object.entries(CHECKSUM_ALGORITHMS)) {
      expect(fact.header).toBe(`x-amz-checksum-${algorithm}`);
    }
  });

  it('refuses values of another length or not in canonical base64', () => {
    expect(isChecksumValue('crc32', 'AAAAAA==')).toBe(true);
    expect(isChecksumValue('crc32', 'AAAAAAA=')).toBe(false);
    expect(isChecksumValue('crc32', 'AAAA')).toBe(false);
    expect(isChecksumValue('crc32', 'AAAA AA==')).toBe(false);
    expect(isChecksumValue('crc64nvme', 'AAAAAA==')).toBe(false);
    expect(checksumAlgorithmOfHeader('x-amz-checksum-md5')).toBeUndefined();
  });
});
