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
import type { Bucket } from '../state/buckets.ts';
import type { PartRecord, Upload } from '../state/uploads.ts';

/** A List Parts request that names an existing upload, with its paging parameters. */
export interface PartsListing {
  readonly bucket: Bucket;
  readonly upload: Upload;
  readonly encoding: 'url' | undefined;
  readonly maxParts: number;
  readonly marker: number;
}

export async function listParts(ctx: RequestContext): Promise<void> {
  const listing = readListing(ctx);
  sendPartsPage(ctx, listing, listing.upload.parts());
}

/** The bucket, upload and paging parameters of a List Parts request (404 NoSuchBucket / NoSuchUpload). */
export function readListing(ctx: RequestContext): PartsListing {
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
  return { bucket, upload, encoding, maxParts, marker };
}

/** The page of `parts` (ascending part numbers) that the listing asks for. */
export function sendPartsPage(ctx: RequestContext, listing: PartsListing, parts: PartRecord[]): void {
  const { behaviour } = ctx.server;
  const { bucket, upload, encoding, maxParts, marker } = listing;
  const sorted = behaviour.listPartsOrder === 'descending' ? parts.reverse() : parts;
  const after = sorted.filter((modelPart) =>
    behaviour.partNumberMarkerExclusive ? modelPart.partNumber > marker : modelPart.partNumber >= marker,
  );
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
    Part: page.map((part) => ({
      PartNumber: part.partNumber,
      LastModified: part.lastModified.toISOString(),
      ETag: behaviour.listedPartEtag(part.listedEtag ?? part.etag),
      Size: behaviour.listedPartSize(part.size),
    })),
    NextPartNumberMarker: truncated ? (page.at(-1)?.partNumber ?? marker) : undefined,
    StorageClass: upload.attributes.storageClass,
    MaxParts: maxParts,
    IsTruncated: truncated,
  });
  sendXml(ctx.res, 200, xml);
}
