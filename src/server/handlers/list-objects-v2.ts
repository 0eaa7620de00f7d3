/**
 * List Objects version 2: `GET /?list-type=2` with `prefix`, `delimiter`, `max-keys`, `encoding-type=url`,
 * `start-after`, `continuation-token` (opaque: the base64url of the key the previous page ended on; it wins over
 * `start-after`, as in S3) and `fetch-owner`. Answers `ListBucketResult` with `KeyCount`, `ContinuationToken`,
 * `NextContinuationToken` when truncated, and `Owner` only when `fetch-owner=true`. A token this server did not
 * issue is 400 InvalidArgument.
 */
import { buildXml } from '../../xml/build.ts';
import type { RequestContext } from '../http/context.ts';
import { cosError } from '../http/cos-error.ts';
import { sendXml } from '../http/respond.ts';
import { listedKey } from './key-encoding.ts';
import { requireBucket } from './lookup.ts';
import { commonPrefixesXml, listedObjectFields, listingParams, objectPage } from './object-listing.ts';

/** Prefix of the tokens this server issues, so a foreign or mangled token is told apart from a key. */
const TOKEN_PREFIX = 'k:';

export async function listObjectsV2(ctx: RequestContext): Promise<void> {
  const bucket = requireBucket(ctx);
  const params = listingParams(ctx);
  const { encoding, delimiter } = params;
  const token = ctx.query.get('continuation-token');
  const startAfter = ctx.query.get('start-after') ?? '';
  const fetchOwner = booleanParam(ctx, 'fetch-owner');
  const after = token === undefined ? startAfter : keyOfToken(token);
  const page = objectPage(bucket, params, after);
  const xml = buildXml('ListBucketResult', {
    Name: bucket.name,
    EncodingType: encoding,
    Prefix: listedKey(params.prefix, encoding),
    StartAfter: startAfter === '' ? undefined : listedKey(startAfter, encoding),
    ContinuationToken: token,
    MaxKeys: params.maxKeys,
    Delimiter: delimiter === '' ? undefined : listedKey(delimiter, encoding),
    IsTruncated: page.truncated,
    NextContinuationToken: page.truncated ? tokenOf(page.nextMarker) : undefined,
    KeyCount: page.items.length + page.commonPrefixes.length,
    CommonPrefixes: commonPrefixesXml(page, encoding),
    Contents: page.items.map((object) => listedObjectFields(object, encoding, fetchOwner)),
  });
  sendXml(ctx.res, 200, xml);
}

/** The continuation token of a page that ended on `key`. */
export function tokenOf(key: string): string {
  return Buffer.from(`${TOKEN_PREFIX}${key}`, 'utf8').toString('base64url');
}

/** The key a continuation token stands for; 400 InvalidArgument for a token this server would not issue. */
export function keyOfToken(token: string): string {
  const text = Buffer.from(token, 'base64url').toString('utf8');
  if (token === '' || !text.startsWith(TOKEN_PREFIX) || tokenOf(text.slice(TOKEN_PREFIX.length)) !== token) {
    throw cosError('InvalidArgument', 'The continuation token provided is incorrect.');
  }
  return text.slice(TOKEN_PREFIX.length);
}

/** `true` / `false` parameter (absent: false); anything else is 400 InvalidArgument. */
function booleanParam(ctx: RequestContext, name: string): boolean {
  const raw = ctx.query.get(name);
  if (raw === undefined || raw === 'false') return false;
  if (raw === 'true') return true;
  throw cosError('InvalidArgument', `${name} must be true or false.`);
}
