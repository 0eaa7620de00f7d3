/**
 * Family 14: what the AWS SDKs send by default (spec §6.7). One upload takes, each under its own part number: a part
 * with the right checksum header of each algorithm (1-5), a part with a wrong x-amz-checksum-crc32 (6), an aws-chunked
 * part with a trailing x-amz-checksum-crc32 as the SDKs stream it (7) and one whose trailer is wrong (8); the last
 * three are followed by a listing, which shows what was stored. Nothing is completed.
 */
import { createHash } from 'node:crypto';
import { describe } from 'vitest';
import { encodeAwsChunked, UNSIGNED_TRAILER_PAYLOAD } from '../src/body/aws-chunked-encode.ts';
import {
  CHECKSUM_ALGORITHMS,
  type ChecksumAlgorithm,
  createChecksum,
} from '../src/body/flexible-checksums.ts';
import { bodyBytes } from '../src/body/part-body.ts';
import {
  awsChunked,
  awsChunkedTrailerWrong,
  crc32Right,
  crc32Wrong,
  crc32cRight,
  crc64nvmeRight,
  sha1Right,
  sha256Right,
} from '../src/checks/families/checksums.ts';
import { listing, nextUploadNo, partSpec, rawUploadPart, startUpload } from './support/parts.ts';
import { assertFamilyCovered, checkTest, once, useSuite } from './support/suite.ts';

const suite = useSuite('checksums');
/** Part size: small, several aws-chunked chunks. */
const PART = 3_000;
/** aws-chunked chunk size (the SDKs use 64 KiB; smaller here so the part has several chunks). */
const CHUNK = 1_024;

/** The upload every case sends its part to. */
const upload = once(async () => {
  const key = suite.key('sdk-default');
  return { key, uploadId: await startUpload(suite, key), uploadNo: nextUploadNo() };
});

/** The payload of part `partNumber` (`version` 1: other bytes of the same length). */
async function payload(partNumber: number, version = 0): Promise<Buffer> {
  const { uploadNo } = await upload();
  return bodyBytes(partSpec(suite.seedOf('checksums.parts'), uploadNo, partNumber, PART, version));
}

async function checksumOf(algorithm: ChecksumAlgorithm, bytes: Buffer): Promise<string> {
  const sum = createChecksum(algorithm);
  sum.update(bytes);
  return sum.digestBase64();
}

const md5Hex = (bytes: Buffer) => createHash('md5').update(bytes).digest('hex');

/** Headers an AWS SDK sends with a checksum (the algorithm's name, upper-case, besides the value). */
function checksumHeaders(algorithm: ChecksumAlgorithm, value: string): Record<string, string> {
  return {
    [CHECKSUM_ALGORITHMS[algorithm].header]: value,
    'x-amz-sdk-checksum-algorithm': algorithm.toUpperCase(),
  };
}

/** Upload Part `partNumber` with the `algorithm` checksum header of `claimedFrom` (the body itself by default). */
async function headerUpload(partNumber: number, algorithm: ChecksumAlgorithm, claimedFrom?: Buffer) {
  const { key, uploadId } = await upload();
  const body = await payload(partNumber);
  const sent = await checksumOf(algorithm, claimedFrom ?? body);
  const answer = await suite.client.uploadPart(key, uploadId, partNumber, body, {
    headers: checksumHeaders(algorithm, sent),
  });
  return { upload: answer.exchange, sent };
}

/** Upload Part `partNumber` as an unsigned aws-chunked body with a trailing CRC32 of `claimedFrom` (default: itself). */
async function chunkedUpload(partNumber: number, claimedFrom?: Buffer) {
  const { key, uploadId } = await upload();
  const body = await payload(partNumber);
  const trailer = {
    header: CHECKSUM_ALGORITHMS.crc32.header,
    value: await checksumOf('crc32', claimedFrom ?? body),
  };
  const framed = encodeAwsChunked(body, CHUNK, [[trailer.header, trailer.value]]);
  const answer = await rawUploadPart(suite, key, uploadId, partNumber, {
    body: framed.body,
    payloadHash: UNSIGNED_TRAILER_PAYLOAD,
    headers: { ...framed.headers, 'x-amz-sdk-checksum-algorithm': 'CRC32' },
    timeoutMs: 15_000,
  });
  return {
    upload: answer.exchange,
    listing: await listing(suite, key, uploadId),
    partNumber,
    decoded: { size: body.length, md5Hex: md5Hex(body) },
    framed: { size: framed.body.length, md5Hex: md5Hex(framed.body) },
    trailer,
  };
}

const RIGHT = [
  [crc32Right, 'crc32', 1],
  [crc32cRight, 'crc32c', 2],
  [crc64nvmeRight, 'crc64nvme', 3],
  [sha1Right, 'sha1', 4],
  [sha256Right, 'sha256', 5],
] as const;

describe('checksums', () => {
  for (const [check, algorithm, partNumber] of RIGHT) {
    checkTest(suite, check, () => headerUpload(partNumber, algorithm));
  }
  checkTest(suite, crc32Wrong, async () => {
    const partNumber = 6;
    const sent = await headerUpload(partNumber, 'crc32', await payload(partNumber, 1));
    const { key, uploadId } = await upload();
    return { upload: sent.upload, listing: await listing(suite, key, uploadId), partNumber };
  });
  checkTest(suite, awsChunked, () => chunkedUpload(7));
  checkTest(suite, awsChunkedTrailerWrong, async () => {
    const partNumber = 8;
    const sent = await chunkedUpload(partNumber, await payload(partNumber, 1));
    return { upload: sent.upload, listing: sent.listing, partNumber, framedSize: sent.framed.size };
  });

  assertFamilyCovered(suite);
});
