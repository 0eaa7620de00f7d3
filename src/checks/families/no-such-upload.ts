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
  c: C,
): `no-such-upload.${O}.${C}` {
  return `no-such-upload.${op}.${c}`;
}

function cell(op: UploadIdOp, c: StaleCase): Check<StaleRequest, NoSuchUploadId> {
  const after = c === 'after-abort' || c === 'after-complete';
  return defineCheck(
    {
      id: noSuchUploadId(op, c),
      title: `${OP_TITLE[op]} on ${CASE_TITLE[c]}`,
      family: FAMILY,
      severity: 'must',
      specRef: after ? `${OP_REF[op]}; spec §3 "Object after Complete"` : OP_REF[op],
      tags: [op, 'error-code', 'NoSuchUpload', ...(after ? ['terminal-state'] : [])],
    },
    (i: StaleRequest, kit) => judgeAnswer(kit, i.exchange, `${OP_TITLE[op]} on ${CASE_TITLE[c]}`),
  );
}

/** The 16 cells, by operation and case. */
export const NO_SUCH_UPLOAD_MATRIX: ReadonlyArray<{
  op: UploadIdOp;
  case: StaleCase;
  check: Check<StaleRequest, NoSuchUploadId>;
}> = UPLOAD_ID_OPS.flatMap((op) => STALE_CASES.map((c) => ({ op, case: c, check: cell(op, c) })));

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
  (i: ErrorDocuments, kit) => {
    const errors = errorAnswers(i.exchanges);
    if (errors.length === 0) return kit.error('no error answers to judge', { exchanges: [...i.exchanges] });
    const fields = kit.profile.features.errorDocumentFields.value;
    for (const ex of errors) {
      if (!ex.response!.error)
        return kit.fail(`no parseable <Error> document: ${describeExchange(ex)}`, { exchanges: [ex] });
      const missing = missingErrorFields(ex, fields);
      if (missing) {
        return kit.fail(`<Error> without ${missing.join(', ')}: ${describeExchange(ex)}`, {
          expected: fields.map((f) => ERROR_FIELD_NAMES[f]).join(', '),
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

export const NO_SUCH_UPLOAD_CHECKS = [...NO_SUCH_UPLOAD_MATRIX.map((m) => m.check), errorDocument] as const;
