/**
 * List Objects (GET Bucket): `GET /` with `prefix`, `delimiter`, `marker`, `max-keys` (default and cap 1000) and
 * `encoding-type=url`; answers `ListBucketResult` with `Contents` and `CommonPrefixes`. Basic listing, enough for
 * the harness's setup and cleanup.
 */
import { buildXml } from '../../xml/build.ts';
import type { RequestContext } from '../http/context.ts';
import { sendXml } from '../http/respond.ts';
import type { ObjectRecord } from '../state/objects.ts';
import { compareKeys } from '../state/objects.ts';
import { listedKey } from './key-encoding.ts';
import { encodingTypeParam, intParam } from './list-params.ts';
import { requireBucket } from './lookup.ts';
import { ownerXml } from './owner.ts';
import { insideMarkerPrefix, pageOf } from './paging.ts';

/** Default and largest `max-keys`. */
export const LIST_OBJECTS_MAX = 1000;

export async function listObjects(ctx: RequestContext): Promise<void> {
  const bucket = requireBucket(ctx);
  const encoding = encodingTypeParam(ctx.query);
  const maxKeys = intParam(ctx.query, 'max-keys', LIST_OBJECTS_MAX, LIST_OBJECTS_MAX);
  const prefix = ctx.query.get('prefix') ?? '';
  const delimiter = ctx.query.get('delimiter') ?? '';
  const marker = ctx.query.get('marker') ?? '';
  const entries = bucket.objects
    .sorted()
    .filter((o) => o.key.startsWith(prefix) && (marker === '' || compareKeys(o.key, marker) > 0))
    .filter((o) => !insideMarkerPrefix(o.key, marker, delimiter))
    .map((o) => ({ key: o.key, item: o }));
  const page = pageOf<ObjectRecord>(entries, prefix, delimiter, maxKeys);
  const xml = buildXml('ListBucketResult', {
    Name: bucket.name,
    'Encoding-Type': encoding,
    Prefix: listedKey(prefix, encoding),
    Marker: listedKey(marker, encoding),
    MaxKeys: maxKeys,
    Delimiter: delimiter === '' ? undefined : listedKey(delimiter, encoding),
    IsTruncated: page.truncated,
    NextMarker: page.truncated ? listedKey(page.nextMarker, encoding) : undefined,
    CommonPrefixes: page.commonPrefixes.map((p) => ({ Prefix: listedKey(p, encoding) })),
    Contents: page.items.map((objectRecord) => ({
      Key: listedKey(objectRecord.key, encoding),
      LastModified: objectRecord.lastModified.toISOString(),
      ETag: objectRecord.etag,
      Size: objectRecord.size,
      Owner: ownerXml(),
      StorageClass: 'STANDARD',
    })),
  });
  sendXml(ctx.res, 200, xml);
}
