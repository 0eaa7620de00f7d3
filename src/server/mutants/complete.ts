/**
 * Mutants of Complete Multipart Upload (spec §2.5 [D7742], §5.2, §5.3): its refusals, its result document and
 * its headers.
 */
import { createHash } from 'node:crypto';
import { mutant } from './types.ts';

const FAMILY = 'complete';

/** `"<md5 of the concatenated hex MD5 strings>-N"`: the right shape, the wrong derivation (not S3's). */
function md5OfHexStrings(partMd5Hexes: readonly string[]): string {
  const md5 = createHash('md5').update(partMd5Hexes.join('')).digest('hex');
  return `"${md5}-${partMd5Hexes.length}"`;
}

/** `"<md5 of the binary part MD5s>"` without the `-N` part count. */
function withoutPartCount(partMd5Hexes: readonly string[]): string {
  const md5 = createHash('md5');
  for (const hex of partMd5Hexes) md5.update(Buffer.from(hex, 'hex'));
  return `"${md5.digest('hex')}"`;
}

export const COMPLETE_MUTANTS = [
  mutant({
    name: 'complete-unordered-list-accepted',
    description: 'Complete accepts a part list that is not in ascending order',
    family: FAMILY,
    catches: ['complete.complete.ascending-order-required'],
    behaviour: { requireAscendingParts: false },
  }),
  mutant({
    name: 'complete-repeated-part-dropped',
    description:
      'Complete accepts a part number listed twice and leaves that part out of the object altogether',
    family: FAMILY,
    catches: ['complete.complete.duplicate-part-numbers'],
    // Duplicates must get past the order and contiguity rules to reach the assembly that drops them.
    behaviour: { requireAscendingParts: false, completeRequiresContiguous: false },
    handlers: { completeMultipartUpload: 'repeatedPartDropped' },
  }),
  mutant({
    name: 'complete-missing-part-ignored',
    description: 'Complete skips listed parts that were never uploaded instead of answering InvalidPart',
    family: FAMILY,
    catches: ['complete.complete.missing-part'],
    behaviour: { requireListedPartsExist: false },
  }),
  mutant({
    name: 'complete-ignores-etags',
    description: 'Complete never compares the listed ETags with the stored parts',
    family: FAMILY,
    catches: ['complete.complete.wrong-etag', 'overwrite.upload-part.earlier-etag-rejected'],
    behaviour: { checkCompleteEtags: false },
  }),
  mutant({
    name: 'complete-empty-list-accepted',
    description: 'Complete with no Part makes an empty object instead of answering MalformedXML',
    family: FAMILY,
    catches: ['complete.complete.empty-part-list'],
    behaviour: { completeRequiresParts: false },
  }),
  mutant({
    name: 'complete-gaps-accepted',
    description:
      'Complete accepts part numbers that are not contiguous from 1 (the S3 rule, not the COS one)',
    family: FAMILY,
    catches: ['complete.complete.subset-with-gaps'],
    behaviour: { completeRequiresContiguous: false },
  }),
  mutant({
    name: 'multipart-etag-without-count',
    description: 'the completed object ETag lacks its "-N" part count',
    family: FAMILY,
    catches: ['complete.complete.etag-format'],
    behaviour: { multipartEtag: withoutPartCount },
  }),
  mutant({
    name: 'multipart-etag-md5-of-hex',
    description: 'the completed object ETag hashes the hex MD5 strings instead of the binary digests',
    family: FAMILY,
    catches: ['complete.complete.etag-s3-formula'],
    behaviour: { multipartEtag: md5OfHexStrings },
    // The COS profile leaves the derivation open (the check does not apply there); S3 fixes it.
    run: { profile: 's3' },
  }),
  mutant({
    name: 'complete-200-error-body',
    description:
      'every Complete answers 200 whose body is an <Error> (assembly fails after the 200 went out)',
    family: FAMILY,
    catches: ['complete.complete.not-error-body', 'basics.upload-part.complete-accepts-etag'],
    handlers: { completeMultipartUpload: 'assemblyFails' },
  }),
  mutant({
    name: 'complete-result-wrong-root',
    description: 'the Complete result document is <CompleteMultipartUploadResponse>',
    family: FAMILY,
    catches: ['complete.complete.not-error-body', 'complete.complete.leading-whitespace'],
    behaviour: { completeResultElement: 'CompleteMultipartUploadResponse' },
  }),
  mutant({
    name: 'object-crc64-missing',
    description: 'Complete (and reads of the object) answer no x-cos-hash-crc64ecma',
    family: FAMILY,
    catches: ['complete.complete.crc64'],
    behaviour: { crc64Header: (crc, of) => (of === 'object' ? undefined : crc) },
  }),
] as const;
