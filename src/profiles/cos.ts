/**
 * The `cos` profile (default): what the Tencent COS documents say, as summarised in
 * docs/spec.md (cited as `spec §x [tag]`). Where the documents leave a value open
 * ("1 MB", where EntityTooSmall is raised) the profile holds the set of readings and the run reports which one
 * it saw; where they say nothing (odd partNumber forms, duplicate parts) the check is an observation.
 */
import { LIMITS } from '../spec/limits.ts';
import { NO_SUCH_UPLOAD_MATRIX } from '../checks/families/no-such-upload.ts';
import { INVALID_PART_NUMBERS } from '../checks/families/part-number.ts';
import {
  accepted,
  decision,
  doc,
  expect,
  expectationTable,
  fact,
  named,
  notApplicable,
  observed,
  peerSuite,
  rejected,
  sdk,
} from './evidence.ts';
import { AUTH_EXPECTATIONS } from '../checks/families/auth.ts';
import { ERRORS_EXPECTATIONS } from '../checks/families/errors.ts';
import { CHECKSUMS_EXPECTATIONS } from '../checks/families/checksums.ts';
import { SSE_EXPECTATIONS } from '../checks/families/sse.ts';
import { REQUEST_HEADERS_EXPECTATIONS } from '../checks/families/request-headers.ts';
import { UPLOAD_PART_COPY_EXPECTATIONS } from '../checks/families/upload-part-copy.ts';
import type { CatalogueExpectations, Profile } from './types.ts';

const UPLOAD_PART = doc('spec §2.2 [D7750]');
const COMPLETE = doc('spec §2.5 [D7742]');
const ABORT = doc('spec §2.6 [D7740]');
const LIST_PARTS = doc('spec §2.4 [D7747]');
const AFTER_COMPLETE = doc('spec §3 "Object after Complete"', 'S3 semantics; UNCONFIRMED for COS');

const NO_SUCH_UPLOAD_EVIDENCE = {
  'upload-part': UPLOAD_PART,
  'list-parts': doc(
    'spec §3 "Unknown uploadId"',
    'UNCONFIRMED for List Parts; consistent with the other calls',
  ),
  complete: COMPLETE,
  abort: ABORT,
} as const;

const noSuchUpload = expectationTable(
  NO_SUCH_UPLOAD_MATRIX.map(
    ({ op, case: c, check }) =>
      [
        check.id,
        expect([
          rejected(
            'NoSuchUpload',
            NO_SUCH_UPLOAD_EVIDENCE[op],
            ...(c === 'after-abort' ? [ABORT] : c === 'after-complete' ? [AFTER_COMPLETE] : []),
          ),
        ]),
      ] as const,
  ),
);

/** Stated `documented`: the observation is of other bad arguments, the exact code is UNCONFIRMED (spec §4.3). */
const invalidPartNumbers = expectationTable(
  INVALID_PART_NUMBERS.map(
    ([check]) =>
      [
        check.id,
        expect(
          [
            rejected(
              'InvalidArgument',
              doc('spec §2.2 [D7750]', 'partNumber "范围在1 - 10000"'),
              doc('spec §4.3', 'exact code UNCONFIRMED; InvalidArgument is the recommended reading'),
              observed('[OBS-node9]', 'COS answers bad arguments with InvalidArgument "Invalid Argument"'),
            ),
          ],
          { confidence: 'documented' },
        ),
      ] as const,
  ),
);

const ACCEPTED_PART = accepted('accepted', [200], UPLOAD_PART);

/** The COS profile. */
export const COS_PROFILE: Profile = {
  name: 'cos',
  title: 'Tencent COS (documents)',
  limits: {
    minPartSize: fact(
      LIMITS.cosMinPartSize,
      doc('spec §2.2 [D7750]', 'each part 1MB–5GB'),
      decision('larger reading of "1 MB"', 'non-last parts of 1 MiB are valid under both readings'),
    ),
    minPartSizeCandidates: fact(
      LIMITS.cosMinPartSizeCandidates,
      doc('spec §3', '"1 MB" as 1,000,000 or 1,048,576 bytes is UNCONFIRMED: measured'),
    ),
    maxPartSize: fact(LIMITS.maxPartSize, doc('spec §2.2 [D7750]', '"5GB", read as 5 GiB')),
    minPartNumber: fact(LIMITS.minPartNumber, UPLOAD_PART),
    maxPartNumber: fact(LIMITS.maxPartNumber, UPLOAD_PART),
    listPartsPage: fact(LIMITS.listPartsDefaultMax, doc('spec §2.4 [D7747]', 'max-parts default 1000')),
  },
  features: {
    crc64: fact(
      'required',
      doc('spec §5.3 [D40334]'),
      sdk('[GO] cos.go EnableCRC', 'fails an upload without it'),
    ),
    requestIdHeaders: fact(['x-cos-request-id'], doc('spec §1.3 [D7729]', 'generated for every request')),
    sse: fact(
      { header: 'x-cos-server-side-encryption', value: 'AES256', support: 'required' },
      doc('spec §2.1 [D7746], §2.2 [D7750]', 'SSE-COS AES256 documented and echoed'),
    ),
    copySource: fact(
      { header: 'x-cos-copy-source', form: 'cos-host' },
      doc('spec §2.3 [D8287]', 'x-cos-copy-source: <Bucketname>-<APPID>.cos.<Region>.myqcloud.com/<key>'),
    ),
    errorDocumentFields: fact(
      ['code', 'message', 'requestId'],
      doc('spec §4.1 [D7730]'),
      sdk('[FLARE] cos_status.cc', 'treats the children as mandatory'),
    ),
  },
  expectations: {
    // 1. Upload Part basics
    'basics.upload-part.status-200': expect([accepted('200', [200], UPLOAD_PART)]),
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
      named('same', LIST_PARTS, sdk('[NODE] advance.js', 'resume compares listed ETag with "md5"')),
    ]),
    'basics.upload-part.list-parts-size': expect([named('same', LIST_PARTS)]),
    'basics.upload-part.complete-accepts-etag': expect([accepted('200', [200], COMPLETE)]),

    // 2. partNumber
    'part-number.upload-part.min-1': expect([ACCEPTED_PART]),
    'part-number.upload-part.max-10000': expect([ACCEPTED_PART]),
    'part-number.upload-part.max-10000-completed': expect([ACCEPTED_PART]),
    ...invalidPartNumbers,
    'part-number.upload-part.leading-zero': expect([
      named('any', decision('form not specified by spec §2.2')),
    ]),
    'part-number.upload-part.plus-sign': expect([named('any', decision('form not specified by spec §2.2'))]),

    // 3. Out-of-order
    'out-of-order.upload-part.sequential': expect([
      accepted('equal', [200], doc('spec §2.2 [D7750]', 'parts may be uploaded out of order')),
    ]),
    'out-of-order.upload-part.concurrent': expect([
      accepted('equal', [200], doc('spec §2.2 [D7750]', 'parts may be uploaded out of order')),
    ]),
    'out-of-order.upload-part.part-ranges': expect([named('equal', COMPLETE, peerSuite('(d)4'))]),
    'out-of-order.upload-part.boundary-reads': expect([named('equal', COMPLETE, peerSuite('(d)4, I4'))]),

    // 4. Overwrite
    'overwrite.upload-part.list-shows-later': expect([
      named('later', doc('spec §2.2 [D7750]', 'the later upload overwrites the earlier')),
    ]),
    'overwrite.upload-part.earlier-etag-rejected': expect([
      rejected('InvalidPart', COMPLETE, doc('spec §4.2 [D7730-old]', 'part missing or ETag invalid')),
    ]),
    'overwrite.upload-part.last-wins': expect([accepted('later', [200], UPLOAD_PART)]),
    'overwrite.upload-part.concurrent-no-mix': expect([
      accepted('one-of', [200], UPLOAD_PART, peerSuite('(d)11')),
    ]),

    // 5. NoSuchUpload
    ...noSuchUpload,
    'no-such-upload.multipart.error-document': expect([named('well-formed', doc('spec §4.1 [D7730]'))]),

    // 6. Part size
    'part-size.upload-part.non-last-below-min-rejected': expect([
      { ...rejected('EntityTooSmall', COMPLETE), name: 'at-complete' },
      {
        ...rejected(
          'EntityTooSmall',
          observed('[OBS-ckb]', 'a real COS 400 EntityTooSmall on a PUT; spec §3 UNCONFIRMED'),
        ),
        name: 'at-upload-part',
      },
    ]),
    'part-size.upload-part.non-last-at-min-accepted': expect([ACCEPTED_PART]),
    'part-size.upload-part.non-last-above-min-accepted': expect([ACCEPTED_PART]),
    'part-size.upload-part.non-last-boundary-measured': expect([
      named('1000000', doc('spec §2.2 [D7750]', '"1MB" read as 10^6 bytes')),
      named('1048576', doc('spec §8 item 5', '"1MB" read as 1 MiB'), decision('reference server choice')),
    ]),
    'part-size.upload-part.last-zero-bytes': expect([
      accepted(
        'accepted',
        [200],
        doc('spec §2.2 [D7750]', 'the last part may be smaller than 1MB'),
        peerSuite('B10'),
      ),
    ]),
    'part-size.upload-part.last-one-byte': expect([
      accepted('accepted', [200], doc('spec §2.2 [D7750]', 'the last part may be smaller than 1MB')),
    ]),
    'part-size.upload-part.at-5gib-accepted': expect([
      accepted('accepted', [200], doc('spec §2.2 [D7750]', 'up to 5GB')),
    ]),
    'part-size.upload-part.over-5gib-rejected': expect([
      rejected(
        'EntityTooLarge',
        doc('spec §4.2 [D7730-old]'),
        doc('spec §1.2 [D7728]', 'Expect: 100-continue'),
      ),
    ]),

    // 7. Integrity headers
    'integrity.upload-part.md5-correct': expect([
      accepted('200', [200], doc('spec §1.2 [D7728]', 'Content-MD5')),
    ]),
    'integrity.upload-part.md5-wrong': expect([
      rejected(
        'BadDigest',
        doc('spec §4.2 [D7730]'),
        observed('[OBS-rclone]', 'real COS PUT → 400 BadDigest'),
      ),
    ]),
    'integrity.upload-part.md5-malformed': expect([
      rejected('InvalidDigest', doc('spec §4.2, §4.3 [FLARE]', 'malformed vs mismatch split UNCONFIRMED')),
    ]),
    'integrity.upload-part.missing-content-length': expect([
      rejected(
        'MissingContentLength',
        doc('spec §4.3 [FLARE][D7730-old]'),
        doc('spec §2.2 [D7750-2017]', 'required'),
      ),
    ]),
    'integrity.upload-part.short-body': expect([
      rejected('IncompleteBody', doc('spec §4.2 [FLARE]', 'body length ≠ Content-Length')),
      rejected('RequestTimeout', doc('spec §4.2 [FLARE]', 'read timeout of a slow client')),
      named(
        'connection-closed',
        decision('nothing stored is what matters', 'the server may drop the connection'),
      ),
      named(
        'refused-bare',
        decision(
          'a front proxy (nginx) refuses a short body itself, without a COS error document',
          'the body was refused, which is the rule; the missing document is reported, not failed',
        ),
      ),
    ]),
    'integrity.upload-part.failed-keeps-previous': expect([accepted('intact', [200], UPLOAD_PART)]),

    // 8. Complete
    'complete.complete.ascending-order-required': expect([rejected('InvalidPartOrder', COMPLETE)]),
    'complete.complete.missing-part': expect([
      rejected('InvalidPart', doc('spec §3', 'missing part'), doc('spec §4.2 [D7730-old]')),
    ]),
    'complete.complete.wrong-etag': expect([
      rejected('InvalidPart', doc('spec §3', 'ETag mismatch'), doc('spec §4.2 [D7730-old]')),
    ]),
    'complete.complete.empty-part-list': expect([
      rejected('MalformedXML', doc('spec §4.2 [FLARE][D7730-old]'), peerSuite('G1')),
    ]),
    'complete.complete.subset-with-gaps': expect(
      [
        rejected(
          'InvalidPart',
          doc('spec §2.5 [D7742]', '"上传块编号不连续" → InvalidPart, in every version incl. 2026'),
        ),
      ],
      { note: 'UNCONFIRMED on the service: S3 allows gaps' },
    ),
    'complete.complete.duplicate-part-numbers': expect([
      named('any', decision('not specified; peer-suites (d)9: verify')),
    ]),
    'complete.complete.etag-format': expect([named('md5-dash-n', doc('spec §5.2 [D7742]'))]),
    'complete.complete.etag-s3-formula': notApplicable(
      'the COS document examples are not reproducible with the S3 formula',
      doc('spec §5.2', 'derivation UNCONFIRMED'),
    ),
    'complete.complete.not-error-body': expect([
      named('result', COMPLETE, sdk('[GO] object_part.go', '"200 OK, but body contains an error"')),
    ]),
    'complete.complete.leading-whitespace': expect(
      [named('whitespace-prefixed', doc('spec §2.5 [D7742]', 'whitespace streamed while merging'))],
      { note: 'a Complete answered without whitespace does not exercise the rule: the check is skipped' },
    ),
    'complete.complete.crc64': expect([
      named('equal', doc('spec §5.3 [D40334]', 'whole-object CRC on Complete')),
    ]),

    // 9. Abort
    'abort.abort.status-204': expect([accepted('204', [204], doc('spec §2.6 [D7740]', '"HTTP/1.1 204 OK"'))]),
    'abort.abort.leaves-listing': expect([named('gone', ABORT, doc('spec §2.7 [D7736]'))]),
    'abort.abort.parts-gone': expect([named('gone', doc('spec §2.6 [D7740]', 'deletes uploaded parts'))]),
    'abort.abort.no-object': expect([accepted('absent', [404], ABORT, peerSuite('H1'))]),
    'abort.abort.existing-object-untouched': expect([named('untouched', ABORT, peerSuite('A10, H6'))]),

    ...SSE_EXPECTATIONS.cos,
    ...REQUEST_HEADERS_EXPECTATIONS.cos,
    ...AUTH_EXPECTATIONS.cos,
    ...ERRORS_EXPECTATIONS.cos,
    ...CHECKSUMS_EXPECTATIONS.cos,
    ...UPLOAD_PART_COPY_EXPECTATIONS.cos,

    // List Parts paging
    'list-parts.list-parts.paging-max-parts': expect([named('complete-and-ordered', LIST_PARTS)]),
    'list-parts.list-parts.paging-over-1000': expect([named('complete-and-ordered', LIST_PARTS)]),

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
