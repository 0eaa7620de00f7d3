/**
 * 5xx responses the proxy sends itself: COS error XML (spec §4.1 format, §1.3 headers) or an empty body as a
 * load balancer would send it.
 */
import { randomBytes } from 'node:crypto';
import { ERROR_CODES } from '../spec/error-codes.ts';

/**
 * 5xx codes the proxy can answer with, and their messages. InternalError comes from the shared error table;
 * ServiceUnavailable and SlowDown are listed for 503 in spec §4.2 [FLARE], messages UNCONFIRMED (S3 wording).
 */
export const PROXY_5XX_CODES = {
  InternalError: {
    status: 500,
    message: ERROR_CODES.InternalError.message,
    source: ERROR_CODES.InternalError.source,
  },
  ServiceUnavailable: {
    status: 503,
    message: 'Please reduce your request rate.',
    source: '§4.2 [FLARE] (message UNCONFIRMED)',
  },
  SlowDown: {
    status: 503,
    message: 'Please reduce your request rate.',
    source: '§4.2 [FLARE] (message UNCONFIRMED)',
  },
} as const;

const REASONS: Readonly<Record<number, string>> = {
  100: 'Continue',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
};

/** An `x-cos-request-id` in the observed shape: base64 of `<8-hex unix seconds>_<hex>_<hex>_<hex>` (spec §1.3). */
export function fakeRequestId(now = Date.now()): string {
  const secs = Math.floor(now / 1000)
    .toString(16)
    .padStart(8, '0');
  const raw = `${secs}_${randomBytes(4).toString('hex')}_${randomBytes(2).toString('hex')}_${randomBytes(3).toString('hex')}`;
  return Buffer.from(raw).toString('base64');
}

function xmlEscape(text: string): string {
  return text.replace(/[<>&'"]/g, (c) => `&#${c.charCodeAt(0)};`);
}

/** What the proxy answers with. */
export interface ProxyAnswer {
  readonly status: number;
  /** COS error code for an XML body; undefined for an empty body. */
  readonly code?: string;
  /** Request path, used as `<Resource>`. */
  readonly resource: string;
  readonly requestId: boolean;
  /** Send `Connection: close` (the proxy will close after the answer). */
  readonly close: boolean;
}

/** Serialises a complete response (head and body) for {@link ProxyAnswer}. */
export function cosErrorResponse(answer: ProxyAnswer): Buffer {
  const lines: string[] = [`HTTP/1.1 ${answer.status} ${REASONS[answer.status] ?? 'Error'}`];
  let body = '';
  const requestId = fakeRequestId();
  const traceId = randomBytes(36).toString('base64url');
  if (answer.code !== undefined) {
    const known = (PROXY_5XX_CODES as Record<string, { message: string } | undefined>)[answer.code];
    body =
      "<?xml version='1.0' encoding='utf-8' ?>\n<Error>\n" +
      `  <Code>${xmlEscape(answer.code)}</Code>\n` +
      `  <Message>${xmlEscape(known?.message ?? 'Service error.')}</Message>\n` +
      `  <Resource>${xmlEscape(answer.resource)}</Resource>\n` +
      `  <RequestId>${answer.requestId ? requestId : ''}</RequestId>\n` +
      `  <TraceId>${answer.requestId ? traceId : ''}</TraceId>\n` +
      '</Error>\n';
    lines.push('Content-Type: application/xml');
  }
  const bytes = Buffer.from(body, 'utf8');
  lines.push(`Content-Length: ${bytes.length}`, `Date: ${new Date().toUTCString()}`);
  lines.push(`Connection: ${answer.close ? 'close' : 'keep-alive'}`);
  if (answer.requestId) {
    lines.push('Server: tencent-cos', `x-cos-request-id: ${requestId}`, `x-cos-trace-id: ${traceId}`);
  }
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`, 'latin1'), bytes]);
}

/** `100 Continue`, sent before draining a body the client holds back (`Expect: 100-continue`). */
export const CONTINUE_100 = Buffer.from('HTTP/1.1 100 Continue\r\n\r\n', 'latin1');

/** `502 Bad Gateway` for an unreachable upstream (plain text, closes the connection). */
export function badGateway(reason: string): Buffer {
  const body = Buffer.from(`fault proxy: upstream unreachable (${reason})\n`, 'utf8');
  const head =
    'HTTP/1.1 502 Bad Gateway\r\nContent-Type: text/plain; charset=utf-8\r\n' +
    `Content-Length: ${body.length}\r\nConnection: close\r\n\r\n`;
  return Buffer.concat([Buffer.from(head, 'latin1'), body]);
}
