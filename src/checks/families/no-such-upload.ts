/**
 * Family 5, NoSuchUpload (spec §2.2 [D7750], §2.5 [D7742], §2.6 [D7740], §3): Upload Part, List Parts,
 * Complete and Abort on an upload id that is unknown, belongs to another key, was aborted or was completed
 * answer 404 NoSuchUpload, in an error document with Code, Message and RequestId (spec §4.1 [D7730]).
 */
import type { Exchange } from '../../client/exchange.ts';
import { type Check, defineCheck } from '../kit/define.ts';
import { describeExchange } from '../kit/describe.ts';
import { ERROR_FIELD_NAMES, errorAnswers, missingErrorFields } from '../kit/error-answers.ts';
import { judgeAnswer } from '../kit/response.ts';
import {
  accepted,
  deviation,
  doc,
  expect,
  expectationTable,
  named,
  peerSuite,
  RGW,
  recorded,
  rejected,
  rgwTable,
} from '../../profiles/evidence.ts';
import { COS_DOCS, S3_DOCS } from '../../profiles/sources.ts';
import type { FamilyExpectations, KnownDeviation } from '../../profiles/types.ts';
import type { MutantDef } from '../../server/mutants/types.ts';

const FAMILY = 'no-such-upload';

/** The four operations that take an upload id. */
export const UPLOAD_ID_OPS = ['upload-part', 'list-parts', 'complete', 'abort'] as const;
export type UploadIdOp = (typeof UPLOAD_ID_OPS)[number];

/** Why the upload id is not (or no longer) an open upload of that key. */
export const STALE_CASES = ['unknown-id', 'other-key', 'after-abort', 'after-complete'] as const;
export type StaleCase = (typeof STALE_CASES)[number];

const OP_TITLE: Record<UploadIdOp, string> = {
  'upload-part': 'Upload Part',
  'list-parts': 'List Parts',
  complete: 'Complete',
  abort: 'Abort',
};

const CASE_TITLE: Record<StaleCase, string> = {
  'unknown-id': 'an unknown upload id',
  'other-key': "another key's upload id",
  'after-abort': 'an aborted upload',
  'after-complete': 'a completed upload',
};

const OP_REF: Record<UploadIdOp, string> = {
  'upload-part': 'spec §2.2 [D7750]',
  'list-parts': 'spec §3 (UNCONFIRMED for List Parts, consistent with the others)',
  complete: 'spec §2.5 [D7742]',
  abort: 'spec §2.6 [D7740]',
};

/** One request on a stale upload id. */
export interface StaleRequest {
  exchange: Exchange | undefined;
}

/** The id of a cell of the matrix. */
export type NoSuchUploadId = `no-such-upload.${UploadIdOp}.${StaleCase}`;

/** The check id of one cell of the matrix. */
export function noSuchUploadId<const O extends UploadIdOp, const C extends StaleCase>(
  op: O,
  staleCase: C,
): `no-such-upload.${O}.${C}` {
  return `no-such-upload.${op}.${staleCase}`;
}

function cell(op: UploadIdOp, staleCase: StaleCase): Check<StaleRequest, NoSuchUploadId> {
  const after = staleCase === 'after-abort' || staleCase === 'after-complete';
  return defineCheck(
    {
      id: noSuchUploadId(op, staleCase),
      title: `${OP_TITLE[op]} on ${CASE_TITLE[staleCase]}`,
      family: FAMILY,
      severity: 'must',
      specRef: after ? `${OP_REF[op]}; spec §3 "Object after Complete"` : OP_REF[op],
      tags: [op, 'error-code', 'NoSuchUpload', ...(after ? ['terminal-state'] : [])],
    },
    (input: StaleRequest, kit) =>
      judgeAnswer(kit, input.exchange, `${OP_TITLE[op]} on ${CASE_TITLE[staleCase]}`),
  );
}

/** The 16 cells, by operation and case. */
export const NO_SUCH_UPLOAD_MATRIX: ReadonlyArray<{
  op: UploadIdOp;
  case: StaleCase;
  check: Check<StaleRequest, NoSuchUploadId>;
}> = UPLOAD_ID_OPS.flatMap((op) =>
  STALE_CASES.map((staleCase) => ({ op, case: staleCase, check: cell(op, staleCase) })),
);

/** The error answers of the family, judged for their document. */
export interface ErrorDocuments {
  exchanges: readonly (Exchange | undefined)[];
}

export const errorDocument = defineCheck(
  {
    id: 'no-such-upload.multipart.error-document',
    title: 'Error documents of the NoSuchUpload answers (Code, Message, RequestId)',
    family: FAMILY,
    severity: 'should',
    specRef: 'spec §4.1 [D7730]',
    tags: ['error-document', 'NoSuchUpload'],
  },
  (input: ErrorDocuments, kit) => {
    const errors = errorAnswers(input.exchanges);
    if (errors.length === 0)
      return kit.error('no error answers to judge', { exchanges: [...input.exchanges] });
    const fields = kit.profile.features.errorDocumentFields.value;
    for (const ex of errors) {
      if (!ex.response!.error)
        return kit.fail(`no parseable <Error> document: ${describeExchange(ex)}`, { exchanges: [ex] });
      const missing = missingErrorFields(ex, fields);
      if (missing) {
        return kit.fail(`<Error> without ${missing.join(', ')}: ${describeExchange(ex)}`, {
          expected: fields.map((field) => ERROR_FIELD_NAMES[field]).join(', '),
          observed: `missing ${missing.join(', ')}`,
          exchanges: [ex],
        });
      }
    }
    return kit.pass(`${errors.length} error documents well-formed`, {
      variantSeen: 'well-formed',
      exchanges: errors,
    });
  },
);

export const NO_SUCH_UPLOAD_CHECKS = [
  ...NO_SUCH_UPLOAD_MATRIX.map((matrixCell) => matrixCell.check),
  errorDocument,
] as const;

const COS_NO_SUCH_UPLOAD_EVIDENCE = {
  'upload-part': COS_DOCS.uploadPart,
  'list-parts': doc(
    'spec §3 "Unknown uploadId"',
    'UNCONFIRMED for List Parts; consistent with the other calls',
  ),
  complete: COS_DOCS.complete,
  abort: COS_DOCS.abort,
} as const;

const cosMatrix = expectationTable(
  NO_SUCH_UPLOAD_MATRIX.map(
    ({ op, case: staleCase, check }) =>
      [
        check.id,
        expect([
          rejected(
            'NoSuchUpload',
            COS_NO_SUCH_UPLOAD_EVIDENCE[op],
            ...(staleCase === 'after-abort'
              ? [COS_DOCS.abort]
              : staleCase === 'after-complete'
                ? [COS_DOCS.afterComplete]
                : []),
          ),
        ]),
      ] as const,
  ),
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

const S3_NO_SUCH_UPLOAD_EVIDENCE = {
  'upload-part': S3_DOCS.uploadPart,
  'list-parts': S3_DOCS.listParts,
  complete: S3_DOCS.complete,
  abort: S3_DOCS.abort,
} as const;

const s3Matrix = expectationTable(
  NO_SUCH_UPLOAD_MATRIX.map(({ op, case: staleCase, check }) => {
    const noSuchUpload = rejected('NoSuchUpload', S3_NO_SUCH_UPLOAD_EVIDENCE[op], S3_DOCS.errors);
    const rgwDeviation = RGW_NO_SUCH_UPLOAD[check.id];
    const extra = rgwDeviation ? { deviations: [rgwDeviation] } : {};
    if (staleCase === 'after-complete' && op === 'complete') {
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
            noSuchUpload,
          ],
          extra,
        ),
      ] as const;
    }
    if (staleCase === 'after-complete' && op === 'abort') {
      return [
        check.id,
        expect(
          [
            accepted('204', [204], peerSuite('(d)10', 'time-dependent on AWS, minio/minio#2250')),
            noSuchUpload,
          ],
          extra,
        ),
      ] as const;
    }
    return [check.id, expect([noSuchUpload], extra)] as const;
  }),
);

/** What each profile allows (docs/spec.md §2.2–§2.6, §3, §4.1; AWS error responses, and what RGW answered). */
export const NO_SUCH_UPLOAD_EXPECTATIONS = {
  cos: {
    ...cosMatrix,
    'no-such-upload.multipart.error-document': expect([named('well-formed', doc('spec §4.1 [D7730]'))]),
  },
  s3: {
    ...s3Matrix,
    'no-such-upload.multipart.error-document': expect([named('well-formed', S3_DOCS.errors)], {
      deviations: [deviation(RGW, '<Message></Message> always empty', rgwTable('error <Message>'))],
    }),
  },
} satisfies FamilyExpectations<typeof NO_SUCH_UPLOAD_CHECKS>;

/** The check ids of the matrix cells for the given cases (every operation), for a mutant's `catches`. */
export function noSuchUploadCells(cases: readonly StaleCase[] = STALE_CASES): NoSuchUploadId[] {
  return NO_SUCH_UPLOAD_MATRIX.filter((cell) => cases.includes(cell.case)).map((cell) => cell.check.id);
}

/** Servers that answer a stale upload id wrongly, or an error without `<Code>`. */
export const NO_SUCH_UPLOAD_MUTANTS = [
  {
    name: 'no-such-upload-403',
    description: 'a stale upload id is answered 403 instead of 404 NoSuchUpload',
    family: FAMILY,
    catches: noSuchUploadCells(),
    behaviour: { noSuchUploadStatus: 403 },
  },
  {
    name: 'no-such-upload-200',
    description: 'a stale upload id is answered 200 (with the NoSuchUpload document as its body)',
    family: FAMILY,
    catches: noSuchUploadCells(),
    behaviour: { noSuchUploadStatus: 200 },
  },
  {
    name: 'no-such-upload-as-no-such-key',
    description: 'a stale upload id is answered 404 NoSuchKey instead of NoSuchUpload',
    family: FAMILY,
    catches: noSuchUploadCells(),
    behaviour: { noSuchUploadCode: 'NoSuchKey' },
  },
  {
    name: 'error-document-without-code',
    description: 'error documents leave out <Code>',
    family: FAMILY,
    catches: [errorDocument.id, ...noSuchUploadCells()],
    behaviour: { errorDocumentHasCode: false },
  },
] as const satisfies readonly MutantDef[];
