/**
 * Old check ids and the ids they became when every id took the grammar `<family>.<operation>.<case>`
 * (src/checks/grammar.ts). Ids are a public contract (baselines, JUnit names, `--only`/`--skip`, results.json),
 * so an old id keeps working: a baseline naming it (src/report/baseline.ts) and a selector naming it
 * (src/checks/select.ts) are read with the new id and a note "<old> is now <new>"; a replay token naming it
 * replays the renamed check. A test's inputs are derived from the id it had first (src/model/seed.ts), so the
 * same run seed gives the same inputs across the rename. Data only: a renamed check adds one line here, and the
 * new id must be in the catalogue (a `CheckId`) or it does not compile.
 */
import type { CheckId } from './registry.ts';

/** Old id → current id. */
export const CHECK_ID_ALIASES: Readonly<Record<string, CheckId>> = {
  'upload-part.basics.status-200': 'basics.upload-part.status-200',
  'upload-part.basics.empty-body': 'basics.upload-part.empty-body',
  'upload-part.basics.etag-md5': 'basics.upload-part.etag-md5',
  'upload-part.basics.request-id': 'basics.upload-part.request-id',
  'upload-part.basics.crc64': 'basics.upload-part.crc64',
  'upload-part.basics.list-parts-etag': 'basics.upload-part.list-parts-etag',
  'upload-part.basics.list-parts-size': 'basics.upload-part.list-parts-size',
  'upload-part.basics.complete-accepts-etag': 'basics.upload-part.complete-accepts-etag',
  'upload-part.part-number.min-1': 'part-number.upload-part.min-1',
  'upload-part.part-number.max-10000': 'part-number.upload-part.max-10000',
  'upload-part.part-number.max-10000-completed': 'part-number.upload-part.max-10000-completed',
  'upload-part.part-number.reject-zero': 'part-number.upload-part.reject-zero',
  'upload-part.part-number.reject-10001': 'part-number.upload-part.reject-10001',
  'upload-part.part-number.reject-negative': 'part-number.upload-part.reject-negative',
  'upload-part.part-number.reject-fraction': 'part-number.upload-part.reject-fraction',
  'upload-part.part-number.reject-non-numeric': 'part-number.upload-part.reject-non-numeric',
  'upload-part.part-number.reject-empty': 'part-number.upload-part.reject-empty',
  'upload-part.part-number.reject-2pow31': 'part-number.upload-part.reject-2pow31',
  'upload-part.part-number.leading-zero': 'part-number.upload-part.leading-zero',
  'upload-part.part-number.plus-sign': 'part-number.upload-part.plus-sign',
  'upload-part.out-of-order.sequential': 'out-of-order.upload-part.sequential',
  'upload-part.out-of-order.concurrent': 'out-of-order.upload-part.concurrent',
  'upload-part.out-of-order.part-ranges': 'out-of-order.upload-part.part-ranges',
  'upload-part.out-of-order.boundary-reads': 'out-of-order.upload-part.boundary-reads',
  'upload-part.overwrite.list-shows-later': 'overwrite.upload-part.list-shows-later',
  'upload-part.overwrite.earlier-etag-rejected': 'overwrite.upload-part.earlier-etag-rejected',
  'upload-part.overwrite.last-wins': 'overwrite.upload-part.last-wins',
  'upload-part.overwrite.concurrent-no-mix': 'overwrite.upload-part.concurrent-no-mix',
  'no-such-upload.error-document': 'no-such-upload.multipart.error-document',
  'part-size.non-last.below-min-rejected': 'part-size.upload-part.non-last-below-min-rejected',
  'part-size.non-last.at-min-accepted': 'part-size.upload-part.non-last-at-min-accepted',
  'part-size.non-last.above-min-accepted': 'part-size.upload-part.non-last-above-min-accepted',
  'part-size.non-last.boundary-measured': 'part-size.upload-part.non-last-boundary-measured',
  'part-size.last.zero-bytes': 'part-size.upload-part.last-zero-bytes',
  'part-size.last.one-byte': 'part-size.upload-part.last-one-byte',
  'part-size.max.at-5gib-accepted': 'part-size.upload-part.at-5gib-accepted',
  'part-size.max.over-5gib-rejected': 'part-size.upload-part.over-5gib-rejected',
  'upload-part.integrity.md5-correct': 'integrity.upload-part.md5-correct',
  'upload-part.integrity.md5-wrong': 'integrity.upload-part.md5-wrong',
  'upload-part.integrity.md5-malformed': 'integrity.upload-part.md5-malformed',
  'upload-part.integrity.missing-content-length': 'integrity.upload-part.missing-content-length',
  'upload-part.integrity.short-body': 'integrity.upload-part.short-body',
  'upload-part.integrity.failed-keeps-previous': 'integrity.upload-part.failed-keeps-previous',
  'complete.order.ascending-required': 'complete.complete.ascending-order-required',
  'complete.part.missing': 'complete.complete.missing-part',
  'complete.part.wrong-etag': 'complete.complete.wrong-etag',
  'complete.body.empty-list': 'complete.complete.empty-part-list',
  'complete.part.subset-with-gaps': 'complete.complete.subset-with-gaps',
  'complete.part.duplicate-numbers': 'complete.complete.duplicate-part-numbers',
  'complete.result.etag-format': 'complete.complete.etag-format',
  'complete.result.etag-s3-formula': 'complete.complete.etag-s3-formula',
  'complete.result.not-error-body': 'complete.complete.not-error-body',
  'complete.result.leading-whitespace': 'complete.complete.leading-whitespace',
  'complete.result.crc64': 'complete.complete.crc64',
  'abort.status-204': 'abort.abort.status-204',
  'abort.leaves-listing': 'abort.abort.leaves-listing',
  'abort.parts-gone': 'abort.abort.parts-gone',
  'abort.no-object': 'abort.abort.no-object',
  'abort.existing-object-untouched': 'abort.abort.existing-object-untouched',
  'auth.wrong-signature.refused': 'auth.upload-part.wrong-signature-refused',
  'auth.wrong-signature.stores-nothing': 'auth.upload-part.wrong-signature-stores-nothing',
  'list-parts.paging.max-parts': 'list-parts.list-parts.paging-max-parts',
  'list-parts.paging.over-1000': 'list-parts.list-parts.paging-over-1000',
  'model.upload.sequences': 'model.multipart.sequences',
};

/** The current id of an old id; undefined when `id` was never renamed. */
export function renamedTo(id: string): CheckId | undefined {
  return Object.hasOwn(CHECK_ID_ALIASES, id) ? CHECK_ID_ALIASES[id] : undefined;
}

/** The note printed when an old id is read. */
export function renameNote(old: string, current: string): string {
  return `${old} is now ${current}`;
}

const FIRST_ID = new Map<string, string>(Object.entries(CHECK_ID_ALIASES).map(([old, now]) => [now, old]));

/** The id a check had first: the key its test seed is derived from, so renaming never changes its inputs. */
export function firstIdOf(id: string): string {
  return FIRST_ID.get(id) ?? id;
}
