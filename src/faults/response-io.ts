/** Reading an upstream response body and deciding what the client connection does after it. */
import type { Socket } from 'node:net';
import { addNote, type ExchangeContext, type ExchangeEnd } from './exchange-context.ts';
import type { BodyFramer } from './framing.ts';
import { headAllowsKeepAlive, type ResponseHead } from './http-head.ts';
import type { SocketReader } from './socket-io.ts';

/** The upstream side of a forwarded exchange, as the response strategies see it. */
export interface Upstream {
  readonly socket: Socket;
  readonly reader: SocketReader;
}

/** A response head read from the upstream, with its body framer. */
export interface UpstreamResponse {
  readonly head: ResponseHead;
  readonly framer: BodyFramer;
}

/** How reading a response body ended: `done` (complete), `truncated` (upstream closed early), `stopped`. */
export type BodyEnd = 'done' | 'truncated' | 'stopped';

/** Reads the response body from the upstream, handing each wire piece to `onChunk` (false stops reading). */
export async function eachBodyChunk(
  up: Upstream,
  framer: BodyFramer,
  onChunk: (raw: Buffer, payload: readonly Buffer[]) => Promise<boolean>,
): Promise<BodyEnd> {
  while (!framer.done) {
    const chunk = await up.reader.read();
    if (chunk === null) return framer.kind === 'close' ? 'done' : 'truncated';
    let used: number;
    let payload: readonly Buffer[];
    try {
      ({ used, payload } = framer.feed(chunk));
    } catch {
      return 'truncated';
    }
    if (used > 0 && !(await onChunk(chunk.subarray(0, used), payload))) return 'stopped';
  }
  return 'done';
}

/** Whether the client connection can carry another request after this response was delivered whole. */
export function keepAliveAfter(ctx: ExchangeContext, res: UpstreamResponse): boolean {
  return headAllowsKeepAlive(ctx.head) && headAllowsKeepAlive(res.head) && res.framer.kind !== 'close';
}

/** Maps the end of a delivered body to the exchange end. */
export function endAfterBody(ctx: ExchangeContext, res: UpstreamResponse, end: BodyEnd): ExchangeEnd {
  if (ctx.guard.aborted || end === 'stopped') return 'gone';
  if (end === 'truncated') {
    addNote(ctx, 'upstream closed in the middle of the response body');
    ctx.client.destroy();
    return 'gone';
  }
  return keepAliveAfter(ctx, res) ? 'keep-alive' : 'close';
}
