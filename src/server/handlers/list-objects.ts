/**
 * List Objects (GET Bucket, version 1): `GET /` with `prefix`, `delimiter`, `marker`, `max-keys` (default and cap
 * 1000) and `encoding-type=url` (echoed as `EncodingType`, the spelling of real COS responses and of S3, which
 * S3 SDKs read to decode keys); answers `ListBucketResult` with `Contents` and `CommonPrefixes`.
 */
import { buildXml } from '../../xml/build.ts';
import type { RequestContext } from '../http/context.ts';
import { sendXml } from '../http/respond.ts';
import { listedKey } from './key-encoding.ts';
import { requireBucket } from './lookup.ts';
import { commonPrefixesXml, listedObjectFields, listingParams, objectPage } from './object-listing.ts';

export async function listObjects(ctx: RequestContext): Promise<void> {
  const bucket = requireBucket(ctx);
  const params = listingParams(ctx);
  const { encoding, delimiter } = params;
  const marker = ctx.query.get('marker') ?? '';
  const page = objectPage(bucket, params, marker);
  const xml = buildXml('ListBucketResult', {
    Name: bucket.name,
    EncodingType: encoding,
    Prefix: listedKey(params.prefix, encoding),
    Marker: listedKey(marker, encoding),
    MaxKeys: params.maxKeys,
    Delimiter: delimiter === '' ? undefined : listedKey(delimiter, encoding),
    IsTruncated: page.truncated,
    NextMarker: page.truncated ? listedKey(page.nextMarker, encoding) : undefined,
    CommonPrefixes: commonPrefixesXml(page, encoding),
    Contents: page.items.map((object) => listedObjectFields(object, encoding)),
  });
  sendXml(ctx.res, 200, xml);
}
