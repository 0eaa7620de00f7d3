/**
 * `?versionId=` on object requests of an unversioned bucket: `null` (what List Object Versions shows) names the
 * object itself; any other id is 400 InvalidArgument, as S3 answers for a bucket that never had versioning.
 */
import type { RequestContext } from '../http/context.ts';
import { cosError } from '../http/cos-error.ts';
import { NULL_VERSION_ID } from './list-object-versions.ts';

/** Refuses a `versionId` other than `null`. */
export function requireNullVersionId(ctx: RequestContext): void {
  if (!ctx.query.has('versionId')) return;
  if (ctx.query.single('versionId') !== NULL_VERSION_ID) {
    throw cosError('InvalidArgument', 'Invalid version id specified');
  }
}
