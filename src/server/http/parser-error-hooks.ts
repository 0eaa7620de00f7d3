/**
 * Socket-level hooks of alternative handlers (mutants only): what a broken server does when Node's HTTP parser
 * fails on a connection (a body cut short of its Content-Length, a malformed Content-Length, bytes after the
 * declared body). The conformant handlers have none: the server answers the raw COS error of raw-error.ts and
 * closes. A hook travels with the alternative handler it belongs to, so a mutant still names only a handler.
 */
import type { IncomingMessage } from 'node:http';
import type { Socket } from 'node:net';
import type { Handler } from './context.ts';
import type { TransportChoices } from './transport.ts';

/** A parser error of Node's HTTP server (`clientError`): llhttp's code and, where known, the bytes it failed on. */
export interface ParserError extends NodeJS.ErrnoException {
  /** The chunk being parsed when the error arose. */
  rawPacket?: Buffer;
  /** Offset in {@link ParserError.rawPacket} at which parsing failed. */
  bytesParsed?: number;
}

/** What a hook is told about the failed connection. */
export interface ParserErrorEvent {
  readonly err: ParserError;
  readonly socket: Socket;
  /** The last request that arrived on the socket (still in flight, or just answered), if any. */
  readonly request: IncomingMessage | undefined;
  readonly transport: TransportChoices;
}

/** Handles a parser error in place of the server (returns true), or leaves it to the server (false). */
export type ParserErrorHook = (event: ParserErrorEvent) => boolean;

const HOOKS = new WeakMap<Handler, ParserErrorHook>();

/** `handler` with `hook` attached: the server runs the hook on parser errors while the handler is installed. */
export function withParserErrorHook(handler: Handler, hook: ParserErrorHook): Handler {
  const hooked: Handler = (ctx) => handler(ctx);
  HOOKS.set(hooked, hook);
  return hooked;
}

/** The hooks attached to `handlers` (none for the conformant server). */
export function parserErrorHooksOf(handlers: Iterable<Handler>): ParserErrorHook[] {
  return [...handlers].flatMap((handler) => {
    const hook = HOOKS.get(handler);
    return hook ? [hook] : [];
  });
}
