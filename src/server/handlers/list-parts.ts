/**
 * List Parts: `GET /<key>?uploadId=ID[&max-parts=M][&part-number-marker=P][&encoding-type=url]` (spec §2.4
 * [D7747]). Parts with numbers above the marker, ascending, at most `max-parts` (default 1000, capped at 1000);
 * `NextPartNumberMarker` only when truncated (as the real 2020 example). Part ETags are the quoted MD5s the Node
 * SDK's resume logic compares (§2.4), sizes are numbers, dates ISO 8601 with milliseconds.
 */
import { buildXml } from '../../xml/build.ts';
import { LIMITS } from '../../spec/limits.ts';
import type { RequestContext } from '../http/context.ts';
import { sendXml } from '../http/respond.ts';
import { listedKey } from './key-encoding.ts';
import { encodingTypeParam, intParam } from './list-params.ts';
import { requireBucket, requireUpload } from './lookup.ts';
import { ownerXml } from './owner.ts';

export async function listParts(ctx: RequestContext): Promise<void> {
  const bucket = requireBucket(ctx);
  const encoding = encodingTypeParam(ctx.query);
  const maxParts = intParam(
    ctx.query,
    'max-parts',
    ctx.server.behaviour.listPartsDefaultMax,
    LIMITS.listPartsDefaultMax,
  );
  const marker = intParam(ctx.query, 'part-number-marker', 0);
  const upload = requireUpload(ctx, ['open', 'completing']);

  const after = upload.parts().filter((p) => p.partNumber > marker);
  const page = after.slice(0, maxParts);
  const truncated = after.length > page.length;
  const xml = buildXml('ListPartsResult', {
    Bucket: bucket.name,
    'Encoding-type': encoding,
    Key: listedKey(upload.key, encoding),
    UploadId: upload.uploadId,
    Initiator: ownerXml(),
    Owner: ownerXml(),
    PartNumberMarker: marker,
    Part: page.map((p) => ({
      PartNumber: p.partNumber,
      LastModified: p.lastModified.toISOString(),
      ETag: p.etag,
      Size: p.size,
    })),
    NextPartNumberMarker: truncated ? (page.at(-1)?.partNumber ?? marker) : undefined,
    StorageClass: upload.attributes.storageClass,
    MaxParts: maxParts,
    IsTruncated: truncated,
  });
  sendXml(ctx.res, 200, xml);
}
