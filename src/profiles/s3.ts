/**
 * The `s3` profile: AWS S3 semantics, for S3-compatible endpoints (Ceph RGW, MinIO-likes) driven with SigV4.
 * Evidence is the AWS API reference, what peer suites assert (docs/peer-suites.md) and, for vendors
 * that answer otherwise, the responses recorded against Ceph RGW 16.2.15 (docs/vendors.md). A recorded
 * deviation is kept as `deviations` for the report; it never widens what is allowed.
 */
import { NO_SUCH_UPLOAD_MATRIX } from '../checks/families/no-such-upload.ts';
import { INVALID_PART_NUMBERS } from '../checks/families/part-number.ts';
import { LIMITS } from '../spec/limits.ts';
import {
  accepted,
  decision,
  deviation,
  doc,
  expect,
  fact,
  named,
  peerSuite,
  RGW,
  recorded,
  rejected,
  rgwTable,
} from './evidence.ts';
import type { CheckExpectation, KnownDeviation, Profile } from './types.ts';

const AWS = 'https://docs.aws.amazon.com/AmazonS3/latest';
const UPLOAD_PART = doc(`${AWS}/API/API_UploadPart.html`);
const COMPLETE = doc(`${AWS}/API/API_CompleteMultipartUpload.html`);
const ABORT = doc(`${AWS}/API/API_AbortMultipartUpload.html`);
const LIST_PARTS = doc(`${AWS}/API/API_ListParts.html`);
const ERRORS = doc(`${AWS}/API/ErrorResponses.html`);
const QUOTAS = doc(`${AWS}/userguide/qfacts.html`, 'multipart upload limits');

const RGW_PART_NUMBER: Record<string, KnownDeviation> = {
  zero: deviation(RGW, '200 (accepted, not listed)', rgwTable('partNumber 0, -1, 10001')),
  '10001': deviation(RGW, '200 (accepted and listed)', rgwTable('partNumber 0, -1, 10001')),
  negative: deviation(RGW, '200 (accepted, not listed)', rgwTable('partNumber 0, -1, 10001')),
};

const invalidPartNumbers: Record<string, CheckExpectation> = Object.fromEntries(
  INVALID_PART_NUMBERS.map(([check]) => {
    const slug = check.id.replace('upload-part.part-number.reject-', '');
    const dev = RGW_PART_NUMBER[slug];
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
    ];
  }),
);

/** Answers this project recorded from Ceph RGW 16.2.15 (`cos-conformance run --profile s3`, scripts/peers/rgw-up.sh). */
const rgwRun = (what: string) =>
  recorded('test/peers/rgw.test.ts (suite run against Ceph RGW 16.2.15)', what);

const RGW_NO_SUCH_UPLOAD: Record<string, KnownDeviation> = {
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

const noSuchUpload: Record<string, CheckExpectation> = Object.fromEntries(
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
      ];
    }
    if (c === 'after-complete' && op === 'abort') {
      return [
        check.id,
        expect(
          [accepted('204', [204], peerSuite('(d)10', 'time-dependent on AWS, minio/minio#2250')), base],
          extra,
        ),
      ];
    }
    return [check.id, expect([base], extra)];
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
    errorDocumentFields: fact(['code', 'message', 'requestId'], ERRORS),
  },
  expectations: {
    // 1. Upload Part basics
    'upload-part.basics.status-200': expect([accepted('200', [200], UPLOAD_PART)]),
    'upload-part.basics.empty-body': expect([named('empty', UPLOAD_PART)]),
    'upload-part.basics.etag-md5': expect([named('quoted-md5', UPLOAD_PART, peerSuite('B1, (d)7'))]),
    'upload-part.basics.request-id': expect([
      named('x-amz-request-id', doc(`${AWS}/API/RESTCommonResponseHeaders.html`)),
    ]),
    'upload-part.basics.crc64': expect(CRC_OPTIONAL),
    'upload-part.basics.list-parts-etag': expect([
      named('same', LIST_PARTS, peerSuite('B1 (versitygw etag quoting)')),
    ]),
    'upload-part.basics.list-parts-size': expect([named('same', LIST_PARTS, peerSuite('D1'))]),
    'upload-part.basics.complete-accepts-etag': expect([accepted('200', [200], COMPLETE, peerSuite('B1'))]),

    // 2. partNumber
    'upload-part.part-number.min-1': expect([ACCEPTED_PART]),
    'upload-part.part-number.max-10000': expect([ACCEPTED_PART]),
    'upload-part.part-number.max-10000-completed': expect([ACCEPTED_PART]),
    ...invalidPartNumbers,
    'upload-part.part-number.leading-zero': expect([named('any', decision('form not specified'))]),
    'upload-part.part-number.plus-sign': expect([named('any', decision('form not specified'))]),

    // 3. Out-of-order
    'upload-part.out-of-order.sequential': expect([accepted('equal', [200], UPLOAD_PART, peerSuite('(d)4'))]),
    'upload-part.out-of-order.concurrent': expect([accepted('equal', [200], UPLOAD_PART, peerSuite('(d)4'))]),
    'upload-part.out-of-order.part-ranges': expect([named('equal', peerSuite('(d)4, I1'))]),
    'upload-part.out-of-order.boundary-reads': expect([named('equal', peerSuite('(d)4, I4'))]),

    // 4. Overwrite
    'upload-part.overwrite.list-shows-later': expect([named('later', UPLOAD_PART, peerSuite('B7'))]),
    'upload-part.overwrite.earlier-etag-rejected': expect([
      rejected('InvalidPart', COMPLETE, peerSuite('G5')),
    ]),
    'upload-part.overwrite.last-wins': expect([accepted('later', [200], UPLOAD_PART, peerSuite('B7'))]),
    'upload-part.overwrite.concurrent-no-mix': expect([accepted('one-of', [200], peerSuite('B8, (d)11'))]),

    // 5. NoSuchUpload
    ...noSuchUpload,
    'no-such-upload.error-document': expect([named('well-formed', ERRORS)], {
      deviations: [deviation(RGW, '<Message></Message> always empty', rgwTable('error <Message>'))],
    }),

    // 6. Part size
    'part-size.non-last.below-min-rejected': expect([
      { ...rejected('EntityTooSmall', COMPLETE, peerSuite('G8')), name: 'at-complete' },
    ]),
    'part-size.non-last.at-min-accepted': expect([ACCEPTED_PART]),
    'part-size.non-last.above-min-accepted': expect([ACCEPTED_PART]),
    'part-size.non-last.boundary-measured': expect([named(String(LIMITS.s3MinPartSize), QUOTAS)]),
    'part-size.last.zero-bytes': expect([accepted('accepted', [200], QUOTAS, peerSuite('B10'))]),
    'part-size.last.one-byte': expect([accepted('accepted', [200], QUOTAS, peerSuite('F3'))]),
    'part-size.max.at-5gib-accepted': expect([accepted('accepted', [200], QUOTAS)]),
    'part-size.max.over-5gib-rejected': expect([rejected('EntityTooLarge', ERRORS, QUOTAS)]),

    // 7. Integrity headers
    'upload-part.integrity.md5-correct': expect([accepted('200', [200], UPLOAD_PART)]),
    'upload-part.integrity.md5-wrong': expect([rejected('BadDigest', ERRORS)]),
    'upload-part.integrity.md5-malformed': expect([rejected('InvalidDigest', ERRORS)]),
    'upload-part.integrity.missing-content-length': expect([
      rejected(
        'MissingContentLength',
        ERRORS,
        recorded('docs/vendors.md', 'RGW answers 411 MissingContentLength'),
      ),
    ]),
    'upload-part.integrity.short-body': expect([
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
    'upload-part.integrity.failed-keeps-previous': expect([accepted('intact', [200], UPLOAD_PART)]),

    // 8. Complete
    'complete.order.ascending-required': expect([rejected('InvalidPartOrder', COMPLETE, peerSuite('G6'))], {
      deviations: [deviation(RGW, '200 (parts sorted silently)', rgwTable('Complete with parts [2,1]'))],
    }),
    'complete.part.missing': expect([rejected('InvalidPart', COMPLETE, peerSuite('G4'))]),
    'complete.part.wrong-etag': expect([rejected('InvalidPart', COMPLETE, peerSuite('G5'))]),
    'complete.body.empty-list': expect([
      rejected(
        'MalformedXML',
        COMPLETE,
        peerSuite('G1'),
        recorded('docs/vendors.md', 'RGW: 400 MalformedXML'),
      ),
    ]),
    'complete.part.subset-with-gaps': expect([accepted('accepted', [200], COMPLETE, peerSuite('(d)3'))], {
      deviations: [deviation(RGW, '400 InvalidPart', rgwTable('Complete listing a subset'))],
    }),
    'complete.part.duplicate-numbers': expect(
      [named('any', peerSuite('(d)9', 'verify; B8 implies accepted'))],
      {
        deviations: [deviation(RGW, '200 (duplicates removed)', rgwTable('Complete with duplicate [1,1,2]'))],
      },
    ),
    'complete.result.etag-format': expect([named('md5-dash-n', COMPLETE, peerSuite('F10'))], {
      deviations: [
        deviation(
          RGW,
          '<ETag></ETag> (empty) on the first Complete',
          rgwTable('CompleteMultipartUpload response'),
        ),
      ],
    }),
    'complete.result.etag-s3-formula': expect([
      named(
        'md5-of-md5s',
        peerSuite('F8, F9'),
        recorded('docs/vendors.md', 'RGW object ETag "<md5 of part md5s>-2"'),
      ),
    ]),
    'complete.result.not-error-body': expect([named('result', COMPLETE, peerSuite('(d)12'))]),
    'complete.result.leading-whitespace': expect(
      [named('whitespace-prefixed', COMPLETE, peerSuite('(d)12'))],
      { note: 'a Complete answered without whitespace does not exercise the rule: the check is skipped' },
    ),
    'complete.result.crc64': expect(CRC_OPTIONAL),

    // 9. Abort
    'abort.status-204': expect([accepted('204', [204], ABORT, peerSuite('H1'))]),
    'abort.leaves-listing': expect([named('gone', ABORT, peerSuite('E12, H1'))]),
    'abort.parts-gone': expect([named('gone', ABORT, peerSuite('H1'))]),
    'abort.no-object': expect([accepted('absent', [404], ABORT, peerSuite('H1'))]),
    'abort.existing-object-untouched': expect([named('untouched', peerSuite('A10, H6'))]),

    // 10. SSE
    'sse.upload-part.echo': expect([accepted('echoed', [200], UPLOAD_PART)]),
    'sse.complete.echo': expect([accepted('echoed', [200], COMPLETE)]),

    // 11. Auth
    'auth.wrong-signature.refused': expect([
      rejected(
        'SignatureDoesNotMatch',
        ERRORS,
        recorded('docs/vendors.md', 'RGW: a wrong secret gives 403 SignatureDoesNotMatch'),
      ),
    ]),
    'auth.wrong-signature.stores-nothing': expect([named('nothing-stored', ERRORS)]),

    // List Parts paging
    'list-parts.paging.max-parts': expect([named('complete-and-ordered', LIST_PARTS, peerSuite('D3'))]),
    'list-parts.paging.over-1000': expect([named('complete-and-ordered', LIST_PARTS, peerSuite('(d)14'))]),

    // Generated sequences
    'model.upload.sequences': expect([
      named('conform', decision('each step is judged with the expectations of the single-step checks')),
    ]),

    // 12. Run
    'run.upload-part.any-success': expect([
      named('some', decision('harness rule (README "Exit codes": exit 3)')),
    ]),
  },
};
