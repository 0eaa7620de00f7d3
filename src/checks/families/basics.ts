/**
 * Family 1, Upload Part basics (spec §2.2 [D7750]): a plain upload answers 200 with an empty body, a quoted
 * MD5 ETag, a request id and (COS) the part's CRC-64; List Parts shows the same ETag and size; Complete
 * accepts the ETag as given.
 */
import { createHash } from 'node:crypto';
import type { Exchange } from '../../client/exchange.ts';
import { defineCheck } from '../kit/define.ts';
import { judgeCrcHeader } from '../kit/crc.ts';
import { describeAnswer, header } from '../kit/describe.ts';
import { partEtagProblem } from '../kit/etag.ts';
import { listedPart, type PartListing } from '../kit/observations.ts';
import { unreadableListing } from '../kit/listing.ts';
import { judgeAnswer, requireSuccess } from '../kit/response.ts';
import { accepted, doc, expect, named, peerSuite, sdk } from '../../profiles/evidence.ts';
import { COS_DOCS, CRC_OPTIONAL, S3_DOCS } from '../../profiles/sources.ts';
import type { FamilyExpectations } from '../../profiles/types.ts';
import type { MutantDef } from '../../server/mutants/types.ts';
import { maxAccepted } from './part-size.ts';

const FAMILY = 'basics';
const REF = 'spec §2.2 [D7750]';

/** The answer to one plain Upload Part. */
export interface UploadAnswer {
  upload: Exchange | undefined;
}

export const statusOk = defineCheck(
  {
    id: 'basics.upload-part.status-200',
    title: 'Status of an Upload Part of a valid part',
    family: FAMILY,
    severity: 'must',
    specRef: REF,
    tags: ['upload-part', 'status'],
  },
  (input: UploadAnswer, kit) => judgeAnswer(kit, input.upload, 'Upload Part'),
);

export const emptyBody = defineCheck(
  {
    id: 'basics.upload-part.empty-body',
    title: 'Body of an Upload Part answer',
    family: FAMILY,
    severity: 'should',
    specRef: `${REF} "此接口响应体为空"`,
    tags: ['upload-part'],
  },
  (input: UploadAnswer, kit) => {
    const pre = requireSuccess(kit, input.upload, 'Upload Part');
    if (pre) return pre;
    const size = input.upload!.response!.bodySize;
    return size === 0
      ? kit.pass('empty body', { variantSeen: 'empty', exchanges: [input.upload] })
      : kit.fail(`body of ${size} bytes`, {
          expected: '0 bytes',
          observed: `${size} bytes`,
          exchanges: [input.upload],
        });
  },
);

/** An upload and the MD5 of the bytes it sent. */
export interface UploadWithDigest extends UploadAnswer {
  md5Hex: string;
}

export const etagMd5 = defineCheck(
  {
    id: 'basics.upload-part.etag-md5',
    title: 'Upload Part ETag against the MD5 of the bytes sent',
    family: FAMILY,
    severity: 'must',
    specRef: 'spec §2.2, §5.1 [D7750][D7747]',
    tags: ['upload-part', 'etag'],
  },
  (input: UploadWithDigest, kit) => {
    const pre = requireSuccess(kit, input.upload, 'Upload Part');
    if (pre) return pre;
    const etag = header(input.upload, 'etag');
    const problem = partEtagProblem(etag, input.md5Hex);
    const expected = `"${input.md5Hex}"`;
    if (problem)
      return kit.fail(problem, { expected, observed: etag ?? '(none)', exchanges: [input.upload] });
    return kit.pass(`ETag ${etag}`, {
      expected,
      observed: etag,
      variantSeen: 'quoted-md5',
      exchanges: [input.upload],
    });
  },
);

export const requestId = defineCheck(
  {
    id: 'basics.upload-part.request-id',
    title: 'Request id header of an Upload Part answer',
    family: FAMILY,
    severity: 'must',
    specRef: 'spec §1.3 [D7729]',
    tags: ['upload-part', 'headers'],
  },
  (input: UploadAnswer, kit) => {
    const pre = requireSuccess(kit, input.upload, 'Upload Part');
    if (pre) return pre;
    const names = kit.profile.features.requestIdHeaders.value;
    const found = names.find((name) => (header(input.upload, name) ?? '') !== '');
    if (found) return kit.pass(`${found} present`, { variantSeen: found, exchanges: [input.upload] });
    return kit.fail(`none of ${names.join(', ')} in the answer`, {
      expected: names.join(' or '),
      exchanges: [input.upload],
    });
  },
);

/** An upload and the CRC-64 of the bytes it sent (decimal, spec §5.3). */
export interface UploadWithCrc extends UploadAnswer {
  crc64: string;
}

export const crc64 = defineCheck(
  {
    id: 'basics.upload-part.crc64',
    title: 'Upload Part x-cos-hash-crc64ecma against the CRC-64/XZ of the bytes sent',
    family: FAMILY,
    severity: 'must',
    specRef: 'spec §5.3 [D40334]',
    tags: ['upload-part', 'crc64'],
  },
  (input: UploadWithCrc, kit) => {
    const pre = requireSuccess(kit, input.upload, 'Upload Part');
    if (pre) return pre;
    return judgeCrcHeader(kit, input.upload, input.crc64, 'Upload Part');
  },
);

/** An upload and the listing that followed it. */
export interface UploadThenList extends UploadAnswer {
  partNumber: number;
  listing: PartListing;
  /** Bytes sent. */
  size: number;
}

export const listPartsEtag = defineCheck(
  {
    id: 'basics.upload-part.list-parts-etag',
    title: 'ETag List Parts shows for a part, against the one Upload Part returned',
    family: FAMILY,
    severity: 'must',
    specRef: 'spec §2.4 [D7747]',
    tags: ['upload-part', 'list-parts', 'etag'],
  },
  (input: UploadThenList, kit) => {
    const pre =
      requireSuccess(kit, input.upload, 'Upload Part') ??
      requireSuccess(kit, input.listing.exchange, 'List Parts');
    if (pre) return pre;
    const exchanges = [input.upload, input.listing.exchange];
    const unread = unreadableListing(kit, input.listing, `the ETag part ${input.partNumber} is listed with`, {
      exchanges,
    });
    if (unread) return unread;
    const etag = header(input.upload, 'etag');
    const part = listedPart(input.listing, input.partNumber);
    if (!part) return kit.fail(`part ${input.partNumber} not listed`, { expected: etag, exchanges });
    if (part.etag === etag) return kit.pass(`listed with ${etag}`, { variantSeen: 'same', exchanges });
    const hint =
      part.etag.replace(/"/g, '') === (etag ?? '').replace(/"/g, '') ? ' (differs only in quoting)' : '';
    return kit.fail(`listed ETag ${part.etag}, Upload Part answered ${etag}${hint}`, {
      expected: etag,
      observed: part.etag,
      exchanges,
    });
  },
);

export const listPartsSize = defineCheck(
  {
    id: 'basics.upload-part.list-parts-size',
    title: 'Size List Parts shows for a part, against the bytes sent',
    family: FAMILY,
    severity: 'must',
    specRef: 'spec §2.4 [D7747]',
    tags: ['upload-part', 'list-parts'],
  },
  (input: UploadThenList, kit) => {
    const pre =
      requireSuccess(kit, input.upload, 'Upload Part') ??
      requireSuccess(kit, input.listing.exchange, 'List Parts');
    if (pre) return pre;
    const exchanges = [input.upload, input.listing.exchange];
    const unread = unreadableListing(kit, input.listing, `the size part ${input.partNumber} is listed with`, {
      exchanges,
    });
    if (unread) return unread;
    const part = listedPart(input.listing, input.partNumber);
    if (!part)
      return kit.fail(`part ${input.partNumber} not listed`, { expected: `${input.size}`, exchanges });
    return part.size === input.size
      ? kit.pass(`listed with Size ${part.size}`, { variantSeen: 'same', exchanges })
      : kit.fail(`listed Size ${part.size}, sent ${input.size}`, {
          expected: `${input.size}`,
          observed: `${part.size}`,
          exchanges,
        });
  },
);

/** A Complete naming the part with the ETag exactly as Upload Part returned it. */
export interface CompleteWithReturnedEtag {
  upload: Exchange | undefined;
  complete: Exchange | undefined;
  /** The Complete answer's body parsed as a CompleteMultipartUploadResult. */
  resultRead: boolean;
}

export const completeAcceptsEtag = defineCheck(
  {
    id: 'basics.upload-part.complete-accepts-etag',
    title: 'Complete naming the ETag exactly as Upload Part returned it',
    family: FAMILY,
    severity: 'must',
    specRef: 'spec §2.5 [D7742]',
    tags: ['upload-part', 'complete', 'etag'],
  },
  (input: CompleteWithReturnedEtag, kit) => {
    const pre = requireSuccess(kit, input.upload, 'Upload Part');
    if (pre) return pre;
    const verdict = judgeAnswer(kit, input.complete, 'Complete naming the returned ETag', [input.upload]);
    if (verdict.outcome !== 'pass' || input.resultRead) return verdict;
    // A 2xx without a result document (empty, or another root) does not show that the object was made.
    return kit.indeterminate(
      `Complete naming the returned ETag answered ${describeAnswer(input.complete)} without a readable CompleteMultipartUploadResult`,
      {
        expected: 'a CompleteMultipartUploadResult',
        observed: describeAnswer(input.complete),
        exchanges: verdict.exchanges,
      },
    );
  },
);

export const BASICS_CHECKS = [
  statusOk,
  emptyBody,
  etagMd5,
  requestId,
  crc64,
  listPartsEtag,
  listPartsSize,
  completeAcceptsEtag,
] as const;

/** What each profile allows (docs/spec.md §2.2, §2.4, §1.3, §5.1, §5.3; AWS UploadPart and ListParts). */
export const BASICS_EXPECTATIONS = {
  cos: {
    'basics.upload-part.status-200': expect([accepted('200', [200], COS_DOCS.uploadPart)]),
    'basics.upload-part.empty-body': expect([named('empty', doc('spec §2.2 [D7750]', '"此接口响应体为空"'))]),
    'basics.upload-part.etag-md5': expect([
      named(
        'quoted-md5',
        doc('spec §5.1 [D7750][D7747]'),
        sdk('[JAVA] COSClient.doUploadPart', 'compares ETag with MD5'),
      ),
    ]),
    'basics.upload-part.request-id': expect([named('x-cos-request-id', doc('spec §1.3 [D7729]'))]),
    'basics.upload-part.crc64': expect([named('equal', doc('spec §5.3 [D40334]'))]),
    'basics.upload-part.list-parts-etag': expect([
      named('same', COS_DOCS.listParts, sdk('[NODE] advance.js', 'resume compares listed ETag with "md5"')),
    ]),
    'basics.upload-part.list-parts-size': expect([named('same', COS_DOCS.listParts)]),
    'basics.upload-part.complete-accepts-etag': expect([accepted('200', [200], COS_DOCS.complete)]),
  },
  s3: {
    'basics.upload-part.status-200': expect([accepted('200', [200], S3_DOCS.uploadPart)]),
    'basics.upload-part.empty-body': expect([named('empty', S3_DOCS.uploadPart)]),
    'basics.upload-part.etag-md5': expect([named('quoted-md5', S3_DOCS.uploadPart, peerSuite('B1, (d)7'))]),
    'basics.upload-part.request-id': expect([named('x-amz-request-id', S3_DOCS.commonResponseHeaders)]),
    'basics.upload-part.crc64': expect(CRC_OPTIONAL),
    'basics.upload-part.list-parts-etag': expect([
      named('same', S3_DOCS.listParts, peerSuite('B1 (versitygw etag quoting)')),
    ]),
    'basics.upload-part.list-parts-size': expect([named('same', S3_DOCS.listParts, peerSuite('D1'))]),
    'basics.upload-part.complete-accepts-etag': expect([
      accepted('200', [200], S3_DOCS.complete, peerSuite('B1')),
    ]),
  },
} satisfies FamilyExpectations<typeof BASICS_CHECKS>;

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

/** Servers that break the family's rules: Upload Part's answer and how List Parts shows a part. */
export const BASICS_MUTANTS = [
  {
    name: 'etag-unquoted',
    description: 'Upload Part answers the ETag without its double quotes',
    family: FAMILY,
    catches: [etagMd5.id],
    behaviour: { partEtag: (md5Hex) => md5Hex },
  },
  {
    name: 'etag-upper-case',
    description: 'Upload Part answers the MD5 ETag in upper-case hex',
    family: FAMILY,
    // The full-tier 5 GiB part is judged by its ETag too: the only mutant that needs it.
    catches: [etagMd5.id, maxAccepted.id],
    behaviour: { partEtag: (md5Hex) => `"${md5Hex.toUpperCase()}"` },
    run: { heavy: true },
  },
  {
    name: 'etag-of-previous-part',
    description: 'Upload Part answers (and stores) the ETag of the part uploaded before it',
    family: FAMILY,
    catches: [etagMd5.id],
    behaviour: { partEtag: previousPartEtag() },
  },
  {
    name: 'request-id-missing',
    description: 'answers carry no x-cos-request-id header',
    family: FAMILY,
    catches: [requestId.id],
    behaviour: { sendRequestId: false },
  },
  {
    name: 'part-crc64-wrong',
    description: 'Upload Part answers an x-cos-hash-crc64ecma with one bit flipped',
    family: FAMILY,
    catches: [crc64.id],
    behaviour: { crc64Header: (crc, of) => (of === 'part' ? flipLowBit(crc) : crc) },
  },
  {
    name: 'upload-part-body-not-empty',
    description: 'Upload Part answers 200 with an XML body instead of an empty one',
    family: FAMILY,
    catches: [emptyBody.id],
    behaviour: { emptyUploadPartBody: false },
  },
  {
    name: 'list-parts-etag-unquoted',
    description: 'List Parts shows part ETags without the quotes Upload Part answered',
    family: FAMILY,
    catches: [listPartsEtag.id],
    behaviour: { listedPartEtag: (etag) => etag.replace(/"/g, '') },
  },
  {
    name: 'list-parts-size-in-kib',
    description: 'List Parts shows part sizes in KiB (rounded up) instead of bytes',
    family: FAMILY,
    catches: [listPartsSize.id],
    behaviour: { listedPartSize: (size) => Math.ceil(size / 1024) },
  },
] as const satisfies readonly MutantDef[];
