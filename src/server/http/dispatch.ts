/**
 * One request, start to end: common headers, addressing, signature (before any body byte), routing, handler,
 * and the COS error document for anything thrown (spec §4.1; unexpected failures are 500 InternalError).
 * One log line per request: method, path, status, code, duration, request id — never the query (it may carry a
 * query-string signature) nor any header value.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import { authenticate } from '../auth.ts';
import type { ServerState } from '../server-state.ts';
import { resolveRequestAddress } from './addressing.ts';
import type { RequestContext } from './context.ts';
import { answerPreflight, setCorsHeaders } from './cors.ts';
import { CosError, cosError } from './cos-error.ts';
import { QueryParams } from './query.ts';
import { RequestBody } from './request-body.ts';
import { newRequestId } from './request-id.ts';
import { type ErrorTarget, sendError, setCommonHeaders } from './respond.ts';
import { type Operation, routeOperation } from './route.ts';
import { shapeResponse } from './transport.ts';

/** Handles one request. `expectContinue`: the request came through 'checkContinue' and waits for 100 Continue. */
export async function dispatch(
  state: ServerState,
  req: IncomingMessage,
  res: ServerResponse,
  expectContinue: boolean,
): Promise<void> {
  const started = Date.now();
  const requestId = newRequestId(started);
  setCommonHeaders(res, requestId, state);
  const method = (req.method ?? 'GET').toUpperCase();
  shapeResponse(res, method, expectContinue, state.transport);
  const { rawPath, rawQuery } = splitTarget(req.url ?? '/');
  const headers = flattenHeaders(req);
  // answerExpectContinue false (a mutant): the body is read without ever writing 100 Continue.
  const body = new RequestBody(req, res, expectContinue && state.behaviour.answerExpectContinue);
  const resource = `${headers.host ?? ''}${rawPath}`;
  const withCode = state.behaviour.errorDocumentHasCode;
  const target: ErrorTarget = {
    res,
    method,
    requestId,
    resource,
    body,
    req,
    withCode,
    withRequestIdElement: state.behaviour.errorDocumentHasRequestId,
    withRequestIdHeader: state.behaviour.sendRequestIdOnErrors,
    transport: state.transport,
  };
  let failure: CosError | undefined;
  try {
    if (expectContinue) closeIfBodyNeverAsked(req, res, body);
    if (expectContinue && !state.behaviour.validateBeforeContinue) body.claim();
    const query = new QueryParams(rawQuery);
    const address = resolveRequestAddress(headers.host ?? '', rawPath);
    const ctx: RequestContext = {
      req,
      res,
      server: state,
      requestId,
      method,
      rawPath,
      query,
      headers,
      address,
      resource,
      body,
    };
    setCorsHeaders(res, headers);
    if (method === 'OPTIONS') {
      answerPreflight(res, headers);
      return;
    }
    // A COS signature is checked synchronously: no promise to wait for.
    const authenticating = authenticate(ctx);
    if (authenticating !== undefined) await authenticating;
    const operation = routeOperation(method, address.bucket, address.key, query, headers);
    if (state.withoutOperations.has(operation)) {
      throw cosError('MethodNotAllowed', `${operation} is not implemented by this (stripped) server.`);
    }
    if (injectInternalError(state, operation)) throw new CosError('InternalError');
    await state.handlers[operation](ctx);
  } catch (err) {
    const cos = err instanceof CosError ? err : new CosError('InternalError');
    if (!(err instanceof CosError)) {
      state.log?.(`internal error ${requestId}: ${(err as Error)?.stack ?? err}`);
    }
    failure = cos;
    try {
      if (!res.destroyed) sendError(target, cos);
    } catch (sendFailure) {
      state.log?.(`cannot answer ${requestId}: ${(sendFailure as Error).message}`);
      res.destroy();
    }
  } finally {
    state.log?.(
      `${method} ${rawPath} ${failure ? `${failure.status} ${failure.code}` : res.statusCode} ` +
        `${Date.now() - started}ms ` +
        `rid=${requestId}`,
    );
  }
}

/** Requests that got the injected 500 so far, per server (for `internalErrorOn.times`). */
const injected = new WeakMap<ServerState, number>();

/** Whether this request of `operation` gets the 500 of the `internalErrorOn` fault (and counts it). */
function injectInternalError(state: ServerState, operation: Operation): boolean {
  const fault = state.behaviour.internalErrorOn;
  if (fault === 'none' || fault.op !== operation) return false;
  const count = injected.get(state) ?? 0;
  if (fault.times !== undefined && count >= fault.times) return false;
  injected.set(state, count + 1);
  return true;
}

/** Splits a request target into raw path and raw query; an absolute-form target keeps only its path. */
function splitTarget(url: string): { rawPath: string; rawQuery: string } {
  let target = url;
  if (!target.startsWith('/')) {
    const match = /^[a-z][a-z0-9+.-]*:\/\/[^/?#]*/i.exec(target);
    target = match ? target.slice(match[0].length) : `/${target}`;
    if (!target.startsWith('/')) target = `/${target}`;
  }
  const queryAt = target.indexOf('?');
  return queryAt === -1
    ? { rawPath: target, rawQuery: '' }
    : { rawPath: target.slice(0, queryAt), rawQuery: target.slice(queryAt + 1) };
}

/** Request headers with lower-case names and repeated values joined by `, `. */
function flattenHeaders(req: IncomingMessage): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined) continue;
    out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/**
 * A client that sent `Expect: 100-continue` and never got `100 Continue` will not send its body, so the connection
 * cannot carry another request: it is closed once the answer is out (error answers say `Connection: close`).
 */
function closeIfBodyNeverAsked(req: IncomingMessage, res: ServerResponse, body: RequestBody): void {
  res.once('finish', () => {
    if (body.present && !body.claimed) req.socket.end();
  });
}
