/** One recorded HTTP exchange: the evidence every check and report is built on. Secrets are already redacted. */

/** A parsed COS error document (spec §4.1). Absent fields were absent on the wire. */
export interface CosErrorXml {
  code?: string;
  message?: string;
  resource?: string;
  requestId?: string;
  traceId?: string;
}

/** A failure below HTTP: the request may or may not have reached the server. */
export interface TransportError {
  /** Stable code, e.g. `ECONNRESET`, `HEADERS_TIMEOUT`, `BODY_TIMEOUT`, `CONNECT_TIMEOUT`, `SOCKET_CLOSED`. */
  code: string;
  message: string;
}

export interface ExchangeRequest {
  method: string;
  /** Full URL without credentials or signature query params. */
  url: string;
  path: string;
  query: Record<string, string>;
  /** Header names lower-cased; Authorization and security tokens redacted. */
  headers: Record<string, string>;
  bodySize: number;
  bodyMd5?: string;
  /** The generated body that was sent, when it was one: `cos-conformance body` regenerates it for a reproduction. */
  body?: { seed: number; size: number; stamp?: { upload: number; part: number } };
  /** Header lines written verbatim by the raw path (malformed-header tests), in order. */
  rawHeaderLines?: string[];
}

export interface ExchangeResponse {
  status: number;
  headers: Record<string, string>;
  bodySize: number;
  bodyMd5: string;
  /** The body as text when it is small (≤ 64 KiB) and textual. */
  bodyText?: string;
  /** Parsed when the body is a COS `<Error>` document, whatever the status. */
  error?: CosErrorXml;
  requestId?: string;
  /** Bytes of whitespace before the body's first other byte, when any (COS Complete keep-alive, spec §2.5). */
  leadingWhitespace?: number;
  /** Interim 1xx statuses seen before the final one (raw path only, e.g. `[100]` after `Expect: 100-continue`). */
  informational?: number[];
}

export interface Exchange {
  /** Sequence number within the recorder. */
  seq: number;
  /** Operation name, e.g. `uploadPart`, `completeMultipartUpload`, `raw`. */
  op: string;
  startedAt: string;
  durationMs: number;
  request: ExchangeRequest;
  response?: ExchangeResponse;
  transportError?: TransportError;
  /** Milliseconds from start until the response headers arrived. */
  ttfbMs?: number;
  /** Which send path carried it: the undici pool or the raw socket (`raw.ts`). */
  via?: 'pool' | 'raw';
}

/**
 * The response was HTTP-valid but the client could not use it: a 2xx body that does not parse, a missing ETag,
 * a paginating server whose marker does not advance. Stable `code`s: `EMPTY_BODY`, `MALFORMED_XML`,
 * `UNEXPECTED_XML`, `BODY_TOO_LARGE`, `MISSING_ETAG`, `MARKER_NOT_ADVANCING`, `TOO_MANY_PAGES`.
 */
export interface ProtocolError {
  code: string;
  message: string;
}

/** The uniform result of a client operation: never throws for HTTP or transport failures. */
export interface OpResult<T> {
  exchange: Exchange;
  /** HTTP status, absent on transport failure. */
  status?: number;
  headers: Record<string, string>;
  /** Parsed success payload, when the status was 2xx and the body parsed. */
  data?: T;
  error?: CosErrorXml;
  transportError?: TransportError;
  /** Set when the status was 2xx but the body or headers could not be used (then `data` is absent). */
  protocolError?: ProtocolError;
}
