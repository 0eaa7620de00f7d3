/**
 * Family 9, Abort Multipart Upload (spec §2.6 [D7740]; peer-suites H1, H6, A10): 204; the upload leaves List
 * Multipart Uploads; its parts are gone; no object appears; an object already at the key is untouched.
 */
import type { BodySpec } from '../../body/generate.ts';
import type { Exchange } from '../../client/exchange.ts';
import { type ReadBack, readBackProblem } from '../kit/bytes.ts';
import { defineCheck, withExchanges } from '../kit/define.ts';
import { describeAnswer, isSuccess } from '../kit/describe.ts';
import type { PartListing } from '../kit/observations.ts';
import { judgeAnswer, requireSuccess, transportResult } from '../kit/response.ts';
import { serverErrorOutcome } from '../kit/transport.ts';
import { accepted, doc, expect, named, peerSuite } from '../../profiles/evidence.ts';
import { COS_DOCS, S3_DOCS } from '../../profiles/sources.ts';
import type { FamilyExpectations } from '../../profiles/types.ts';
import type { MutantDef } from '../../server/mutants/types.ts';
import { noSuchUploadCells } from './no-such-upload.ts';

const FAMILY = 'abort';
const REF = 'spec §2.6 [D7740]';

export const status204 = defineCheck(
  {
    id: 'abort.abort.status-204',
    title: 'Abort of an open upload: its status and body',
    family: FAMILY,
    severity: 'must',
    specRef: REF,
    tags: ['abort', 'status'],
  },
  (input: { abort: Exchange | undefined }, kit) => {
    const verdict = judgeAnswer(kit, input.abort, 'Abort');
    if (verdict.outcome !== 'pass') return verdict;
    const size = input.abort!.response!.bodySize;
    return size === 0
      ? verdict
      : kit.fail(`Abort answered ${input.abort!.response!.status} with a ${size}-byte body`, {
          exchanges: [input.abort],
        });
  },
);

/** List Multipart Uploads before and after the Abort. */
export interface ListingAroundAbort {
  uploadId: string;
  before: { exchange: Exchange | undefined; uploadIds?: readonly string[] };
  after: { exchange: Exchange | undefined; uploadIds?: readonly string[] };
}

export const leavesListing = defineCheck(
  {
    id: 'abort.abort.leaves-listing',
    title: 'List Multipart Uploads after an Abort',
    family: FAMILY,
    severity: 'must',
    specRef: `${REF}; §2.7 [D7736]`,
    tags: ['abort', 'list-uploads'],
  },
  (input: ListingAroundAbort, kit) => {
    const exchanges = [input.before.exchange, input.after.exchange];
    const pre =
      requireSuccess(kit, input.before.exchange, 'List Multipart Uploads before Abort') ??
      requireSuccess(kit, input.after.exchange, 'List Multipart Uploads after Abort');
    if (pre) return withExchanges(pre, exchanges);
    for (const [when, listing] of [
      ['before', input.before],
      ['after', input.after],
    ] as const) {
      if (listing.uploadIds === undefined) {
        return kit.indeterminate(
          `List Multipart Uploads ${when} the Abort answered ${describeAnswer(listing.exchange)} with no readable upload list`,
          { exchanges },
        );
      }
    }
    if (!input.before.uploadIds?.includes(input.uploadId)) {
      return kit.fail('the open upload was not listed before the Abort', { exchanges });
    }
    if (input.after.uploadIds?.includes(input.uploadId)) {
      return kit.fail('the aborted upload is still listed', { exchanges });
    }
    return kit.pass('listed before the Abort, gone after it', { variantSeen: 'gone', exchanges });
  },
);

export const partsGone = defineCheck(
  {
    id: 'abort.abort.parts-gone',
    title: 'List Parts of an aborted upload',
    family: FAMILY,
    severity: 'must',
    specRef: `${REF} "deletes uploaded parts"`,
    tags: ['abort', 'list-parts'],
  },
  (input: { listing: PartListing }, kit) => {
    const ex = input.listing.exchange;
    const transport = transportResult(kit, ex, 'List Parts after Abort');
    if (transport) return transport;
    const status = ex!.response!.status;
    if (status === 404 && ex!.response!.error?.code === 'NoSuchUpload') {
      // The upload is gone, and its parts with it (spec §2.2 [D7750] NoSuchUpload). Another 404 (NoSuchKey,
      // NoSuchBucket, no document) does not say so and falls through to "says nothing".
      return kit.pass(`List Parts after Abort: ${describeAnswer(ex)}`, {
        variantSeen: 'gone',
        observed: `${describeAnswer(ex)} (upload not found)`,
        exchanges: [ex],
      });
    }
    if (isSuccess(ex)) {
      if (ex!.response!.error) {
        return kit.fail(
          `List Parts after Abort: a success status carrying an <Error> (${describeAnswer(ex)})`,
          {
            exchanges: [ex],
          },
        );
      }
      if (input.listing.parts === undefined) {
        return kit.indeterminate(
          `List Parts after Abort answered ${describeAnswer(ex)} with no readable part list`,
          {
            exchanges: [ex],
          },
        );
      }
      if (input.listing.parts.length > 0) {
        return kit.fail(`List Parts after Abort still shows ${input.listing.parts.length} part(s)`, {
          exchanges: [ex],
        });
      }
      return kit.pass('List Parts after Abort: an empty part list', {
        variantSeen: 'gone',
        observed: 'an empty part list',
        exchanges: [ex],
      });
    }
    // Any other answer (another 404, 403, 429, a 5xx) says nothing about the parts.
    const outcome = status >= 500 ? serverErrorOutcome(ex!) : 'indeterminate';
    return kit.result(
      outcome,
      `List Parts after Abort: ${describeAnswer(ex)}, which says nothing about the parts`,
      {
        exchanges: [ex],
      },
    );
  },
);

export const noObject = defineCheck(
  {
    id: 'abort.abort.no-object',
    title: 'HEAD of the key of an aborted upload',
    family: FAMILY,
    severity: 'must',
    specRef: `${REF}; peer-suites H1`,
    tags: ['abort', 'object'],
  },
  (input: { head: Exchange | undefined }, kit) => judgeAnswer(kit, input.head, 'HEAD of the key after Abort'),
);

/** An object stored at the key before an upload to the same key was started and aborted. */
export interface ExistingObject {
  specs: readonly BodySpec[];
  read: ReadBack;
  abort: Exchange | undefined;
}

export const existingUntouched = defineCheck(
  {
    id: 'abort.abort.existing-object-untouched',
    title: 'An object already at the key of an aborted upload, read back',
    family: FAMILY,
    severity: 'must',
    specRef: `${REF}; peer-suites A10, H6`,
    tags: ['abort', 'object', 'bytes'],
  },
  (input: ExistingObject, kit) => {
    const exchanges = [input.abort, input.read.exchange];
    const pre = requireSuccess(kit, input.abort, 'Abort');
    if (pre) return withExchanges(pre, exchanges);
    const problem = readBackProblem(input.specs, input.read);
    if (problem) return kit.fail(`the object at the key changed: ${problem}`, { exchanges });
    return kit.pass('the object at the key is unchanged', { variantSeen: 'untouched', exchanges });
  },
);

export const ABORT_CHECKS = [status204, leavesListing, partsGone, noObject, existingUntouched] as const;

/** What each profile allows (docs/spec.md §2.6, §2.7; AWS AbortMultipartUpload, and the peer suites). */
export const ABORT_EXPECTATIONS = {
  cos: {
    'abort.abort.status-204': expect([accepted('204', [204], doc('spec §2.6 [D7740]', '"HTTP/1.1 204 OK"'))]),
    'abort.abort.leaves-listing': expect([named('gone', COS_DOCS.abort, doc('spec §2.7 [D7736]'))]),
    'abort.abort.parts-gone': expect([named('gone', doc('spec §2.6 [D7740]', 'deletes uploaded parts'))]),
    'abort.abort.no-object': expect([accepted('absent', [404], COS_DOCS.abort, peerSuite('H1'))]),
    'abort.abort.existing-object-untouched': expect([
      named('untouched', COS_DOCS.abort, peerSuite('A10, H6')),
    ]),
  },
  s3: {
    'abort.abort.status-204': expect([accepted('204', [204], S3_DOCS.abort, peerSuite('H1'))]),
    'abort.abort.leaves-listing': expect([named('gone', S3_DOCS.abort, peerSuite('E12, H1'))]),
    'abort.abort.parts-gone': expect([named('gone', S3_DOCS.abort, peerSuite('H1'))]),
    'abort.abort.no-object': expect([accepted('absent', [404], S3_DOCS.abort, peerSuite('H1'))]),
    'abort.abort.existing-object-untouched': expect([named('untouched', peerSuite('A10, H6'))]),
  },
} satisfies FamilyExpectations<typeof ABORT_CHECKS>;

/** Servers that break Abort, or the listing it must leave. */
export const ABORT_MUTANTS = [
  {
    name: 'list-uploads-internal-error',
    description:
      'List Multipart Uploads answers 500 InternalError to every valid request (a reproducible 5xx)',
    family: FAMILY,
    // The only check that lists uploads: a 500 on that read, again on its second try, is the endpoint erroring
    // on valid input (specs/support/suite.ts), not an unknown state.
    catches: [leavesListing.id],
    behaviour: { internalErrorOn: { op: 'listMultipartUploads' } },
  },
  {
    name: 'abort-answers-200',
    description: 'a successful Abort answers 200 instead of 204',
    family: FAMILY,
    catches: [status204.id],
    behaviour: { abortStatus: 200 },
  },
  {
    name: 'aborted-upload-still-listed',
    description: 'an aborted upload is still listed by List Multipart Uploads',
    family: FAMILY,
    catches: [leavesListing.id],
    handlers: { abortMultipartUpload: 'abortKeepsUpload', listMultipartUploads: 'listUploadsWithAborted' },
  },
  {
    name: 'abort-is-no-op',
    description: 'Abort answers 204 and changes nothing: the upload and its parts live on',
    family: FAMILY,
    catches: [leavesListing.id, partsGone.id, ...noSuchUploadCells(['after-abort'])],
    handlers: { abortMultipartUpload: 'abortChangesNothing' },
  },
  {
    name: 'abort-leaves-empty-object',
    description: 'Abort stores an empty object at the key (replacing any object there)',
    family: FAMILY,
    catches: [noObject.id, existingUntouched.id],
    handlers: { abortMultipartUpload: 'abortLeavesEmptyObject' },
  },
] as const satisfies readonly MutantDef[];
