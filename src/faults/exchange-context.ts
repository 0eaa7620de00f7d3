/** What the code that carries out one fault gets to work with. */
import type { Socket } from 'node:net';
import type { BodyFramer } from './framing.ts';
import type { ExchangeGuard } from './guard.ts';
import { header, type RequestHead } from './http-head.ts';
import type { ProxyRuntime } from './runtime.ts';
import type { SocketReader } from './socket-io.ts';
import type { AppliedFault, FaultSpec } from './types.ts';

/** One request on one client connection, with the fault chosen for it. */
export interface ExchangeContext {
  readonly rt: ProxyRuntime;
  readonly client: Socket;
  readonly reader: SocketReader;
  readonly head: RequestHead;
  /** The request body's framer; its state is shared by whoever reads the body. */
  readonly framer: BodyFramer;
  readonly spec: FaultSpec;
  /** The live log entry; fields are filled in as the exchange goes. */
  readonly entry: AppliedFault;
  readonly guard: ExchangeGuard;
}

/**
 * How an exchange left the client connection: `keep-alive` (read the next request), `close` (end it, discarding
 * any further input for a moment so the client reads the answer), `gone` (the socket is already destroyed).
 */
export type ExchangeEnd = 'keep-alive' | 'close' | 'gone';

/** Largest message head the proxy reads (RFC 9110 leaves the limit to the implementation). */
export const MAX_HEAD_BYTES = 64 * 1024;

/** Whether the client waits for `100 Continue` before sending the body (RFC 9110 §10.1.1). */
export function expectsContinue(head: RequestHead): boolean {
  return header(head, 'expect')?.toLowerCase() === '100-continue';
}

/** Appends a note to the log entry. */
export function addNote(ctx: ExchangeContext, note: string): void {
  ctx.entry.note = ctx.entry.note === undefined ? note : `${ctx.entry.note}; ${note}`;
}

/**
 * Reads the rest of the request body and drops it. Returns true when the whole body was read, false when the
 * client went away or the exchange was aborted first.
 */
export async function discardRequestBody(ctx: ExchangeContext): Promise<boolean> {
  const { reader, framer } = ctx;
  while (!framer.done) {
    const chunk = await reader.read();
    if (chunk === null || ctx.guard.aborted) return false;
    let used: number;
    try {
      used = framer.feed(chunk).used;
    } catch {
      return false;
    }
    if (used < chunk.length) reader.unshift(chunk.subarray(used));
  }
  ctx.entry.requestBodyConsumed = true;
  return true;
}
