/** Mutants of Upload Part's answer (spec §2.2 [D7750], §5.1, §1.3) and of how List Parts shows a part (§2.4). */
import { createHash } from 'node:crypto';
import { mutant } from './types.ts';

const FAMILY = 'basics';

/**
 * A part ETag function that answers the ETag of the part uploaded before (the first one gets the MD5 of nothing).
 * Its memory is per process: every server of the process shares it, which is what "the previous part" means here.
 */
function previousPartEtag(): (md5Hex: string) => string {
  let previous = createHash('md5').digest('hex');
  return (md5Hex: string) => {
    const answer = previous;
    previous = md5Hex;
    return `"${answer}"`;
  };
}

/** A CRC-64 decimal with its lowest bit flipped. */
function flipLowBit(crc64Decimal: string): string {
  return (BigInt(crc64Decimal) ^ 1n).toString();
}

export const BASICS_MUTANTS = [
  mutant({
    name: 'etag-unquoted',
    description: 'Upload Part answers the ETag without its double quotes',
    family: FAMILY,
    catches: ['basics.upload-part.etag-md5'],
    behaviour: { partEtag: (md5Hex) => md5Hex },
  }),
  mutant({
    name: 'etag-upper-case',
    description: 'Upload Part answers the MD5 ETag in upper-case hex',
    family: FAMILY,
    // The full-tier 5 GiB part is judged by its ETag too: the only mutant that needs it.
    catches: ['basics.upload-part.etag-md5', 'part-size.upload-part.at-5gib-accepted'],
    behaviour: { partEtag: (md5Hex) => `"${md5Hex.toUpperCase()}"` },
    run: { heavy: true },
  }),
  mutant({
    name: 'etag-of-previous-part',
    description: 'Upload Part answers (and stores) the ETag of the part uploaded before it',
    family: FAMILY,
    catches: ['basics.upload-part.etag-md5'],
    behaviour: { partEtag: previousPartEtag() },
  }),
  mutant({
    name: 'request-id-missing',
    description: 'answers carry no x-cos-request-id header',
    family: FAMILY,
    catches: ['basics.upload-part.request-id'],
    behaviour: { sendRequestId: false },
  }),
  mutant({
    name: 'part-crc64-wrong',
    description: 'Upload Part answers an x-cos-hash-crc64ecma with one bit flipped',
    family: FAMILY,
    catches: ['basics.upload-part.crc64'],
    behaviour: { crc64Header: (crc, of) => (of === 'part' ? flipLowBit(crc) : crc) },
  }),
  mutant({
    name: 'upload-part-body-not-empty',
    description: 'Upload Part answers 200 with an XML body instead of an empty one',
    family: FAMILY,
    catches: ['basics.upload-part.empty-body'],
    behaviour: { emptyUploadPartBody: false },
  }),
  mutant({
    name: 'list-parts-etag-unquoted',
    description: 'List Parts shows part ETags without the quotes Upload Part answered',
    family: FAMILY,
    catches: ['basics.upload-part.list-parts-etag'],
    behaviour: { listedPartEtag: (etag) => etag.replace(/"/g, '') },
  }),
  mutant({
    name: 'list-parts-size-in-kib',
    description: 'List Parts shows part sizes in KiB (rounded up) instead of bytes',
    family: FAMILY,
    catches: ['basics.upload-part.list-parts-size'],
    behaviour: { listedPartSize: (size) => Math.ceil(size / 1024) },
  }),
] as const;
