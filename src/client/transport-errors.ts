/**
 * Classifies failures below HTTP into stable codes, so checks and reports never match on message text.
 * A transport error means the server's state is unknown (docs/architecture.md "Checks and outcomes": indeterminate).
 */
import type { TransportError } from './exchange.ts';
import { CosConformanceError, HARNESS_ERROR_CODES } from '../errors.ts';

/** Stable transport codes the client reports. */
export const TRANSPORT_CODES = {
  ECONNRESET: 'ECONNRESET',
  ECONNREFUSED: 'ECONNREFUSED',
  EPIPE: 'EPIPE',
  ETIMEDOUT: 'ETIMEDOUT',
  DNS: 'DNS',
  TLS: 'TLS',
  HEADERS_TIMEOUT: 'HEADERS_TIMEOUT',
  BODY_TIMEOUT: 'BODY_TIMEOUT',
  CONNECT_TIMEOUT: 'CONNECT_TIMEOUT',
  /** The raw path's overall deadline passed before a final response. */
  TIMEOUT: 'TIMEOUT',
  SOCKET_CLOSED: 'SOCKET_CLOSED',
  HTTP_PARSE_ERROR: 'HTTP_PARSE_ERROR',
  RESPONSE_LENGTH_MISMATCH: 'RESPONSE_LENGTH_MISMATCH',
  REQUEST_LENGTH_MISMATCH: 'REQUEST_LENGTH_MISMATCH',
  /** The request body source (a generator or file stream) failed while sending. */
  REQUEST_BODY_ERROR: 'REQUEST_BODY_ERROR',
  ABORTED: 'ABORTED',
  CLIENT_CLOSED: 'CLIENT_CLOSED',
  /** The request could not be built (bad header value, bad key); nothing was sent. */
  INVALID_REQUEST: 'INVALID_REQUEST',
  /** The raw path destroyed the socket on purpose (`afterSend: 'destroy'`). */
  CLIENT_DESTROYED: 'CLIENT_DESTROYED',
  UNKNOWN: 'UNKNOWN',
} as const;

export type TransportCode = (typeof TRANSPORT_CODES)[keyof typeof TRANSPORT_CODES];

/** undici and Node error codes → stable transport codes. */
const CODE_MAP: Readonly<Record<string, TransportCode>> = {
  UND_ERR_HEADERS_TIMEOUT: 'HEADERS_TIMEOUT',
  UND_ERR_BODY_TIMEOUT: 'BODY_TIMEOUT',
  UND_ERR_CONNECT_TIMEOUT: 'CONNECT_TIMEOUT',
  UND_ERR_SOCKET: 'SOCKET_CLOSED',
  UND_ERR_RES_CONTENT_LENGTH_MISMATCH: 'RESPONSE_LENGTH_MISMATCH',
  UND_ERR_REQ_CONTENT_LENGTH_MISMATCH: 'REQUEST_LENGTH_MISMATCH',
  UND_ERR_ABORTED: 'ABORTED',
  ABORT_ERR: 'ABORTED',
  UND_ERR_CLOSED: 'CLIENT_CLOSED',
  UND_ERR_DESTROYED: 'CLIENT_CLOSED',
  UND_ERR_INVALID_ARG: 'INVALID_REQUEST',
  UND_ERR_NOT_SUPPORTED: 'INVALID_REQUEST',
  UND_ERR_INFO: 'SOCKET_CLOSED',
  ECONNRESET: 'ECONNRESET',
  ECONNREFUSED: 'ECONNREFUSED',
  ECONNABORTED: 'ECONNRESET',
  EPIPE: 'EPIPE',
  ETIMEDOUT: 'ETIMEDOUT',
  ENOTFOUND: 'DNS',
  EAI_AGAIN: 'DNS',
  INVALID_KEY: 'INVALID_REQUEST',
  INVALID_ENDPOINT: 'INVALID_REQUEST',
  ERR_INVALID_ARG_TYPE: 'INVALID_REQUEST',
  ERR_INVALID_ARG_VALUE: 'INVALID_REQUEST',
  ERR_INVALID_CHAR: 'INVALID_REQUEST',
  ERR_STREAM_PREMATURE_CLOSE: 'SOCKET_CLOSED',
};

interface ErrorLike {
  code?: unknown;
  message?: unknown;
  cause?: unknown;
  errors?: unknown;
  name?: unknown;
}

function codeOf(err: ErrorLike): string | undefined {
  return typeof err.code === 'string' ? err.code : undefined;
}

function mapCode(code: string | undefined): TransportCode | undefined {
  if (code === undefined) return undefined;
  const mapped = CODE_MAP[code];
  if (mapped) return mapped;
  if (code.startsWith('HPE_')) return 'HTTP_PARSE_ERROR';
  if (code.startsWith('ERR_TLS_') || code.startsWith('ERR_SSL_') || /CERT|SELF_SIGNED/.test(code))
    return 'TLS';
  return undefined;
}

/** An error raised by our own request-body source, tagged so it is not mistaken for a network failure. */
export class RequestBodyError extends CosConformanceError {
  constructor(cause: unknown) {
    super(
      HARNESS_ERROR_CODES.client.requestBody,
      `request body source failed: ${cause instanceof Error ? cause.message : String(cause)}`,
      { cause },
    );
  }
}

/**
 * Maps any thrown value to a {@link TransportError}. Precedence: a specific cause (ECONNRESET under a generic
 * socket error) wins over the wrapper, so a reset is reported as a reset.
 */
export function classifyTransportError(err: unknown): TransportError {
  if (err instanceof RequestBodyError) return { code: 'REQUEST_BODY_ERROR', message: err.message };
  const errorLike = (typeof err === 'object' && err !== null ? err : { message: String(err) }) as ErrorLike;
  const message =
    typeof errorLike.message === 'string' && errorLike.message !== '' ? errorLike.message : String(err);
  const own = mapCode(codeOf(errorLike));
  const cause =
    typeof errorLike.cause === 'object' && errorLike.cause !== null
      ? (errorLike.cause as ErrorLike)
      : undefined;
  const fromCause = cause ? mapCode(codeOf(cause)) : undefined;
  if (fromCause === 'ECONNRESET' || fromCause === 'EPIPE') return { code: fromCause, message };
  if (own) return { code: own, message };
  if (fromCause) return { code: fromCause, message };
  // autoSelectFamily (localhost → ::1 and 127.0.0.1) reports an AggregateError of per-address failures.
  if (Array.isArray(errorLike.errors) && errorLike.errors.length > 0) {
    const inner = classifyTransportError(errorLike.errors[0]);
    return {
      code: inner.code,
      message: errorLike.errors.map((nested) => (nested as ErrorLike).message).join('; '),
    };
  }
  if (errorLike.name === 'AbortError') return { code: 'ABORTED', message };
  return { code: 'UNKNOWN', message };
}
