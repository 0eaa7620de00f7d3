/** Get Service (`GET /` without a bucket): `ListAllMyBucketsResult` with the server's buckets. */
import { buildXml } from '../../xml/build.ts';
import type { RequestContext } from '../http/context.ts';
import { sendXml } from '../http/respond.ts';
import { ownerXml } from './owner.ts';

export async function listBuckets(ctx: RequestContext): Promise<void> {
  const { buckets, region } = ctx.server;
  const xml = buildXml('ListAllMyBucketsResult', {
    Owner: ownerXml(),
    Buckets: {
      Bucket: buckets.names().map((name) => ({
        Name: name,
        Location: region,
        CreationDate: buckets.get(name)?.created.toISOString(),
      })),
    },
  });
  sendXml(ctx.res, 200, xml);
}
