/** Hand-built exchanges for judging checks without a server. */
import { createHash } from 'node:crypto';
import type { CosErrorXml, Exchange } from '../../src/client/exchange.ts';
import { ERROR_CODES, type ErrorCode } from '../../src/spec/error-codes.ts';

let seq = 0;

export interface FakeAnswer {
  op?: string;
  method?: string;
  query?: Record<string, string>;
  status?: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
  error?: CosErrorXml;
  transport?: string;
}

/** One exchange with the given answer (a transport failure when `transport` is set). */
export function ex(a: FakeAnswer = {}): Exchange {
  const body = typeof a.body === 'string' ? Buffer.from(a.body) : (a.body ?? Buffer.alloc(0));
  const e: Exchange = {
    seq: ++seq,
    op: a.op ?? 'uploadPart',
    startedAt: '2026-01-01T00:00:00.000Z',
    durationMs: 1,
    request: {
      method: a.method ?? 'PUT',
      url: 'http://127.0.0.1/b/k',
      path: '/b/k',
      query: a.query ?? { partNumber: '1', uploadId: 'u1' },
      headers: {},
      bodySize: 0,
    },
  };
  if (a.transport) {
    e.transportError = { code: a.transport, message: 'simulated' };
    return e;
  }
  e.response = {
    status: a.status ?? 200,
    headers: a.headers ?? {},
    bodySize: body.length,
    bodyMd5: createHash('md5').update(body).digest('hex'),
    ...(typeof a.body === 'string' ? { bodyText: a.body } : {}),
    ...(a.error ? { error: a.error } : {}),
  };
  return e;
}

/** A COS error answer: status from the error-code table, a full error document. */
export function err(
  code: ErrorCode | string,
  over: Partial<CosErrorXml> & { status?: number } = {},
): Exchange {
  const status = over.status ?? (ERROR_CODES as Record<string, { status: number }>)[code]?.status ?? 400;
  return ex({
    status,
    headers: { 'x-cos-request-id': 'rid' },
    error: { code, message: over.message ?? 'msg', requestId: over.requestId ?? 'rid', resource: '/b/k' },
    body: `<Error><Code>${code}</Code></Error>`,
  });
}

/** A plain success. */
export function ok(status = 200, headers: Record<string, string> = {}, body?: string | Buffer): Exchange {
  return ex({
    status,
    headers: { 'x-cos-request-id': 'rid', ...headers },
    ...(body !== undefined ? { body } : {}),
  });
}

/** A GET answer carrying `bytes`. */
export function got(bytes: Buffer, status = 200): Exchange {
  return ex({ op: 'getObject', method: 'GET', status, body: bytes });
}
