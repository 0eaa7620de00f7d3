/**
 * Faults the proxy answers itself without forwarding: `status-500-xml`, `status-503-xml`, `status-500-empty`,
 * `status-503-empty`, and `stall-response` with `forward: false`.
 */
import { CONTINUE_100, cosErrorResponse } from './cos-error-response.ts';
import {
  addNote,
  discardRequestBody,
  type ExchangeContext,
  type ExchangeEnd,
  expectsContinue,
} from './exchange-context.ts';
import { headAllowsKeepAlive } from './http-head.ts';
import { writeAll } from './socket-io.ts';
import type { StatusFault } from './types.ts';

async function readWholeBody(ctx: ExchangeContext): Promise<boolean> {
  if (!ctx.framer.done && expectsContinue(ctx.head)) {
    if (!(await writeAll(ctx.client, CONTINUE_100))) return false;
  }
  return discardRequestBody(ctx);
}

/** Answers with a 5xx, after reading the body (default) or right after the head. */
export async function answerWithStatus(ctx: ExchangeContext, spec: StatusFault): Promise<ExchangeEnd> {
  const status = spec.name.startsWith('status-500') ? 500 : 503;
  const xml = spec.name.endsWith('-xml');
  const code = xml ? (spec.code ?? (status === 500 ? 'InternalError' : 'ServiceUnavailable')) : undefined;
  const requestId = spec.requestId ?? xml;
  const consume = spec.consumeBody ?? true;
  ctx.entry.forwarded = 'none';
  ctx.entry.requestBodyConsumed = ctx.framer.done;
  if (consume && !(await readWholeBody(ctx))) {
    addNote(ctx, 'client went away before the body was read');
    return 'gone';
  }
  if (!consume && !ctx.framer.done) addNote(ctx, 'answered before the request body; connection closed');
  const keep = ctx.framer.done && headAllowsKeepAlive(ctx.head);
  const bytes = cosErrorResponse({ status, code, resource: ctx.entry.path, requestId, close: !keep });
  ctx.entry.clientStatus = status;
  if (!(await writeAll(ctx.client, bytes))) return 'gone';
  return keep ? 'keep-alive' : 'close';
}

/** Swallows the request (body read and dropped) and never answers, until the client or the time limit gives up. */
export async function stallWithoutForwarding(ctx: ExchangeContext): Promise<ExchangeEnd> {
  ctx.entry.forwarded = 'none';
  ctx.entry.requestBodyConsumed = ctx.framer.done;
  if (!(await discardRequestBody(ctx))) return 'gone';
  const reason = await ctx.guard.whenAborted();
  addNote(ctx, reason === 'timeout' ? 'hold time passed: proxy reset the connection' : 'client gave up');
  return 'gone';
}
