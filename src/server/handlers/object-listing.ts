/**
 * The page of a bucket's objects that List Objects (v1, v2) and List Object Versions share: keys with `prefix`,
 * after `after` (marker, start-after, continuation token or key-marker), grouped by `delimiter`, at most
 * `maxKeys` entries (a common prefix counts once). Also the listing parameters they read the same way, and the
 * XML of one listed object.
 */
import type { RequestContext } from '../http/context.ts';
import type { Bucket } from '../state/buckets.ts';
import { compareKeys, type ObjectRecord } from '../state/objects.ts';
import { listedKey } from './key-encoding.ts';
import { encodingTypeParam, intParam } from './list-params.ts';
import { ownerXml } from './owner.ts';
import { insideMarkerPrefix, type Page, pageOf } from './paging.ts';

/** Default and largest `max-keys` (S3/COS cap rather than refuse larger values). */
export const LIST_OBJECTS_MAX = 1000;

/** `prefix`, `delimiter`, `max-keys` and `encoding-type` of an object listing, validated. */
export interface ListingParams {
  prefix: string;
  delimiter: string;
  maxKeys: number;
  encoding: 'url' | undefined;
}

export function listingParams(ctx: RequestContext): ListingParams {
  return {
    encoding: encodingTypeParam(ctx.query),
    maxKeys: intParam(ctx.query, 'max-keys', LIST_OBJECTS_MAX, LIST_OBJECTS_MAX),
    prefix: ctx.query.get('prefix') ?? '',
    delimiter: ctx.query.get('delimiter') ?? '',
  };
}

/** The page of objects with `params.prefix` strictly after `after` ('' for the start). */
export function objectPage(bucket: Bucket, params: ListingParams, after: string): Page<ObjectRecord> {
  const { prefix, delimiter, maxKeys } = params;
  const entries = bucket.objects
    .sorted()
    .filter((object) => object.key.startsWith(prefix) && (after === '' || compareKeys(object.key, after) > 0))
    .filter((object) => !insideMarkerPrefix(object.key, after, delimiter))
    .map((object) => ({ key: object.key, item: object }));
  return pageOf<ObjectRecord>(entries, prefix, delimiter, maxKeys);
}

/** The fields every listing writes for one object (`Contents` or `Version`), after its own leading ones. */
export function listedObjectFields(
  object: ObjectRecord,
  encoding: 'url' | undefined,
  withOwner = true,
): Record<string, string | number | { ID: string; DisplayName: string } | undefined> {
  return {
    Key: listedKey(object.key, encoding),
    LastModified: object.lastModified.toISOString(),
    ETag: object.etag,
    Size: object.size,
    Owner: withOwner ? ownerXml() : undefined,
    StorageClass: 'STANDARD',
  };
}

/** The `CommonPrefixes` entries of a page. */
export function commonPrefixesXml(
  page: Page<ObjectRecord>,
  encoding: 'url' | undefined,
): Array<{ Prefix: string }> {
  return page.commonPrefixes.map((commonPrefix) => ({ Prefix: listedKey(commonPrefix, encoding) }));
}
