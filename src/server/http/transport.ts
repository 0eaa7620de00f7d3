/**
 * Transport choices HTTP/1.1 leaves to a server, which the default reference server makes one way and the
 * conformant variants (src/server/variants/transport.ts) the other: the letter case of header names (RFC 9110
 * §5.1: case-insensitive), the framing of response bodies (RFC 9112 §6: Content-Length or chunked), an interim
 * `100 Continue` nobody asked for (RFC 9110 §15.2: clients must accept unexpected 1xx) and error documents with
 * more children, in another order, than the five of spec §4.1.
 *
 * Everything but the error documents is applied in one place, {@link shapeResponse}, just before the head of a
 * response is written, so that handlers stay unaware of it.
 */
import type { ServerResponse } from 'node:http';
import { escapeXml } from '../../xml/build.ts';
import { type ErrorXmlFields, errorXml } from '../../xml/error-doc.ts';

/** How response bodies are framed. */
export type BodyFraming =
  /** Content-Length on every body except Complete's whitespace stream, which is chunked (the default). */
  | 'default'
  /** `Transfer-Encoding: chunked` on every response that has a body, never Content-Length. */
  | 'chunked'
  /** Content-Length on every body, Complete's too (its whitespace and result are buffered). */
  | 'sized';

/** How header names are spelled. */
export type HeaderCase =
  /** As the handlers set them (`ETag`, `x-cos-request-id`, `Content-Type`, …). */
  | 'as-set'
  /** Another spelling per name (`ETAG`, `X-Cos-Request-Id`, `x-COS-hash-crc64ecma`, `Content-type`, …). */
  | 'scrambled';

/** The transport choices of one server. */
export interface TransportChoices {
  framing: BodyFraming;
  headerCase: HeaderCase;
  /** Write `HTTP/1.1 100 Continue` first on every request that did not send `Expect: 100-continue`. */
  unsolicitedContinue: boolean;
  /** Error documents with extra children (HostId, an unknown nested element), in another order, indented. */
  extendedErrorDocuments: boolean;
}

/** The choices of the default reference server. */
export const DEFAULT_TRANSPORT: Readonly<TransportChoices> = Object.freeze({
  framing: 'default',
  headerCase: 'as-set',
  unsolicitedContinue: false,
  extendedErrorDocuments: false,
});

/** `overrides` over {@link DEFAULT_TRANSPORT}. */
export function resolveTransport(overrides: Partial<TransportChoices> = {}): TransportChoices {
  return { ...DEFAULT_TRANSPORT, ...overrides };
}

/** Spellings of the names the server sends; other names get {@link scrambleCase}'s generic rule. */
const SCRAMBLED: Readonly<Record<string, string>> = {
  etag: 'ETAG',
  'x-cos-request-id': 'X-Cos-Request-Id',
  'x-cos-trace-id': 'X-COS-TRACE-ID',
  'x-cos-hash-crc64ecma': 'x-COS-hash-crc64ecma',
  'x-cos-server-side-encryption': 'X-Cos-Server-Side-Encryption',
  'content-type': 'Content-type',
  'content-length': 'CONTENT-LENGTH',
  'transfer-encoding': 'transfer-ENCODING',
  'last-modified': 'last-modified',
  'accept-ranges': 'ACCEPT-RANGES',
  'content-range': 'Content-range',
  server: 'SERVER',
  date: 'date',
  connection: 'CONNECTION',
};

/** The scrambled spelling of a header name: a fixed one for known names, else alternating letter case. */
export function scrambleCase(name: string): string {
  const known = SCRAMBLED[name.toLowerCase()];
  if (known !== undefined) return known;
  let upper = true;
  let out = '';
  for (const ch of name.toLowerCase()) {
    out += /[a-z]/.test(ch) && upper ? ch.toUpperCase() : ch;
    if (/[a-z]/.test(ch)) upper = !upper;
  }
  return out;
}

function hasBody(method: string, status: number): boolean {
  return method !== 'HEAD' && status !== 204 && status !== 304 && status >= 200;
}

/**
 * Installs the transport choices on one response: `100 Continue` at once (requests without `Expect`), and
 * framing and header case when its head is written (Node writes every head through `writeHead`, also the
 * implicit one of `end()`, `write()` and `flushHeaders()`). A no-op for the default choices.
 */
export function shapeResponse(
  res: ServerResponse,
  method: string,
  expectContinue: boolean,
  choices: TransportChoices,
): void {
  if (choices.unsolicitedContinue && !expectContinue) res.writeContinue();
  if (choices.framing !== 'chunked' && choices.headerCase === 'as-set') return;
  const writeHead = res.writeHead.bind(res) as (status: number, ...rest: unknown[]) => ServerResponse;
  const shaped = (status: number, ...rest: unknown[]): ServerResponse => {
    if (choices.framing === 'chunked' && hasBody(method, status)) {
      res.removeHeader('Content-Length');
      res.setHeader('Transfer-Encoding', 'chunked');
    }
    if (choices.headerCase === 'scrambled') {
      if (res.sendDate && !res.hasHeader('date')) res.setHeader('Date', new Date().toUTCString());
      for (const name of res.getHeaderNames()) {
        const value = res.getHeader(name);
        if (value === undefined) continue;
        res.removeHeader(name);
        res.setHeader(scrambleCase(name), value);
      }
    }
    return writeHead(status, ...rest);
  };
  res.writeHead = shaped as ServerResponse['writeHead'];
}

/**
 * The error document of spec §4.1 as the server writes it: the five children of {@link errorXml}, or with
 * {@link TransportChoices.extendedErrorDocuments} another declaration, indentation, another order and extra
 * children (`HostId` as S3 sends it, a nested element no spec names), which a reader must ignore.
 */
export function errorDocument(choices: TransportChoices, fields: ErrorXmlFields): string {
  if (!choices.extendedErrorDocuments) return errorXml(fields);
  const child = (name: string, value: string): string => `  <${name}>${escapeXml(value)}</${name}>\n`;
  return (
    '<?xml version="1.0" encoding="UTF-8"?>\n<Error>\n' +
    child('RequestId', fields.requestId) +
    child('HostId', Buffer.from(`host-${fields.requestId}`, 'latin1').toString('base64')) +
    child('Code', fields.code) +
    '  <Detail>\n    <Reason>variant</Reason>\n    <Retryable>false</Retryable>\n  </Detail>\n' +
    child('Resource', fields.resource) +
    child('Message', fields.message) +
    child('TraceId', fields.traceId) +
    '</Error>\n'
  );
}
