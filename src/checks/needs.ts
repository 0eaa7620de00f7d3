/**
 * Which operations each check's scenario needs (data, not code): the operation under test and every neighbour
 * operation (Initiate, List Parts, Complete, Abort, reads…) without which its rule cannot be judged. An
 * endpoint that lacks a needed operation (answers it 405 or 501) gets `error` for the check, naming the
 * operation; an endpoint that lacks an operation a check does not need has that check judged as usual.
 *
 * `uses`: operations a scenario sends when the endpoint has them but judges without (more evidence, never a
 * precondition). Cleanup (aborting what is left open, deleting what was created) is needed by no check.
 *
 * Kept honest from both sides: every test checks at run time that its scenario sent only operations listed
 * here (specs/support/suite.ts), and test/cli/stripped-server.test.ts runs the suite against reference
 * servers stripped of one operation each and compares which checks error with this table.
 */
import type { Exchange } from '../client/exchange.ts';
import { type ObjectOperation, OPERATION_TITLES } from '../spec/operations.ts';
import { makeResult } from './kit/define.ts';
import { describeAnswer } from './kit/describe.ts';
import {
  NO_SUCH_UPLOAD_MATRIX,
  type NoSuchUploadId,
  type StaleCase,
  type UploadIdOp,
} from './families/no-such-upload.ts';
import { CHECKS, type CheckId } from './registry.ts';
import type { CheckDef, CheckResult } from './types.ts';

/** Operations, by the client's names (the `op` of a recorded exchange). */
export type Operation = ObjectOperation;

export { OPERATION_TITLES };

/** What one check's scenario needs and (optionally) uses. */
export interface CheckNeeds {
  readonly needs: readonly Operation[];
  readonly uses?: readonly Operation[];
}

const INIT: Operation = 'initiateMultipartUpload';
const UP: Operation = 'uploadPart';
const LIST: Operation = 'listParts';
const COMPLETE: Operation = 'completeMultipartUpload';
const ABORT: Operation = 'abortMultipartUpload';
const UPLOADS: Operation = 'listMultipartUploads';
const GET: Operation = 'getObject';
const HEAD: Operation = 'headObject';
const PUT: Operation = 'putObject';
const COPY: Operation = 'uploadPartCopy';

const UPLOADED: CheckNeeds = { needs: [INIT, UP] };
const LISTED: CheckNeeds = { needs: [INIT, UP, LIST] };
const COMPLETED: CheckNeeds = { needs: [INIT, UP, COMPLETE] };
const READ_BACK: CheckNeeds = { needs: [INIT, UP, COMPLETE, GET] };
/** The errors family provokes errors of Upload Part, List Parts, Complete and Abort on one upload. */
const PROVOKED_ERRORS: CheckNeeds = { needs: [INIT, UP], uses: [LIST, COMPLETE, ABORT] };

/** The NoSuchUpload matrix: what each stale id needs to exist, plus the operation sent with it. */
const STALE_SETUP: Readonly<Record<StaleCase, readonly Operation[]>> = {
  'unknown-id': [],
  'other-key': [INIT, UP],
  'after-abort': [INIT, UP, ABORT],
  'after-complete': [INIT, UP, COMPLETE],
};
const STALE_OP: Readonly<Record<UploadIdOp, Operation>> = {
  'upload-part': UP,
  'list-parts': LIST,
  complete: COMPLETE,
  abort: ABORT,
};

function noSuchUploadCells(): Record<NoSuchUploadId, CheckNeeds> {
  const cells = NO_SUCH_UPLOAD_MATRIX.map(({ op, case: staleCase, check }) => [
    check.id,
    { needs: [...new Set([...STALE_SETUP[staleCase], STALE_OP[op]])] },
  ]);
  // Object.fromEntries types its keys as string; the matrix has one cell per NoSuchUploadId.
  return Object.fromEntries(cells) as Record<NoSuchUploadId, CheckNeeds>;
}

/** Check id → the operations its scenario needs: one entry per check of the catalogue, or it does not compile. */
export const CHECK_NEEDS: { readonly [K in CheckId]: CheckNeeds } = {
  'basics.upload-part.status-200': UPLOADED,
  'basics.upload-part.empty-body': UPLOADED,
  'basics.upload-part.etag-md5': UPLOADED,
  'basics.upload-part.request-id': UPLOADED,
  'basics.upload-part.crc64': UPLOADED,
  'basics.upload-part.list-parts-etag': LISTED,
  'basics.upload-part.list-parts-size': LISTED,
  'basics.upload-part.complete-accepts-etag': COMPLETED,

  'part-number.upload-part.min-1': { needs: [INIT, UP, LIST, COMPLETE, GET] },
  'part-number.upload-part.max-10000': LISTED,
  'part-number.upload-part.max-10000-completed': { needs: [INIT, UP, LIST, COMPLETE, GET] },
  // "stores nothing" is proved by listings before and after the refused upload
  'part-number.upload-part.reject-zero': LISTED,
  'part-number.upload-part.reject-10001': LISTED,
  'part-number.upload-part.reject-negative': LISTED,
  'part-number.upload-part.reject-fraction': LISTED,
  'part-number.upload-part.reject-non-numeric': LISTED,
  'part-number.upload-part.reject-empty': LISTED,
  'part-number.upload-part.reject-2pow31': LISTED,
  // the listing says which part number an accepted odd form became
  'part-number.upload-part.leading-zero': LISTED,
  'part-number.upload-part.plus-sign': LISTED,

  'out-of-order.upload-part.sequential': READ_BACK,
  'out-of-order.upload-part.concurrent': READ_BACK,
  'out-of-order.upload-part.part-ranges': READ_BACK,
  'out-of-order.upload-part.boundary-reads': READ_BACK,

  'overwrite.upload-part.list-shows-later': LISTED,
  'overwrite.upload-part.earlier-etag-rejected': COMPLETED,
  'overwrite.upload-part.last-wins': READ_BACK,
  // the listing names the racer that won, Complete and the read prove the object is exactly that one
  'overwrite.upload-part.concurrent-no-mix': { needs: [INIT, UP, LIST, COMPLETE, GET] },

  ...noSuchUploadCells(),
  // judged over the cells the endpoint could run (at least the unknown id on Upload Part)
  'no-such-upload.multipart.error-document': { needs: [UP], uses: [INIT, LIST, COMPLETE, ABORT] },

  'part-size.upload-part.non-last-below-min-rejected': COMPLETED,
  'part-size.upload-part.non-last-at-min-accepted': COMPLETED,
  'part-size.upload-part.non-last-above-min-accepted': COMPLETED,
  'part-size.upload-part.non-last-boundary-measured': COMPLETED,
  'part-size.upload-part.last-zero-bytes': READ_BACK,
  'part-size.upload-part.last-one-byte': READ_BACK,
  'part-size.upload-part.at-5gib-accepted': UPLOADED,
  'part-size.upload-part.over-5gib-rejected': UPLOADED,

  'integrity.upload-part.md5-correct': UPLOADED,
  'integrity.upload-part.md5-wrong': UPLOADED,
  'integrity.upload-part.md5-malformed': UPLOADED,
  'integrity.upload-part.missing-content-length': UPLOADED,
  'integrity.upload-part.short-body': UPLOADED,
  'integrity.upload-part.failed-keeps-previous': { needs: [INIT, UP, LIST, COMPLETE, GET] },

  'complete.complete.ascending-order-required': COMPLETED,
  'complete.complete.missing-part': COMPLETED,
  'complete.complete.wrong-etag': COMPLETED,
  'complete.complete.empty-part-list': COMPLETED,
  'complete.complete.subset-with-gaps': READ_BACK,
  'complete.complete.duplicate-part-numbers': { needs: [INIT, UP, COMPLETE, HEAD, GET] },
  'complete.complete.etag-format': COMPLETED,
  'complete.complete.etag-s3-formula': COMPLETED,
  'complete.complete.not-error-body': COMPLETED,
  'complete.complete.leading-whitespace': COMPLETED,
  'complete.complete.crc64': COMPLETED,

  'abort.abort.status-204': { needs: [INIT, UP, ABORT] },
  'abort.abort.leaves-listing': { needs: [INIT, UP, ABORT, UPLOADS] },
  'abort.abort.parts-gone': { needs: [INIT, UP, ABORT, LIST] },
  'abort.abort.no-object': { needs: [INIT, UP, ABORT, HEAD] },
  'abort.abort.existing-object-untouched': { needs: [PUT, INIT, UP, ABORT, GET] },

  'sse.upload-part.echo': UPLOADED,
  'sse.complete.echo': { needs: [INIT, UP, COMPLETE], uses: [HEAD] },
  'sse.initiate.echo': { needs: [INIT], uses: [UP] },
  'sse.head-object.echo': { needs: [INIT, UP, COMPLETE, HEAD] },
  'sse.initiate.kms-echo': { needs: [INIT], uses: [UP] },
  'sse.upload-part.kms-echo': UPLOADED,
  'sse.initiate.ssec-echo': { needs: [INIT], uses: [UP] },
  'sse.upload-part.ssec-echo': UPLOADED,
  'sse.head-object.ssec-echo': { needs: [INIT, UP, COMPLETE, HEAD] },
  'sse.upload-part.ssec-key-missing': UPLOADED,
  'sse.upload-part.ssec-other-key': UPLOADED,
  'sse.upload-part.ssec-key-md5-mismatch': UPLOADED,
  'sse.upload-part.ssec-unexpected': UPLOADED,
  'sse.get-object.ssec-key-required': READ_BACK,

  'auth.upload-part.wrong-signature-refused': UPLOADED,
  'auth.upload-part.wrong-signature-stores-nothing': LISTED,
  'auth.upload-part.anonymous-refused': UPLOADED,
  'auth.upload-part.unknown-key-refused': UPLOADED,
  'auth.upload-part.expired-signature-refused': UPLOADED,
  'auth.upload-part.tampered-params-refused': UPLOADED,
  'auth.upload-part.tampered-upload-id-refused': UPLOADED,
  'auth.upload-part.partial-params-accepted': UPLOADED,
  'auth.upload-part.refusals-store-nothing': LISTED,
  'auth.upload-part.presigned-stored': LISTED,
  'auth.upload-part.temporary-token-header': UPLOADED,
  'auth.upload-part.temporary-token-query': UPLOADED,
  'auth.upload-part.temporary-token-missing-refused': UPLOADED,
  'auth.upload-part.temporary-token-wrong-refused': UPLOADED,

  'errors.multipart.request-id-header': PROVOKED_ERRORS,
  'errors.multipart.error-document': PROVOKED_ERRORS,

  'request-headers.upload-part.traffic-limit-in-range': LISTED,
  'request-headers.upload-part.traffic-limit-below-min': UPLOADED,
  'request-headers.upload-part.traffic-limit-above-max': UPLOADED,
  'request-headers.upload-part.traffic-limit-not-numeric': UPLOADED,
  'request-headers.upload-part.expect-continue-accepted': UPLOADED,
  'request-headers.upload-part.content-length-not-numeric': UPLOADED,
  'request-headers.upload-part.content-length-negative': UPLOADED,
  'request-headers.upload-part.body-longer-than-content-length': LISTED,
  'request-headers.upload-part.md5-empty-last-part': COMPLETED,
  'request-headers.upload-part.content-type-bytes-kept': LISTED,
  'request-headers.upload-part.psize-max-observed': LISTED,
  'request-headers.upload-part.psize-min-observed': LISTED,
  // one source object (Put Object) copied into parts of one upload, mixed with an uploaded part and listed
  'upload-part-copy.upload-part-copy.whole-object': { needs: [PUT, INIT, COPY], uses: [UP, LIST] },
  'upload-part-copy.upload-part-copy.range': { needs: [PUT, INIT, COPY, LIST], uses: [UP] },
  'upload-part-copy.upload-part-copy.crc64': { needs: [PUT, INIT, COPY], uses: [UP, LIST] },
  'upload-part-copy.upload-part-copy.read-back': {
    needs: [PUT, INIT, COPY, UP, COMPLETE, GET],
    uses: [LIST],
  },
  // the refusals share one upload and a listing after them
  'upload-part-copy.upload-part-copy.range-beyond-source': { needs: [PUT, INIT, COPY], uses: [LIST] },
  'upload-part-copy.upload-part-copy.malformed-range': { needs: [PUT, INIT, COPY], uses: [LIST] },
  'upload-part-copy.upload-part-copy.missing-source': { needs: [PUT, INIT, COPY], uses: [LIST] },
  'upload-part-copy.upload-part-copy.unknown-upload': { needs: [PUT, COPY] },
  'upload-part-copy.upload-part-copy.part-number-range': { needs: [PUT, INIT, COPY], uses: [LIST] },
  'upload-part-copy.upload-part-copy.condition-failed': { needs: [PUT, INIT, COPY], uses: [LIST] },
  'upload-part-copy.list-parts.refusals-store-nothing': { needs: [PUT, INIT, COPY, LIST] },

  'list-parts.list-parts.paging-max-parts': LISTED,
  'list-parts.list-parts.paging-over-1000': LISTED,

  'checksums.upload-part.crc32': UPLOADED,
  'checksums.upload-part.crc32c': UPLOADED,
  'checksums.upload-part.crc64nvme': UPLOADED,
  'checksums.upload-part.sha1': UPLOADED,
  'checksums.upload-part.sha256': UPLOADED,
  'checksums.upload-part.crc32-wrong': LISTED,
  'checksums.upload-part.aws-chunked': LISTED,
  'checksums.upload-part.aws-chunked-trailer-wrong': LISTED,

  'model.multipart.sequences': { needs: [INIT, UP, LIST, COMPLETE, ABORT, GET] },

  // judged by the reporter over every test's Upload Part traffic
  'run.upload-part.any-success': { needs: [UP] },
};

/** Entries missing for checks of the catalogue, and entries for checks it does not have (both empty when sound). */
export function needsTableProblems(): { missing: string[]; unknown: string[] } {
  const ids = new Set<string>(CHECKS.map((check) => check.id));
  return {
    missing: [...ids].filter((id) => !(id in CHECK_NEEDS)),
    unknown: Object.keys(CHECK_NEEDS).filter((id) => !ids.has(id)),
  };
}

/** What check `id` needs; undefined for an id that is not in the catalogue (a harness bug: the test reports it). */
export function needsOf(id: string): CheckNeeds | undefined {
  return Object.hasOwn(CHECK_NEEDS, id) ? CHECK_NEEDS[id as CheckId] : undefined;
}

/** Whether `op` is one of the operations this table knows. */
export function isOperation(op: string): op is Operation {
  return op in OPERATION_TITLES;
}

/** The statuses of an endpoint that does not implement an operation. */
export const NOT_IMPLEMENTED_STATUSES: readonly number[] = [405, 501];

/** Whether `ex` is the answer of an endpoint that does not implement the operation (405 or 501). */
export function isNotImplemented(ex: Exchange | undefined): boolean {
  const status = ex?.response?.status;
  return status !== undefined && NOT_IMPLEMENTED_STATUSES.includes(status);
}

/**
 * The first of `exchanges` that shows a neighbour operation of `needs` missing (answered 405 or 501). Upload
 * Part is the operation under test, never a missing neighbour: its 405 or 501 is judged like any answer.
 */
export function firstMissing(
  exchanges: readonly Exchange[],
  needs: readonly Operation[],
): { op: Operation; exchange: Exchange } | undefined {
  for (const ex of exchanges) {
    if (!isOperation(ex.op) || ex.op === 'uploadPart' || !needs.includes(ex.op)) continue;
    if (isNotImplemented(ex)) return { op: ex.op, exchange: ex };
  }
  return undefined;
}

/**
 * `needs Abort Multipart Upload, which the endpoint does not implement (405 MethodNotAllowed)`, or for any
 * other failure of a needed step `needs Complete Multipart Upload, which answered 500 InternalError`.
 */
export function neededMessage(op: Operation, ex: Exchange | undefined): string {
  const what = `needs ${OPERATION_TITLES[op]}`;
  if (isNotImplemented(ex)) return `${what}, which the endpoint does not implement (${describeAnswer(ex)})`;
  return `${what}, which answered ${describeAnswer(ex)}`;
}

/**
 * What the table says of a finished test, given its result and the exchanges its scenario sent (cleanup left
 * out). The scenario sent an operation the table does not list for the check: a harness error (the table must
 * say what every check needs). A needed neighbour operation answered as missing (405, 501) and the result is
 * not a failure: `error` naming the operation (a pass or an indeterminate built on a missing step says nothing
 * about the rule). A failure stands: the judges fail only on what the endpoint answered to the rule.
 */
export function applyNeeds(
  check: Pick<CheckDef, 'id'>,
  seed: number,
  result: CheckResult,
  scenario: readonly Exchange[],
): CheckResult {
  const needs = needsOf(check.id);
  if (!needs) {
    return makeResult(
      check,
      seed,
      'error',
      `harness error: src/checks/needs.ts has no entry for ${check.id}`,
      {
        exchanges: result.exchanges,
      },
    );
  }
  const listed = new Set<string>([...needs.needs, ...(needs.uses ?? [])]);
  const unlisted = [...new Set(scenario.map((step) => step.op))].filter((op) => !listed.has(op));
  if (unlisted.length > 0) {
    const names = unlisted.map((op) => (isOperation(op) ? OPERATION_TITLES[op] : op));
    return makeResult(
      check,
      seed,
      'error',
      `harness error: the scenario sent ${names.join(', ')}, which src/checks/needs.ts does not list for ${check.id}`,
      { exchanges: [...result.exchanges, ...scenario.filter((step) => unlisted.includes(step.op))] },
    );
  }
  if (result.outcome === 'fail' || result.outcome === 'skip') return result;
  if (result.outcome === 'error' && result.message.startsWith('needs ')) return result;
  const missing = firstMissing([...scenario, ...result.exchanges], needs.needs);
  if (!missing) return result;
  return makeResult(check, seed, 'error', neededMessage(missing.op, missing.exchange), {
    exchanges: [...result.exchanges, missing.exchange],
  });
}
