/**
 * The `s3` profile: AWS S3 semantics, for S3-compatible endpoints (Ceph RGW, MinIO-likes) driven with SigV4.
 * Evidence is the AWS API reference, what peer suites assert (docs/peer-suites.md) and, for vendors
 * that answer otherwise, the responses recorded against Ceph RGW 16.2.15 (docs/vendors.md). A recorded
 * deviation is kept as `deviations` for the report; it never widens what is allowed.
 */
import { NO_SUCH_UPLOAD_MATRIX, type NoSuchUploadId } from '../checks/families/no-such-upload.ts';
import {
  INVALID_PART_NUMBERS,
  rejectAboveMax,
  rejectNegative,
  rejectZero,
} from '../checks/families/part-number.ts';
import type { CheckId } from '../checks/registry.ts';
import { LIMITS } from '../spec/limits.ts';
import {
  accepted,
  decision,
  deviation,
  doc,
  expect,
  expectationTable,
  fact,
  named,
  peerSuite,
  RGW,
  recorded,
  rejected,
  rgwTable,
} from './evidence.ts';
import { AUTH_EXPECTATIONS } from '../checks/families/auth.ts';
import { ERRORS_EXPECTATIONS } from '../checks/families/errors.ts';
import { CHECKSUMS_EXPECTATIONS } from '../checks/families/checksums.ts';
import { SSE_EXPECTATIONS } from '../checks/families/sse.ts';
import { REQUEST_HEADERS_EXPECTATIONS } from '../checks/families/request-headers.ts';
import { UPLOAD_PART_COPY_EXPECTATIONS } from '../checks/families/upload-part-copy.ts';
import type { CatalogueExpectations, KnownDeviation, Profile } from './types.ts';

const AWS = 'https://docs.aws.amazon.com/AmazonS3/latest';
const UPLOAD_PART = doc(`${AWS}/API/API_UploadPart.html`);
const COMPLETE = doc(`${AWS}/API/API_CompleteMultipartUpload.html`);
const ABORT = doc(`${AWS}/API/API_AbortMultipartUpload.html`);
const LIST_PARTS = doc(`${AWS}/API/API_ListParts.html`);
const ERRORS = doc(`${AWS}/API/ErrorResponses.html`);
const QUOTAS = doc(`${AWS}/userguide/qfacts.html`, 'multipart upload limits');

const RGW_PART_NUMBER: Partial<Record<CheckId, KnownDeviation>> = {
  [rejectZero.id]: deviation(RGW, '200 (accepted, not listed)', rgwTable('partNumber 0, -1, 10001')),
  [rejectAboveMax.id]: deviation(RGW, '200 (accepted and listed)', rgwTable('partNumber 0, -1, 10001')),
  [rejectNegative.id]: deviation(RGW, '200 (accepted, not listed)', rgwTable('partNumber 0, -1, 10001')),
};

const invalidPartNumbers = expectationTable(
  INVALID_PART_NUMBERS.map(([check]) => {
    const dev = RGW_PART_NUMBER[check.id];
    return [
      check.id,
      expect(
        [
          rejected(
            'InvalidArgument',
            UPLOAD_PART,
            peerSuite(
              'B2 (versitygw UploadPart_invalid_part_number)',
              '"Part number must be an integer between 1 and 10000"',
            ),
          ),
        ],
        dev ? { deviations: [dev] } : {},
      ),
    ] as const;
  }),
);

/** Answers this project recorded from Ceph RGW 16.2.15 (`cos-conformance run --profile s3`, scripts/peers/rgw-up.sh). */
const rgwRun = (what: string) =>
  recorded('test/peers/rgw.test.ts (suite run against Ceph RGW 16.2.15)', what);

const RGW_NO_SUCH_UPLOAD: Partial<Record<NoSuchUploadId, KnownDeviation>> = {
  'no-such-upload.complete.unknown-id': deviation(
    RGW,
    '500 InternalError',
    rgwTable('Complete with a bogus uploadId'),
  ),
  'no-such-upload.complete.other-key': deviation(
    RGW,
    '500 InternalError',
    rgwRun("Complete with another key's upload id"),
  ),
  'no-such-upload.complete.after-abort': deviation(RGW, '500 InternalError', rgwRun('Complete after Abort')),
  'no-such-upload.list-parts.unknown-id': deviation(
    RGW,
    '404 NoSuchKey',
    rgwTable('ListParts with a bogus uploadId'),
  ),
  'no-such-upload.list-parts.other-key': deviation(
    RGW,
    '404 NoSuchKey',
    rgwRun("List Parts with another key's upload id"),
  ),
  'no-such-upload.list-parts.after-abort': deviation(RGW, '404 NoSuchKey', rgwRun('List Parts after Abort')),
  'no-such-upload.list-parts.after-complete': deviation(
    RGW,
    '404 NoSuchKey',
    rgwRun('List Parts after Complete'),
  ),
};

const NO_SUCH_UPLOAD_EVIDENCE = {
  'upload-part': UPLOAD_PART,
  'list-parts': LIST_PARTS,
  complete: COMPLETE,
  abort: ABORT,
} as const;

const noSuchUpload = expectationTable(
  NO_SUCH_UPLOAD_MATRIX.map(({ op, case: c, check }) => {
    const base = rejected('NoSuchUpload', NO_SUCH_UPLOAD_EVIDENCE[op], ERRORS);
    const dev = RGW_NO_SUCH_UPLOAD[check.id];
    const extra = dev ? { deviations: [dev] } : {};
    if (c === 'after-complete' && op === 'complete') {
      return [
        check.id,
        expect(
          [
            accepted(
              'retry-200',
              [200],
              peerSuite('F7 (s3-tests test_multipart_upload: a repeated Complete must not raise)'),
              recorded('docs/vendors.md', 'RGW: Complete again, right parts → 200'),
            ),
            base,
          ],
          extra,
        ),
      ] as const;
    }
    if (c === 'after-complete' && op === 'abort') {
      return [
        check.id,
        expect(
          [accepted('204', [204], peerSuite('(d)10', 'time-dependent on AWS, minio/minio#2250')), base],
          extra,
        ),
      ] as const;
    }
    return [check.id, expect([base], extra)] as const;
  }),
);

const ACCEPTED_PART = accepted('accepted', [200], UPLOAD_PART);
const CRC_OPTIONAL = [
  named('equal', doc('cos-multipart-spec §5.3', 'CRC-64/XZ when sent')),
  named('absent', decision('x-cos-hash-crc64ecma is a COS extension; an S3 endpoint may omit it')),
];

/** The S3 profile. */
export const S3_PROFILE: Profile = {
  name: 's3',
  title: 'AWS S3 semantics',
  limits: {
    minPartSize: fact(LIMITS.s3MinPartSize, QUOTAS),
    minPartSizeCandidates: fact([LIMITS.s3MinPartSize], QUOTAS),
    maxPartSize: fact(LIMITS.maxPartSize, QUOTAS),
    minPartNumber: fact(LIMITS.minPartNumber, QUOTAS),
    maxPartNumber: fact(LIMITS.maxPartNumber, QUOTAS),
    listPartsPage: fact(LIMITS.listPartsDefaultMax, LIST_PARTS),
  },
  features: {
    crc64: fact('optional', decision('COS extension')),
    requestIdHeaders: fact(
      ['x-amz-request-id', 'x-cos-request-id'],
      doc(`${AWS}/API/RESTCommonResponseHeaders.html`),
    ),
    sse: fact(
      { header: 'x-amz-server-side-encryption', value: 'AES256', support: 'optional' },
      UPLOAD_PART,
      decision('optional', 'S3-compatible servers refuse SSE-S3 without a key backend configured'),
    ),
    copySource: fact(
      { header: 'x-amz-copy-source', form: 'bucket-path' },
      doc(`${AWS}/API/API_UploadPartCopy.html`, 'x-amz-copy-source: /<bucket>/<key>, URL-encoded'),
    ),
    errorDocumentFields: fact(['code', 'message', 'requestId'], ERRORS),
  },
  expectations: {
    // 1. Upload Part basics
    'basics.upload-part.status-200': expect([accepted('200', [200], UPLOAD_PART)]),
    'basics.upload-part.empty-body': expect([named('empty', UPLOAD_PART)]),
    'basics.upload-part.etag-md5': expect([named('quoted-md5', UPLOAD_PART, peerSuite('B1, (d)7'))]),
    'basics.upload-part.request-id': expect([
      named('x-amz-request-id', doc(`${AWS}/API/RESTCommonResponseHeaders.html`)),
    ]),
    'basics.upload-part.crc64': expect(CRC_OPTIONAL),
    'basics.upload-part.list-parts-etag': expect([
      named('same', LIST_PARTS, peerSuite('B1 (versitygw etag quoting)')),
    ]),
    'basics.upload-part.list-parts-size': expect([named('same', LIST_PARTS, peerSuite('D1'))]),
    'basics.upload-part.complete-accepts-etag': expect([accepted('200', [200], COMPLETE, peerSuite('B1'))]),

    // 2. partNumber
    'part-number.upload-part.min-1': expect([ACCEPTED_PART]),
    'part-number.upload-part.max-10000': expect([ACCEPTED_PART]),
    'part-number.upload-part.max-10000-completed': expect([ACCEPTED_PART]),
    ...invalidPartNumbers,
    'part-number.upload-part.leading-zero': expect([named('any', decision('form not specified'))]),
    'part-number.upload-part.plus-sign': expect([named('any', decision('form not specified'))]),

    // 3. Out-of-order
    'out-of-order.upload-part.sequential': expect([accepted('equal', [200], UPLOAD_PART, peerSuite('(d)4'))]),
    'out-of-order.upload-part.concurrent': expect([accepted('equal', [200], UPLOAD_PART, peerSuite('(d)4'))]),
    'out-of-order.upload-part.part-ranges': expect([named('equal', peerSuite('(d)4, I1'))]),
    'out-of-order.upload-part.boundary-reads': expect([named('equal', peerSuite('(d)4, I4'))]),

    // 4. Overwrite
    'overwrite.upload-part.list-shows-later': expect([named('later', UPLOAD_PART, peerSuite('B7'))]),
    'overwrite.upload-part.earlier-etag-rejected': expect([
      rejected('InvalidPart', COMPLETE, peerSuite('G5')),
    ]),
    'overwrite.upload-part.last-wins': expect([accepted('later', [200], UPLOAD_PART, peerSuite('B7'))]),
    'overwrite.upload-part.concurrent-no-mix': expect([accepted('one-of', [200], peerSuite('B8, (d)11'))]),

    // 5. NoSuchUpload
    ...noSuchUpload,
    'no-such-upload.multipart.error-document': expect([named('well-formed', ERRORS)], {
      deviations: [deviation(RGW, '<Message></Message> always empty', rgwTable('error <Message>'))],
    }),

    // 6. Part size
    'part-size.upload-part.non-last-below-min-rejected': expect([
      { ...rejected('EntityTooSmall', COMPLETE, peerSuite('G8')), name: 'at-complete' },
    ]),
    'part-size.upload-part.non-last-at-min-accepted': expect([ACCEPTED_PART]),
    'part-size.upload-part.non-last-above-min-accepted': expect([ACCEPTED_PART]),
    'part-size.upload-part.non-last-boundary-measured': expect([named(String(LIMITS.s3MinPartSize), QUOTAS)]),
    'part-size.upload-part.last-zero-bytes': expect([accepted('accepted', [200], QUOTAS, peerSuite('B10'))]),
    'part-size.upload-part.last-one-byte': expect([accepted('accepted', [200], QUOTAS, peerSuite('F3'))]),
    'part-size.upload-part.at-5gib-accepted': expect([accepted('accepted', [200], QUOTAS)]),
    'part-size.upload-part.over-5gib-rejected': expect([rejected('EntityTooLarge', ERRORS, QUOTAS)]),

    // 7. Integrity headers
    'integrity.upload-part.md5-correct': expect([accepted('200', [200], UPLOAD_PART)]),
    'integrity.upload-part.md5-wrong': expect([rejected('BadDigest', ERRORS)]),
    'integrity.upload-part.md5-malformed': expect([rejected('InvalidDigest', ERRORS)]),
    'integrity.upload-part.missing-content-length': expect([
      rejected(
        'MissingContentLength',
        ERRORS,
        recorded('docs/vendors.md', 'RGW answers 411 MissingContentLength'),
      ),
    ]),
    'integrity.upload-part.short-body': expect([
      rejected('IncompleteBody', ERRORS),
      rejected('RequestTimeout', ERRORS),
      named(
        'connection-closed',
        decision('nothing stored is what matters', 'the server may drop the connection'),
      ),
      named(
        'refused-bare',
        decision(
          'a front proxy (nginx) refuses a short body itself, without an S3 error document',
          'the body was refused, which is the rule; the missing document is reported, not failed',
        ),
      ),
    ]),
    'integrity.upload-part.failed-keeps-previous': expect([accepted('intact', [200], UPLOAD_PART)]),

    // 8. Complete
    'complete.complete.ascending-order-required': expect(
      [rejected('InvalidPartOrder', COMPLETE, peerSuite('G6'))],
      {
        deviations: [deviation(RGW, '200 (parts sorted silently)', rgwTable('Complete with parts [2,1]'))],
      },
    ),
    'complete.complete.missing-part': expect([rejected('InvalidPart', COMPLETE, peerSuite('G4'))]),
    'complete.complete.wrong-etag': expect([rejected('InvalidPart', COMPLETE, peerSuite('G5'))]),
    'complete.complete.empty-part-list': expect([
      rejected(
        'MalformedXML',
        COMPLETE,
        peerSuite('G1'),
        recorded('docs/vendors.md', 'RGW: 400 MalformedXML'),
      ),
    ]),
    'complete.complete.subset-with-gaps': expect([accepted('accepted', [200], COMPLETE, peerSuite('(d)3'))], {
      deviations: [deviation(RGW, '400 InvalidPart', rgwTable('Complete listing a subset'))],
    }),
    'complete.complete.duplicate-part-numbers': expect(
      [named('any', peerSuite('(d)9', 'verify; B8 implies accepted'))],
      {
        deviations: [deviation(RGW, '200 (duplicates removed)', rgwTable('Complete with duplicate [1,1,2]'))],
      },
    ),
    'complete.complete.etag-format': expect([named('md5-dash-n', COMPLETE, peerSuite('F10'))], {
      deviations: [
        deviation(
          RGW,
          '<ETag></ETag> (empty) on the first Complete',
          rgwTable('CompleteMultipartUpload response'),
        ),
      ],
    }),
    'complete.complete.etag-s3-formula': expect([
      named(
        'md5-of-md5s',
        peerSuite('F8, F9'),
        recorded('docs/vendors.md', 'RGW object ETag "<md5 of part md5s>-2"'),
      ),
    ]),
    'complete.complete.not-error-body': expect([named('result', COMPLETE, peerSuite('(d)12'))]),
    'complete.complete.leading-whitespace': expect(
      [named('whitespace-prefixed', COMPLETE, peerSuite('(d)12'))],
      { note: 'a Complete answered without whitespace does not exercise the rule: the check is skipped' },
    ),
    'complete.complete.crc64': expect(CRC_OPTIONAL),

    // 9. Abort
    'abort.abort.status-204': expect([accepted('204', [204], ABORT, peerSuite('H1'))]),
    'abort.abort.leaves-listing': expect([named('gone', ABORT, peerSuite('E12, H1'))]),
    'abort.abort.parts-gone': expect([named('gone', ABORT, peerSuite('H1'))]),
    'abort.abort.no-object': expect([accepted('absent', [404], ABORT, peerSuite('H1'))]),
    'abort.abort.existing-object-untouched': expect([named('untouched', peerSuite('A10, H6'))]),

    ...SSE_EXPECTATIONS.s3,
    ...REQUEST_HEADERS_EXPECTATIONS.s3,
    ...AUTH_EXPECTATIONS.s3,
    ...ERRORS_EXPECTATIONS.s3,
    ...CHECKSUMS_EXPECTATIONS.s3,
    ...UPLOAD_PART_COPY_EXPECTATIONS.s3,

    // List Parts paging
    'list-parts.list-parts.paging-max-parts': expect([
      named('complete-and-ordered', LIST_PARTS, peerSuite('D3')),
    ]),
    'list-parts.list-parts.paging-over-1000': expect([
      named('complete-and-ordered', LIST_PARTS, peerSuite('(d)14')),
    ]),

    // Generated sequences
    'model.multipart.sequences': expect([
      named('conform', decision('each step is judged with the expectations of the single-step checks')),
    ]),

    // 12. Run
    'run.upload-part.any-success': expect([
      named('some', decision('harness rule (README "Exit codes": exit 3)')),
    ]),
  } satisfies CatalogueExpectations,
};
