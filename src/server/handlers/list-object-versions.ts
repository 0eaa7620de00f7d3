/**
 * List Object Versions on an unversioned bucket: `GET /?versions`. Every object is its single version, with
 * `VersionId` `null` and `IsLatest` true (as S3/COS list objects written while versioning was never enabled), so
 * suites that clean up by listing versions work. Parameters as List Objects (`prefix`, `delimiter`, `max-keys`,
 * `encoding-type`) plus `key-marker` and `version-id-marker`: a version-id marker needs a key marker and can
 * only be `null` (the one version id there is); otherwise 400 InvalidArgument. Versioning itself (`?versioning`)
 * stays 501.
 */
import { buildXml } from '../../xml/build.ts';
import type { RequestContext } from '../http/context.ts';
import { cosError } from '../http/cos-error.ts';
import { sendXml } from '../http/respond.ts';
import { listedKey } from './key-encoding.ts';
import { requireBucket } from './lookup.ts';
import { commonPrefixesXml, listedObjectFields, listingParams, objectPage } from './object-listing.ts';

/** The version id of an object in a bucket that never had versioning (S3 and COS write it as `null`). */
export const NULL_VERSION_ID = 'null';

export async function listObjectVersions(ctx: RequestContext): Promise<void> {
  const bucket = requireBucket(ctx);
  const params = listingParams(ctx);
  const { encoding, delimiter } = params;
  const keyMarker = ctx.query.get('key-marker') ?? '';
  const versionIdMarker = ctx.query.get('version-id-marker');
  if (versionIdMarker !== undefined && versionIdMarker !== '') {
    if (keyMarker === '')
      throw cosError('InvalidArgument', 'A version-id marker cannot be specified without a key marker.');
    if (versionIdMarker !== NULL_VERSION_ID)
      throw cosError('InvalidArgument', 'Invalid version id specified');
  }
  // The marker key's only version is `null`, listed on the previous page: the page starts after the key.
  const page = objectPage(bucket, params, keyMarker);
  const endedOnObject = page.truncated && page.lastItem !== undefined;
  const xml = buildXml('ListVersionsResult', {
    Name: bucket.name,
    EncodingType: encoding,
    Prefix: listedKey(params.prefix, encoding),
    KeyMarker: listedKey(keyMarker, encoding),
    VersionIdMarker: versionIdMarker ?? '',
    MaxKeys: params.maxKeys,
    Delimiter: delimiter === '' ? undefined : listedKey(delimiter, encoding),
    IsTruncated: page.truncated,
    NextKeyMarker: page.truncated ? listedKey(page.nextMarker, encoding) : undefined,
    NextVersionIdMarker: endedOnObject ? NULL_VERSION_ID : undefined,
    Version: page.items.map((version) => {
      const { Key, ...rest } = listedObjectFields(version, encoding);
      return { Key, VersionId: NULL_VERSION_ID, IsLatest: true, ...rest };
    }),
    CommonPrefixes: commonPrefixesXml(page, encoding),
  });
  sendXml(ctx.res, 200, xml);
}
