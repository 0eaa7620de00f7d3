/** Response strategies that change how a forwarded answer is delivered: `malformed-xml` and `trickle-response`. */
import { addNote, type ExchangeContext, type ExchangeEnd } from './exchange-context.ts';
import { type HeaderLine, header, headAllowsKeepAlive, serializeResponseHead } from './http-head.ts';
import { looksLikeXml, mangleXml } from './mangle-xml.ts';
import {
  eachBodyChunk,
  endAfterBody,
  keepAliveAfter,
  type Upstream,
  type UpstreamResponse,
} from './response-io.ts';
import { writeAll } from './socket-io.ts';
import type { TrickleResponseFault } from './types.ts';

/** Largest body `malformed-xml` buffers to rewrite; larger ones pass untouched (and the log says so). */
export const MALFORM_MAX_BODY = 8 * 1024 * 1024;

/** Header lines dropped when the body is replaced: framing and digests of the old body. */
const BODY_BOUND_HEADERS = new Set(['content-length', 'transfer-encoding', 'content-md5']);

async function passThrough(
  ctx: ExchangeContext,
  up: Upstream,
  res: UpstreamResponse,
  why: string,
): Promise<ExchangeEnd> {
  addNote(ctx, `not applied: ${why}`);
  if (!(await writeAll(ctx.client, res.head.raw))) return 'gone';
  ctx.entry.clientStatus = res.head.status;
  return endAfterBody(ctx, res, await eachBodyChunk(up, res.framer, (raw) => writeAll(ctx.client, raw)));
}

/** `malformed-xml`: a 2xx XML body is replaced by a broken document with a matching Content-Length. */
export async function deliverMalformed(
  ctx: ExchangeContext,
  up: Upstream,
  res: UpstreamResponse,
): Promise<ExchangeEnd> {
  const { head, framer } = res;
  const contentType = header(head, 'content-type');
  if (head.status < 200 || head.status > 299)
    return passThrough(ctx, up, res, `status ${head.status} is not 2xx`);
  if (framer.kind === 'none') return passThrough(ctx, up, res, 'empty body');
  if (contentType !== undefined && contentType !== '' && !/\bxml\b/i.test(contentType)) {
    return passThrough(ctx, up, res, `Content-Type ${contentType} is not XML`);
  }
  if ((framer.wireLength ?? 0) > MALFORM_MAX_BODY)
    return passThrough(ctx, up, res, 'body too large to rewrite');
  const raw: Buffer[] = [];
  const payload: Buffer[] = [];
  let size = 0;
  const end = await eachBodyChunk(up, framer, async (r, chunk) => {
    raw.push(r);
    payload.push(...chunk);
    size += r.length;
    return size <= MALFORM_MAX_BODY;
  });
  if (ctx.guard.aborted) return 'gone';
  if (end !== 'done') {
    addNote(
      ctx,
      end === 'truncated' ? 'upstream closed in the middle of the body' : 'body too large to rewrite',
    );
    ctx.client.destroy();
    return 'gone';
  }
  const body = Buffer.concat(payload);
  if (!looksLikeXml(contentType, body)) {
    addNote(ctx, 'not applied: body is not XML');
    const ok = (await writeAll(ctx.client, head.raw)) && (await writeAll(ctx.client, Buffer.concat(raw)));
    ctx.entry.clientStatus = head.status;
    return ok ? (keepAliveAfter(ctx, res) ? 'keep-alive' : 'close') : 'gone';
  }
  const broken = mangleXml(body);
  const lines: HeaderLine[] = head.lines.filter(([name]) => !BODY_BOUND_HEADERS.has(name.toLowerCase()));
  lines.push(['Content-Length', String(broken.length)]);
  addNote(ctx, `XML body of ${body.length} bytes replaced by ${broken.length} bytes of broken XML`);
  ctx.entry.clientStatus = head.status;
  if (!(await writeAll(ctx.client, Buffer.concat([serializeResponseHead(head, lines), broken]))))
    return 'gone';
  // The body now has a Content-Length, so even a close-delimited original can keep the connection.
  return headAllowsKeepAlive(ctx.head) && headAllowsKeepAlive(head) ? 'keep-alive' : 'close';
}

/** `trickle-response`: the response in `chunkBytes` pieces, `intervalMs` apart. */
export async function deliverTrickled(
  ctx: ExchangeContext,
  up: Upstream,
  res: UpstreamResponse,
  spec: TrickleResponseFault,
): Promise<ExchangeEnd> {
  const size = spec.chunkBytes ?? 16;
  const interval = spec.intervalMs ?? 20;
  const wholeHead = spec.scope === 'all' || res.framer.kind === 'none';
  let writes = 0;
  let bytes = 0;
  let started = false;
  const drip = async (data: Buffer): Promise<boolean> => {
    for (let index = 0; index < data.length; index += size) {
      if (started && !(await ctx.guard.sleep(interval))) return false;
      started = true;
      if (!(await writeAll(ctx.client, data.subarray(index, index + size)))) return false;
      writes += 1;
      bytes += Math.min(size, data.length - index);
    }
    return true;
  };
  if (wholeHead) {
    if (res.framer.kind === 'none' && spec.scope !== 'all') addNote(ctx, 'empty body: head trickled');
    if (!(await drip(res.head.raw))) return 'gone';
  } else {
    if (!(await writeAll(ctx.client, res.head.raw))) return 'gone';
    started = true;
  }
  ctx.entry.clientStatus = res.head.status;
  const end = await eachBodyChunk(up, res.framer, drip);
  addNote(ctx, `trickled ${bytes} bytes in ${writes} writes, ${interval} ms apart`);
  return endAfterBody(ctx, res, end);
}
