/** Get Bucket Location: `GET /?location` answers `<LocationConstraint>` with the server's region (S3/COS). */
import { escapeXml, XML_DECLARATION } from '../../xml/build.ts';
import type { RequestContext } from '../http/context.ts';
import { sendXml } from '../http/respond.ts';
import { requireBucket } from './lookup.ts';

export async function getBucketLocation(ctx: RequestContext): Promise<void> {
  requireBucket(ctx);
  const region = escapeXml(ctx.server.region);
  sendXml(ctx.res, 200, `${XML_DECLARATION}\n<LocationConstraint>${region}</LocationConstraint>`);
}
