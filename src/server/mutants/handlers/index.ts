/**
 * The alternative handlers of the mutants, by name. A mutant (declared in its family module,
 * src/checks/families/<family>.ts) names the broken procedure it routes to instead of importing it, so the
 * checks layer holds no server code; `mutantServerOptions` resolves the names.
 */
import type { Handler } from '../../http/context.ts';
import {
  abortChangesNothing,
  abortKeepsUpload,
  abortLeavesEmptyObject,
  listUploadsWithAborted,
} from './abort.ts';
import { assemblyFails, repeatedPartDropped } from './complete.ts';
import { staleListing } from './list-parts.ts';
import { malformedLengthAsMissing, trailingBytesStored, truncatedBodyStored } from './body-framing.ts';
import {
  emptyBodyDigestRefused,
  psizeMishandled,
  refusedAfterContinue,
  textBodyTranscoded,
} from './request-headers.ts';
import {
  concurrentPartsLost,
  firstWriteWins,
  listedEtagOfFirstUpload,
  md5CheckedAfterStoring,
  refusedNumberStored,
  tornOverwrite,
} from './upload-part.ts';
import {
  copyConditionsIgnored,
  copyCrc64Dropped,
  copyLastModifiedMissing,
  copyMissingSourceFails,
  copyPartNumberUnchecked,
  copyRangeClamped,
  copyRangeEndExclusive,
  copyRangeIgnored,
  copyRangeOpenEnded,
  copyRefusalStored,
  copyUploadUnchecked,
} from './upload-part-copy.ts';

/** Every alternative handler, by the name mutants use. */
export const ALTERNATIVE_HANDLERS = {
  abortChangesNothing,
  abortKeepsUpload,
  abortLeavesEmptyObject,
  listUploadsWithAborted,
  assemblyFails,
  repeatedPartDropped,
  staleListing,
  concurrentPartsLost,
  firstWriteWins,
  listedEtagOfFirstUpload,
  md5CheckedAfterStoring,
  refusedNumberStored,
  tornOverwrite,
  truncatedBodyStored,
  trailingBytesStored,
  malformedLengthAsMissing,
  refusedAfterContinue,
  emptyBodyDigestRefused,
  textBodyTranscoded,
  psizeMishandled,
  copyConditionsIgnored,
  copyCrc64Dropped,
  copyLastModifiedMissing,
  copyMissingSourceFails,
  copyPartNumberUnchecked,
  copyRangeClamped,
  copyRangeEndExclusive,
  copyRangeIgnored,
  copyRangeOpenEnded,
  copyRefusalStored,
  copyUploadUnchecked,
} as const satisfies Record<string, Handler>;

/** The name of an alternative handler; a misspelled one does not compile. */
export type AlternativeHandlerName = keyof typeof ALTERNATIVE_HANDLERS;
