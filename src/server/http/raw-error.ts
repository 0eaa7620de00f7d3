/**
 * The answer to a request Node's HTTP parser refused (bad framing, oversized headers, or a connection
 * half-closed in the middle of a body): written straight to the socket, still as a COS error document with a
 * request id (spec §4.1; §4.4: the Node SDK treats an error without `x-cos-request-id` as a network failure).
 */
import type { ErrorCode } from '../../spec/error-codes.ts';
import { ERROR_CODES } from '../../spec/error-codes.ts';
import { newRequestId, newTraceId } from './request-id.ts';
import { SERVER_NAME } from './respond.ts';
import { errorDocument, type TransportChoices } from './transport.ts';

/** The COS error for a parser error code of Node (llhttp `HPE_*`, or the server's own request timeouts). */
export function parserErrorCode(nodeCode: string | undefined): ErrorCode {
  switch (nodeCode) {
    // The peer closed its side before Content-Length bytes arrived (spec §4.2 [FLARE] IncompleteBody).
    case 'HPE_INVALID_EOF_STATE':
      return 'IncompleteBody';
    // The request head is larger than SERVER_LIMITS.maxHeaderBytes.
    case 'HPE_HEADER_OVERFLOW':
      return 'RequestHeaderSectionTooLarge';
    // The request head did not arrive within SERVER_LIMITS.headersTimeoutMs (a slow client, §4.2: 400).
    case 'ERR_HTTP_REQUEST_TIMEOUT':
      return 'RequestTimeout';
    default:
      return 'InvalidRequest';
  }
}

/**
 * What a front proxy (nginx) answers a body shorter than its Content-Length: a bare 400 with an HTML page, no COS
 * error document and no request id (behaviour `bareShortBodyAnswer`, a conformant variant).
 */
export function bareBadRequest(): string {
  const body =
    '<html>\r\n<head><title>400 Bad Request</title></head>\r\n<body>\r\n<center><h1>400 Bad Request</h1></center>\r\n</body>\r\n</html>\r\n';
  return (
    'HTTP/1.1 400 Bad Request\r\n' +
    'Content-Type: text/html\r\n' +
    `Content-Length: ${Buffer.byteLength(body)}\r\n` +
    `Date: ${new Date().toUTCString()}\r\n` +
    `Connection: close\r\n\r\n${body}`
  );
}

/** A complete HTTP/1.1 error response that closes the connection (`bareShortBody`: {@link bareBadRequest} for a short body). */
export function rawErrorResponse(
  err: NodeJS.ErrnoException,
  transport: TransportChoices,
  bareShortBody = false,
): string {
  const code = parserErrorCode(err.code);
  if (code === 'IncompleteBody' && bareShortBody) return bareBadRequest();
  return rawCosError(
    code,
    transport,
    code === 'InvalidRequest' ? 'The request could not be parsed as HTTP/1.1.' : ERROR_CODES[code].message,
  );
}

/** A COS error answer written straight to a socket, with its request and trace ids, closing the connection. */
export function rawCosError(code: ErrorCode, transport: TransportChoices, message: string): string {
  const requestId = newRequestId();
  const traceId = newTraceId();
  const body = errorDocument(transport, { code, message, resource: '', requestId, traceId });
  const status = ERROR_CODES[code].status;
  return (
    `HTTP/1.1 ${status} ${status === 400 ? 'Bad Request' : 'Error'}\r\n` +
    `Content-Type: application/xml\r\n` +
    `Content-Length: ${Buffer.byteLength(body)}\r\n` +
    `Server: ${SERVER_NAME}\r\n` +
    `Date: ${new Date().toUTCString()}\r\n` +
    `x-cos-request-id: ${requestId}\r\n` +
    `x-cos-trace-id: ${traceId}\r\n` +
    `Connection: close\r\n\r\n${body}`
  );
}
