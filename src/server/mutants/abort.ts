/** Mutants of Abort Multipart Upload (spec §2.6 [D7740], §2.7). */
import { noSuchUploadCells } from './no-such-upload.ts';
import { mutant } from './types.ts';

const FAMILY = 'abort';

export const ABORT_MUTANTS = [
  mutant({
    name: 'list-uploads-internal-error',
    description:
      'List Multipart Uploads answers 500 InternalError to every valid request (a reproducible 5xx)',
    family: FAMILY,
    // The only check that lists uploads: a 500 on that read, again on its second try, is the endpoint erroring
    // on valid input (specs/support/suite.ts), not an unknown state.
    catches: ['abort.abort.leaves-listing'],
    behaviour: { internalErrorOn: { op: 'listMultipartUploads' } },
  }),
  mutant({
    name: 'abort-answers-200',
    description: 'a successful Abort answers 200 instead of 204',
    family: FAMILY,
    catches: ['abort.abort.status-204'],
    behaviour: { abortStatus: 200 },
  }),
  mutant({
    name: 'aborted-upload-still-listed',
    description: 'an aborted upload is still listed by List Multipart Uploads',
    family: FAMILY,
    catches: ['abort.abort.leaves-listing'],
    handlers: { abortMultipartUpload: 'abortKeepsUpload', listMultipartUploads: 'listUploadsWithAborted' },
  }),
  mutant({
    name: 'abort-is-no-op',
    description: 'Abort answers 204 and changes nothing: the upload and its parts live on',
    family: FAMILY,
    catches: ['abort.abort.leaves-listing', 'abort.abort.parts-gone', ...noSuchUploadCells(['after-abort'])],
    handlers: { abortMultipartUpload: 'abortChangesNothing' },
  }),
  mutant({
    name: 'abort-leaves-empty-object',
    description: 'Abort stores an empty object at the key (replacing any object there)',
    family: FAMILY,
    catches: ['abort.abort.no-object', 'abort.abort.existing-object-untouched'],
    handlers: { abortMultipartUpload: 'abortLeavesEmptyObject' },
  }),
] as const;
