/**
 * Writing responses: the headers every response carries (spec §1.3 [D7729]: `x-cos-request-id`,
 * `Server: tencent-cos`, `Date` — Node adds `Date`), and the COS error document of §4.1 with `x-cos-trace-id`.
 */
import type { ServerResponse } from 'node:http';
import type { ServerState } from '../server-state.ts';
import type { CosError } from './cos-error.ts';
import { newTraceId } from './request-id.ts';
import type { RequestBody } from './request-body.ts';
import { errorDocument, type TransportChoices } from './transport.ts';

/** `Server` header value of COS (spec §1.3). */
export const SERVER_NAME = 'tencent-cos';

/** Unread bodies up to this size are drained (keeping the connection); larger ones close it instead. */
export const DRAIN_LIMIT = 16 * 1024 * 1024;

/** Sets the headers every response carries. */
export function setCommonHeaders(res: ServerResponse, requestId: string, state: ServerState): void {
  if (state.behaviour.sendRequestId) res.setHeader('x-cos-request-id', requestId);
  res.setHeader('Server', SERVER_NAME);
}

/** The parts of a request an error answer needs (available before the request is fully resolved). */
export interface ErrorTarget {
  res: ServerResponse;
  /** Error documents carry `<Code>` (Behaviour.errorDocumentHasCode; default true). */
  withCode?: boolean;
  /** Error documents carry `<RequestId>` (Behaviour.errorDocumentHasRequestId; default true). */
  withRequestIdElement?: boolean;
  /** Error answers keep the request id header (Behaviour.sendRequestIdOnErrors; default true). */
  withRequestIdHeader?: boolean;
  /** The shape of error documents (ServerState.transport). */
  transport: TransportChoices;
  method: string;
  requestId: string;
  resource: string;
  body: RequestBody;
  req: { complete: boolean };
}

/**
 * Answers with the error document (no body for HEAD). When the request body was not read and cannot be cheaply
 * drained (a client waiting for `100 Continue`, a chunked or a large body), the connection is closed after the
 * answer: the server never reads a body it refused.
 */
export function sendError(target: ErrorTarget, error: CosError): void {
  const { res } = target;
  if (res.headersSent) {
    res.destroy();
    return;
  }
  const traceId = newTraceId();
  const full = errorDocument(target.transport, {
    code: error.code,
    message: error.message,
    resource: target.resource,
    requestId: target.requestId,
    traceId,
  });
  const codeless = target.withCode === false ? full.replace(/<Code>[^<]*<\/Code>/, '') : full;
  const xml =
    target.withRequestIdElement === false ? codeless.replace(/<RequestId>[^<]*<\/RequestId>/, '') : codeless;
  const payload = Buffer.from(xml, 'utf8');
  res.statusCode = error.status;
  res.setHeader('Content-Type', 'application/xml');
  res.setHeader('x-cos-trace-id', traceId);
  if (target.withRequestIdHeader === false) res.removeHeader('x-cos-request-id');
  for (const [name, value] of Object.entries(error.headers)) res.setHeader(name, value);
  if (mustCloseAfterRefusal(target)) res.setHeader('Connection', 'close');
  res.setHeader('Content-Length', target.method === 'HEAD' ? 0 : payload.length);
  if (target.method === 'HEAD') res.end();
  else res.end(payload);
}

function mustCloseAfterRefusal(target: ErrorTarget): boolean {
  const { body } = target;
  if (!body.present || target.req.complete) return false;
  if (body.claimed) return true;
  return body.expectContinue || body.chunked || (body.declaredLength ?? 0) > DRAIN_LIMIT;
}

/** No headers (a default that allocates nothing). */
export const NO_HEADERS: Readonly<Record<string, never>> = Object.freeze({});

/** Answers with an empty body. */
export function sendEmpty(
  res: ServerResponse,
  status: number,
  headers: Readonly<Record<string, string | undefined>> = NO_HEADERS,
): void {
  res.statusCode = status;
  setHeaders(res, headers);
  res.setHeader('Content-Length', 0);
  res.end();
}

/** Answers with an XML document. */
export function sendXml(
  res: ServerResponse,
  status: number,
  xml: string,
  headers: Readonly<Record<string, string | undefined>> = NO_HEADERS,
): void {
  const payload = Buffer.from(xml, 'utf8');
  res.statusCode = status;
  setHeaders(res, headers);
  res.setHeader('Content-Type', 'application/xml');
  res.setHeader('Content-Length', payload.length);
  res.end(payload);
}

/** Sets every defined header of `headers`. */
export function setHeaders(res: ServerResponse, headers: Readonly<Record<string, string | undefined>>): void {
  for (const name in headers) {
    const value = headers[name];
    if (value !== undefined) res.setHeader(name, value);
  }
}
