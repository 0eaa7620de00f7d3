/**
 * The raw-socket path (node:net / node:tls) for requests undici will not send: no Content-Length (chunked, or
 * nothing at all), a body shorter or longer than its Content-Length, malformed header lines, and
 * `Expect: 100-continue` where the body is held back until the server answers (undici refuses `expect`).
 * The 5 GiB + 1 EntityTooLarge probe declares the length, sends headers only and waits: the 5 GiB never leaves.
 *
 * One fresh connection per request, destroyed after the response; signed and recorded like the pooled path.
 * Every wait is bounded: `timeoutMs` is the longest the socket may stay idle (nothing sent, nothing received).
 */
import { createHash } from 'node:crypto';
import { connect as netConnect, isIP, type Socket } from 'node:net';
import { performance } from 'node:perf_hooks';
import type { Readable } from 'node:stream';
import { connect as tlsConnect } from 'node:tls';
import type { Target } from '../target/types.ts';
import type { Exchange, ExchangeRequest, ExchangeResponse, OpResult, TransportError } from './exchange.ts';
import { type HttpParseError, type ParsedHead, ResponseParser } from './http1-parser.ts';
import { type PreparedRequest, prepareRequest, type SigningOptions } from './prepare.ts';
import type { QueryPair } from './query.ts';
import { Recorder, type UnrecordedExchange } from './recorder.ts';
import { BodySink, PARSE_LIMIT, type ReadBodyResult } from './response-body.ts';
import { classifyTransportError } from './transport-errors.ts';
import { parseErrorBody } from './xml-results.ts';
import { isoNow } from './timestamp.ts';

/** What to do once everything meant to be sent has been written. */
export type AfterSend = 'wait' | 'half-close' | 'destroy';

export interface RawRequestOptions {
  target: Target;
  method: string;
  /** Object key; `undefined` addresses the bucket. */
  key?: string;
  /** Ordered pairs (`null` value = bare name) or a record (`null` = bare name). */
  query?: readonly QueryPair[] | Readonly<Record<string, string | null>>;
  /** Well-formed headers (signed as usual). A `host` here replaces the computed Host. */
  headers?: Readonly<Record<string, string>>;
  /** Lines written verbatim after the headers (without CRLF), never signed: for malformed-header tests. */
  rawHeaderLines?: readonly string[];
  /** Bytes to send, or a stream factory of a known size (streamed with backpressure, never buffered). */
  body?: Buffer | { size: number; stream: () => Readable };
  /**
   * The payload form the body is declared as (`x-amz-content-sha256`, e.g. `STREAMING-UNSIGNED-PAYLOAD-TRAILER` for
   * an aws-chunked body, spec §6.7): sent under either signer and signed as such under SigV4; absent: the body's hash.
   */
  payloadHash?: string;
  /** Content-Length to declare: a number (may disagree with the body), `null` for none; default the body size. */
  declaredLength?: number | null;
  /** Send the body with `Transfer-Encoding: chunked` (and no Content-Length unless `declaredLength` is a number). */
  chunked?: boolean;
  /** Send `Expect: 100-continue` and hold the body until `100 Continue` (or `continueWaitMs`, RFC 9110 §10.1.1). */
  expectContinue?: boolean;
  /** How long to hold the body waiting for `100 Continue` before sending anyway (default 1000 ms). */
  continueWaitMs?: number;
  /** Send the headers only, never the body, then wait for the answer. */
  endAfterHeaders?: boolean;
  /** After the last byte: keep waiting (default), half-close (FIN) then wait, or destroy at once. */
  afterSend?: AfterSend;
  /** Idle bound in ms: no byte in either direction for this long ends the request with `TIMEOUT`. */
  timeoutMs: number;
  /** Connect bound (default the target's connectMs). */
  connectTimeoutMs?: number;
  recorder?: Recorder;
  /** Operation name for the record (default `raw`). */
  op?: string;
  signing?: SigningOptions;
  signal?: AbortSignal;
  /** Response bytes kept for the caller (default 16 MiB); the whole body is hashed regardless. */
  keepLimit?: number;
}

/** What the raw path adds to an {@link OpResult}: the interim statuses and the kept body. */
export interface RawResponseData {
  /** Interim 1xx statuses, in order. */
  informational: number[];
  body: Buffer;
  bodySize: number;
  bodyMd5: string;
  /** Whether any body byte was written (false when the server answered before `100 Continue`). */
  bodySent: boolean;
  /** Bytes of body written. */
  bytesSent: number;
}

function normaliseQuery(queryPair: RawRequestOptions['query']): QueryPair[] {
  if (queryPair === undefined) return [];
  if (Array.isArray(queryPair)) return [...(queryPair as readonly QueryPair[])];
  return Object.entries(queryPair as Record<string, string | null>).map(
    ([key, value]) => [key, value] as const,
  );
}

function bodySize(body: RawRequestOptions['body']): number | undefined {
  if (body === undefined) return undefined;
  return Buffer.isBuffer(body) ? body.length : body.size;
}

/** The head bytes of a request: request line, headers, extra raw lines, blank line. */
export function requestHead(
  method: string,
  pathWithQuery: string,
  headers: Record<string, string>,
  rawLines: readonly string[] = [],
): Buffer {
  let head = `${method} ${pathWithQuery} HTTP/1.1\r\n`;
  for (const [key, value] of Object.entries(headers)) head += `${key}: ${value}\r\n`;
  for (const line of rawLines) head += `${line}\r\n`;
  return Buffer.from(`${head}\r\n`, 'latin1');
}

class Deferred<T> {
  resolve!: (value: T) => void;
  readonly promise = new Promise<T>((resolve) => {
    this.resolve = resolve;
  });
}

/**
 * Sends one request over a fresh socket. Never throws: transport problems become `transportError`; HTTP
 * answers (any status) come back with `status`, `headers`, `error` (parsed `<Error>`), and `data` describing
 * the raw exchange. A final answer that arrives while the body is still being sent stops the sending.
 */
export async function rawRequest(opts: RawRequestOptions): Promise<OpResult<RawResponseData>> {
  const recorder = opts.recorder ?? new Recorder({ keep: false });
  recorder.addSecrets(opts.target.credentials.secretKey, opts.target.credentials.securityToken);
  const startedAt = isoNow();
  const t0 = performance.now();
  const method = opts.method.toUpperCase();
  const query = normaliseQuery(opts.query);
  const size = bodySize(opts.body);
  const declared =
    opts.declaredLength !== undefined
      ? opts.declaredLength
      : opts.chunked
        ? null
        : (size ?? (method === 'PUT' || method === 'POST' ? 0 : null));
  const request: ExchangeRequest = { method, url: '', path: '', query: {}, headers: {}, bodySize: 0 };
  const informational: number[] = [];
  let ttfbMs: number | undefined;

  const extra: Record<string, string> = {};
  if (opts.chunked) extra['transfer-encoding'] = 'chunked';
  if (opts.expectContinue) extra.expect = '100-continue';

  let prepared: PreparedRequest;
  try {
    prepared = await prepareRequest(opts.target, {
      method,
      key: opts.key,
      query,
      headers: { ...extra, ...opts.headers },
      contentLength: declared,
      payload: opts.payloadHash
        ? { kind: 'declared', hash: opts.payloadHash }
        : Buffer.isBuffer(opts.body)
          ? { kind: 'bytes', data: opts.body }
          : opts.body
            ? { kind: 'unsigned' }
            : { kind: 'bytes', data: new Uint8Array(0) },
      signing: opts.signing,
    });
  } catch (err) {
    const ex = recorder.record({
      op: opts.op ?? 'raw',
      startedAt,
      durationMs: performance.now() - t0,
      request,
      via: 'raw',
      transportError: classifyTransportError(err),
    });
    return { exchange: ex, headers: {}, transportError: ex.transportError };
  }
  request.url = prepared.url;
  request.path = prepared.address.path;
  request.query = prepared.query;
  request.headers = { ...prepared.headers };
  if (opts.rawHeaderLines && opts.rawHeaderLines.length > 0)
    request.rawHeaderLines = [...opts.rawHeaderLines];
  const head = requestHead(method, prepared.pathWithQuery, prepared.headers, opts.rawHeaderLines);

  const sink = new BodySink({ keepLimit: opts.keepLimit ?? PARSE_LIMIT });
  let final: ParsedHead | undefined;
  let transportError: TransportError | undefined;
  let bytesSent = 0;
  let headWritten = false;
  let bodySent = false;
  const sentMd5 = createHash('md5');
  const finished = new Deferred<void>();
  const continueSeen = new Deferred<'continue' | 'final'>();
  let settled = false;
  const settle = (err?: TransportError) => {
    if (settled) return;
    settled = true;
    if (err) transportError = err;
    finished.resolve();
    continueSeen.resolve('final');
  };

  const parser = new ResponseParser(method, {
    informational: (head) => {
      informational.push(head.status);
      ttfbMs ??= performance.now() - t0;
      if (head.status === 100) continueSeen.resolve('continue');
    },
    head: (head) => {
      final = head;
      ttfbMs = performance.now() - t0;
      continueSeen.resolve('final');
    },
    body: (chunk) => sink.push(chunk),
    end: () => settle(),
  });

  const { address } = prepared;
  const url = new URL(address.origin);
  const port = Number(url.port || (address.tls ? 443 : 80));
  const hostname = url.hostname.replace(/^\[|\]$/g, '');
  const socket: Socket = address.tls
    ? tlsConnect({
        host: hostname,
        port,
        servername: isIP(hostname) ? undefined : hostname,
        ALPNProtocols: ['http/1.1'],
      })
    : netConnect({ host: hostname, port });

  const connectTimer = setTimeout(() => {
    settle({
      code: 'CONNECT_TIMEOUT',
      message: `connect timed out after ${opts.connectTimeoutMs ?? opts.target.timeouts.connectMs} ms`,
    });
    socket.destroy();
  }, opts.connectTimeoutMs ?? opts.target.timeouts.connectMs);
  const onAbort = () => {
    settle({ code: 'ABORTED', message: 'request aborted by signal' });
    socket.destroy();
  };
  opts.signal?.addEventListener('abort', onAbort, { once: true });
  if (opts.signal?.aborted) onAbort();

  socket.setTimeout(opts.timeoutMs, () => {
    // TIMEOUT means the request head went out and then nothing moved; before that it is still connecting.
    settle(
      headWritten
        ? { code: 'TIMEOUT', message: `no progress for ${opts.timeoutMs} ms` }
        : { code: 'CONNECT_TIMEOUT', message: `no connection within ${opts.timeoutMs} ms` },
    );
    socket.destroy();
  });
  socket.on('data', (chunk: Buffer) => {
    if (settled && parser.done) return;
    try {
      parser.push(chunk);
    } catch (err) {
      settle({ code: 'HTTP_PARSE_ERROR', message: (err as HttpParseError).message });
      socket.destroy();
    }
  });
  socket.on('error', (err) => {
    // A write error after the final answer arrived is the server closing on an unfinished body: not a failure.
    if (final && parser.done) return;
    settle(classifyTransportError(err));
  });
  socket.on('close', () => {
    if (parser.close()) return settle();
    if (!settled) {
      settle(
        final
          ? { code: 'SOCKET_CLOSED', message: 'connection closed before the response body ended' }
          : { code: 'SOCKET_CLOSED', message: 'connection closed before a response' },
      );
    }
  });

  const connected = new Promise<boolean>((resolve) => {
    socket.once(address.tls ? 'secureConnect' : 'connect', () => resolve(true));
    void finished.promise.then(() => resolve(false));
  });

  const write = (buf: Buffer): Promise<boolean> =>
    new Promise((resolve) => {
      if (settled || socket.destroyed) return resolve(false);
      const ok = socket.write(buf);
      if (ok) return resolve(true);
      const onDrain = () => {
        socket.off('close', onClose);
        resolve(!settled);
      };
      const onClose = () => {
        socket.off('drain', onDrain);
        resolve(false);
      };
      socket.once('drain', onDrain);
      socket.once('close', onClose);
    });

  const sendBody = async (): Promise<void> => {
    const body = opts.body;
    if (body === undefined) return;
    const emit = async (chunk: Buffer): Promise<boolean> => {
      if (chunk.length === 0) return true;
      bodySent = true;
      sentMd5.update(chunk);
      bytesSent += chunk.length;
      if (!opts.chunked) return write(chunk);
      return write(
        Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')]),
      );
    };
    if (Buffer.isBuffer(body)) {
      await emit(body);
    } else {
      const source = body.stream();
      try {
        for await (const chunk of source) {
          if (!(await emit(chunk as Buffer)) || final) break;
        }
      } catch (err) {
        settle({
          code: 'REQUEST_BODY_ERROR',
          message: `request body source failed: ${(err as Error).message}`,
        });
        socket.destroy();
      } finally {
        source.destroy();
      }
    }
    if (opts.chunked && !final && !settled) await write(Buffer.from('0\r\n\r\n'));
  };

  const run = async (): Promise<void> => {
    if (!(await connected)) return;
    clearTimeout(connectTimer);
    if (!(await write(head))) return;
    headWritten = true;
    if (!opts.endAfterHeaders && opts.body !== undefined) {
      let go = true;
      if (opts.expectContinue) {
        const waited = await Promise.race([
          continueSeen.promise,
          new Promise<'timeout'>((resolve) =>
            setTimeout(() => resolve('timeout'), opts.continueWaitMs ?? 1000).unref(),
          ),
        ]);
        go = waited !== 'final';
      }
      if (go) await sendBody();
    }
    if (settled) return;
    const after = opts.afterSend ?? 'wait';
    if (after === 'half-close') socket.end();
    if (after === 'destroy') {
      settle({ code: 'CLIENT_DESTROYED', message: 'socket destroyed by the client after sending' });
      socket.destroy();
    }
  };
  run().catch((err) => {
    settle(classifyTransportError(err));
    socket.destroy();
  });
  await finished.promise;
  clearTimeout(connectTimer);
  opts.signal?.removeEventListener('abort', onAbort);
  socket.destroy();

  request.bodySize = bytesSent;
  if (opts.body !== undefined) request.bodyMd5 = sentMd5.digest('hex');
  return finishRaw({
    opts,
    recorder,
    request,
    startedAt,
    durationMs: performance.now() - t0,
    ttfbMs,
    informational,
    final,
    read: sink.finish(final?.headers['content-type']),
    transportError,
    bodySent,
    bytesSent,
  });
}

function finishRaw(facts: {
  opts: RawRequestOptions;
  recorder: Recorder;
  request: ExchangeRequest;
  startedAt: string;
  durationMs: number;
  ttfbMs: number | undefined;
  informational: number[];
  final: ParsedHead | undefined;
  read: ReadBodyResult;
  transportError: TransportError | undefined;
  bodySent: boolean;
  bytesSent: number;
}): OpResult<RawResponseData> {
  const ex: UnrecordedExchange = {
    op: facts.opts.op ?? 'raw',
    startedAt: facts.startedAt,
    durationMs: facts.durationMs,
    request: facts.request,
    via: 'raw',
  };
  if (facts.ttfbMs !== undefined) ex.ttfbMs = facts.ttfbMs;
  // With no final answer, an interim one (100 after Expect) is still the server's word: record it as the status.
  const status = facts.final?.status ?? facts.informational.at(-1);
  const headers = facts.final?.headers ?? {};
  const error = facts.final ? parseErrorBody(facts.read) : undefined;
  if (status !== undefined) {
    const response: ExchangeResponse = {
      status,
      headers,
      bodySize: facts.read.size,
      bodyMd5: facts.read.md5Hex,
    };
    if (facts.read.recordText !== undefined) response.bodyText = facts.read.recordText;
    if (error) response.error = error;
    if (headers['x-cos-request-id'] !== undefined) response.requestId = headers['x-cos-request-id'];
    if (facts.informational.length > 0) response.informational = [...facts.informational];
    ex.response = response;
  }
  if (facts.transportError) ex.transportError = facts.transportError;
  const exchange: Exchange = facts.recorder.record(ex);
  const result: OpResult<RawResponseData> = {
    exchange,
    headers,
    data: {
      informational: facts.informational,
      body: facts.read.kept,
      bodySize: facts.read.size,
      bodyMd5: facts.read.md5Hex,
      bodySent: facts.bodySent,
      bytesSent: facts.bytesSent,
    },
  };
  if (status !== undefined) result.status = status;
  if (error) result.error = exchange.response?.error;
  if (exchange.transportError) result.transportError = exchange.transportError;
  return result;
}
