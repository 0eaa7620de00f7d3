/**
 * Mutants of NoSuchUpload (spec §2.2 [D7750], §2.5, §2.6, §3) and of the error document (§4.1 [D7730]): the
 * wrong status or code for a stale upload id, a stale id that still works, an error without `<Code>`.
 */
import type { NoSuchUploadId } from '../../checks/families/no-such-upload.ts';
import { mutant } from './types.ts';

const FAMILY = 'no-such-upload';
const OPS = ['upload-part', 'list-parts', 'complete', 'abort'] as const;
const CASES = ['unknown-id', 'other-key', 'after-abort', 'after-complete'] as const;

/** The cells of the NoSuchUpload matrix (check ids `no-such-upload.<op>.<case>`) for the given cases. */
export function noSuchUploadCells(cases: readonly (typeof CASES)[number][] = CASES): NoSuchUploadId[] {
  return OPS.flatMap((op) => cases.map((c) => `no-such-upload.${op}.${c}` as const));
}

export const NO_SUCH_UPLOAD_MUTANTS = [
  mutant({
    name: 'no-such-upload-403',
    description: 'a stale upload id is answered 403 instead of 404 NoSuchUpload',
    family: FAMILY,
    catches: noSuchUploadCells(),
    behaviour: { noSuchUploadStatus: 403 },
  }),
  mutant({
    name: 'no-such-upload-200',
    description: 'a stale upload id is answered 200 (with the NoSuchUpload document as its body)',
    family: FAMILY,
    catches: noSuchUploadCells(),
    behaviour: { noSuchUploadStatus: 200 },
  }),
  mutant({
    name: 'no-such-upload-as-no-such-key',
    description: 'a stale upload id is answered 404 NoSuchKey instead of NoSuchUpload',
    family: FAMILY,
    catches: noSuchUploadCells(),
    behaviour: { noSuchUploadCode: 'NoSuchKey' },
  }),
  mutant({
    name: 'error-document-without-code',
    description: 'error documents leave out <Code>',
    family: FAMILY,
    catches: ['no-such-upload.multipart.error-document', ...noSuchUploadCells()],
    behaviour: { errorDocumentHasCode: false },
  }),
] as const;
