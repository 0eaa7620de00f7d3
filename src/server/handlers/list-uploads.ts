/**
 * List Multipart Uploads: `GET /?uploads` (spec §2.7 [D7736]) with `prefix`, `delimiter`, `key-marker`,
 * `upload-id-marker` (only with `key-marker`: keys after the marker, plus the marker key with a greater upload id),
 * `max-uploads` (1-1000, default 1000; larger is capped, non-integers are 400 InvalidArgument) and
 * `encoding-type=url`. Uploads are ordered by key (UTF-8 bytes), then upload id. The element is `UploadId`
 * (not the 2017 `UploadID`).
 */
import { buildXml } from '../../xml/build.ts';
import { LIMITS } from '../../spec/limits.ts';
import type { RequestContext } from '../http/context.ts';
import { sendXml } from '../http/respond.ts';
import { compareKeys } from '../state/objects.ts';
import type { Upload, UploadStatus } from '../state/uploads.ts';
import { listedKey } from './key-encoding.ts';
import { encodingTypeParam, intParam } from './list-params.ts';
import { requireBucket } from './lookup.ts';
import { ownerXml } from './owner.ts';
import { insideMarkerPrefix, type Listed, pageOf } from './paging.ts';

export async function listMultipartUploads(ctx: RequestContext): Promise<void> {
  listUploadsIn(ctx, ['open', 'completing']);
}

/** Answers List Multipart Uploads over the uploads of the bucket whose status is one of `statuses`. */
export function listUploadsIn(ctx: RequestContext, statuses: readonly UploadStatus[]): void {
  const bucket = requireBucket(ctx);
  const encoding = encodingTypeParam(ctx.query);
  const maxUploads = intParam(
    ctx.query,
    'max-uploads',
    LIMITS.listUploadsDefaultMax,
    LIMITS.listUploadsDefaultMax,
  );
  const prefix = ctx.query.get('prefix') ?? '';
  const delimiter = ctx.query.get('delimiter') ?? '';
  const keyMarker = ctx.query.get('key-marker') ?? '';
  const uploadIdMarker = keyMarker === '' ? '' : (ctx.query.get('upload-id-marker') ?? '');

  const uploads = ctx.server.uploads
    .inBucket(bucket.name, statuses)
    .filter((upload) => upload.key.startsWith(prefix))
    .sort((a, b) => compareKeys(a.key, b.key) || compareKeys(a.uploadId, b.uploadId))
    .filter((upload) => isAfterMarker(upload, keyMarker, uploadIdMarker))
    .filter((upload) => !insideMarkerPrefix(upload.key, keyMarker, delimiter));
  const entries: Array<Listed<Upload>> = uploads.map((upload) => ({ key: upload.key, item: upload }));
  const page = pageOf(entries, prefix, delimiter, maxUploads);
  const last = page.lastItem;

  const xml = buildXml('ListMultipartUploadsResult', {
    Bucket: bucket.name,
    'Encoding-Type': encoding,
    KeyMarker: listedKey(keyMarker, encoding),
    UploadIdMarker: uploadIdMarker,
    NextKeyMarker: page.truncated ? listedKey(page.nextMarker, encoding) : undefined,
    NextUploadIdMarker: page.truncated ? (last?.uploadId ?? '') : undefined,
    MaxUploads: maxUploads,
    IsTruncated: page.truncated,
    Prefix: listedKey(prefix, encoding),
    Delimiter: delimiter === '' ? undefined : listedKey(delimiter, encoding),
    Upload: page.items.map((upload) => ({
      Key: listedKey(upload.key, encoding),
      UploadId: upload.uploadId,
      StorageClass: upload.attributes.storageClass,
      Initiator: ownerXml(),
      Owner: ownerXml(),
      Initiated: upload.initiated.toISOString(),
    })),
    CommonPrefixes: page.commonPrefixes.map((commonPrefix) => ({
      Prefix: listedKey(commonPrefix, encoding),
    })),
  });
  sendXml(ctx.res, 200, xml);
}

function isAfterMarker(upload: Upload, keyMarker: string, uploadIdMarker: string): boolean {
  if (keyMarker === '') return true;
  const byKey = compareKeys(upload.key, keyMarker);
  if (byKey !== 0) return byKey > 0;
  return uploadIdMarker !== '' && compareKeys(upload.uploadId, uploadIdMarker) > 0;
}
