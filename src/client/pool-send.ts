/**
 * The pooled send path: one undici `Pool` per origin, HTTP/1.1, keep-alive, explicit timeouts and no retries.
 *
 * Why no retries: undici's `Pool.request` never retries by itself; retries only happen through `RetryAgent` or the
 * `retry` interceptor, neither of which is used here (no `compose`, no `RetryHandler`). A request that failed on a
 * socket is reported as a transport error, never silently re-sent: a conformance harness must see every failure.
 * (undici only re-dispatches requests that were queued and never written to a socket.)
 *
 * Sockets come from undici's own connector, wrapped so that an interim `100 Continue` the client did not ask
 * for is dropped before undici's parser (which would otherwise fail the request): see interim-continue.ts.
 */
import { createHash, type Hash, hash } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import { finished, type Readable, Transform } from 'node:stream';
import { type Dispatcher, Pool } from 'undici';
import { createHashingTransform } from '../body/hashing.ts';
import type { Target } from '../target/types.ts';
import type { CosErrorXml, Exchange, ExchangeRequest, ExchangeResponse, TransportError } from './exchange.ts';
import {
  type DispatchReadOptions,
  dispatchAndRead,
  flattenHeaders,
  type ReadResponse,
} from './dispatch-read.ts';
import { continueTolerantConnector } from './interim-continue.ts';
import type { OutgoingBody } from './part-body-input.ts';
import { type PreparedRequest, prepareRequest, type SigningOptions } from './prepare.ts';
import type { QueryPair } from './query.ts';
import type { Recorder, UnrecordedExchange } from './recorder.ts';
import {
  BodySink,
  EMPTY_MD5_HEX,
  PARSE_LIMIT,
  type ReadBodyOptions,
  type ReadBodyResult,
} from './response-body.ts';
import { classifyTransportError, RequestBodyError } from './transport-errors.ts';
import { parseErrorBody } from './xml-results.ts';
import { isoNow } from './timestamp.ts';

/** One request as an operation describes it. */
export interface RequestPlan {
  op: string;
  method: string;
  /** Object key; `undefined` addresses the bucket. */
  key?: string;
  query: readonly QueryPair[];
  headers?: Readonly<Record<string, string>>;
  body?: OutgoingBody;
  /**
   * Declared length: default the body size (0 for PUT/POST without body); `false` declares none. undici then sends
   * a stream chunked, but adds a length itself for a stream that already ended: callers needing certainty use raw.
   */
  contentLength?: number | false;
  signing?: SigningOptions;
  signal?: AbortSignal;
}

/** How the response body is taken. */
export type ResponseMode =
  /** Keep up to `keepLimit` bytes (default {@link PARSE_LIMIT}) for parsing; optionally drop leading whitespace. */
  | { kind: 'text'; keepLimit?: number; skipLeadingWhitespace?: boolean }
  /** Keep the bytes (up to `keepLimit`) and compute CRC-64. */
  | { kind: 'bytes'; keepLimit: number }
  /** Hash (size, MD5, CRC-64) and keep nothing. */
  | { kind: 'digest' }
  /** Hand a 2xx body to the caller as a stream; non-2xx bodies are read as `text`. */
  | { kind: 'stream' };

/** The outcome of one send, before an operation interprets it. */
export interface SendOutcome {
  exchange: Exchange;
  status?: number;
  headers: Record<string, string>;
  body?: ReadBodyResult;
  /** Stream mode, 2xx only: the body (hashing on the way) and when it was recorded. */
  stream?: { body: Readable; done: Promise<Exchange> };
  error?: CosErrorXml;
  transportError?: TransportError;
}

export interface PoolSenderOptions {
  /** Max sockets per origin (default 8). */
  connections?: number;
}

function isBodyless(method: string, status: number): boolean {
  return method === 'HEAD' || status === 204 || status === 304 || (status >= 100 && status < 200);
}

/** Declared Content-Length for a plan (`null` = none). */
export function declaredLength(plan: Pick<RequestPlan, 'method' | 'body' | 'contentLength'>): number | null {
  if (plan.contentLength === false) return null;
  if (typeof plan.contentLength === 'number') return plan.contentLength;
  if (plan.body) return plan.body.size;
  return plan.method === 'PUT' || plan.method === 'POST' ? 0 : null;
}

/** Builds the response part of an exchange from a finished body read. */
export function responseRecord(
  status: number,
  headers: Record<string, string>,
  body: ReadBodyResult | undefined,
  error: CosErrorXml | undefined,
): ExchangeResponse {
  const response: ExchangeResponse = {
    status,
    headers,
    bodySize: body?.size ?? 0,
    bodyMd5: body?.md5Hex ?? EMPTY_MD5_HEX,
  };
  if (body?.recordText !== undefined) response.bodyText = body.recordText;
  if (body && body.leadingWhitespace > 0) response.leadingWhitespace = body.leadingWhitespace;
  if (error) response.error = error;
  const requestId = headers['x-cos-request-id'];
  if (requestId !== undefined) response.requestId = requestId;
  return response;
}

function sinkOptions(mode: ResponseMode): ReadBodyOptions {
  switch (mode.kind) {
    case 'text':
      return {
        keepLimit: mode.keepLimit ?? PARSE_LIMIT,
        skipLeadingWhitespace: mode.skipLeadingWhitespace === true,
      };
    case 'bytes':
      return { keepLimit: mode.keepLimit, crc64: true };
    case 'digest':
      return { keepLimit: 0, crc64: true };
    case 'stream':
      return { keepLimit: PARSE_LIMIT };
  }
}

/**
 * Feeds every chunk of `body` to `sink`; resolves at its end, rejects with its error, or with a premature-close
 * error (as `for await` would) when it is destroyed before its end. Listeners instead of an async iterator: the
 * iterator cost more CPU than the rest of reading a small answer.
 */
function drain(body: Readable, sink: BodySink): Promise<void> {
  return new Promise((resolve, reject) => {
    // undici may have failed the body before this runs (it then emitted 'error' to a listener of its own).
    if (body.errored) return reject(body.errored);
    if (body.readableEnded) return resolve();
    if (body.destroyed) return reject(prematureClose());
    body.on('data', (chunk: Uint8Array) => sink.push(chunk));
    body.once('end', resolve);
    body.once('error', reject);
    body.once('close', () => {
      if (!body.readableEnded) reject(body.errored ?? prematureClose());
    });
  });
}

/** The error `for await` over a stream throws when the stream is destroyed before its end. */
function prematureClose(): Error {
  return Object.assign(new Error('Premature close'), { code: 'ERR_STREAM_PREMATURE_CLOSE' });
}

/** The options of one request as undici takes them (the same for `dispatch` and `request`). */
type DispatchOptions = Pick<Dispatcher.DispatchOptions, 'method' | 'path' | 'headers'> & {
  body: Buffer | Readable | undefined;
};

function isOk(status: number): boolean {
  return status >= 200 && status < 300;
}

/**
 * The request body as it goes to undici: in-memory bytes as one buffer (hashed once, here), anything else through a
 * pass-through that hashes what undici pulls. Size and MD5 are settled into the record when the request is done.
 */
class SentBody {
  readonly body: Buffer | Readable | undefined;
  #size = 0;
  /** MD5 of in-memory bytes, known up front. */
  #bytesMd5: string | undefined;
  /** MD5 of a stream as far as it was pulled. */
  #md5: Hash | undefined;

  constructor(plan: RequestPlan) {
    const body = plan.body;
    if (body?.bytes !== undefined && plan.contentLength !== false) {
      // undici sends a Buffer with its length; with no declared length the bytes go as a (chunked) stream.
      this.body = body.bytes;
      this.#bytesMd5 = hash('md5', body.bytes, 'hex');
      this.#size = body.bytes.length;
    } else if (body) {
      // A failing source is tagged so it is not called a network error.
      this.#md5 = createHash('md5');
      const source = body.open();
      const counter = new Transform({
        transform: (chunk: Buffer, _encoding, callback) => {
          this.#md5?.update(chunk);
          this.#size += chunk.length;
          callback(null, chunk);
        },
      });
      source.once('error', (err) => counter.destroy(new RequestBodyError(err)));
      counter.once('close', () => {
        if (!source.destroyed) source.destroy();
      });
      source.pipe(counter);
      this.body = counter;
    }
  }

  /** Writes what was sent into `request`; called once, a fresh hash absorbs bytes undici may still write after an early answer. */
  settle(request: ExchangeRequest): void {
    request.bodySize = this.#size;
    if (this.#bytesMd5 !== undefined) request.bodyMd5 = this.#bytesMd5;
    else if (this.#md5) {
      request.bodyMd5 = this.#md5.digest('hex');
      this.#md5 = createHash('md5');
    }
  }

  /** After a failure: a body stream undici did not finish is destroyed. */
  abandon(): void {
    const body = this.body;
    if (body !== undefined && !Buffer.isBuffer(body) && !body.destroyed) body.destroy();
  }
}

/** One send as it is recorded: when it started, the request record, and the two ways it ends (each records once). */
class Sending {
  readonly request: ExchangeRequest;
  /** Milliseconds from the start until the request was done (the answer's head arrived, or it failed). */
  ttfbMs = 0;
  readonly #recorder: Recorder;
  readonly #op: string;
  readonly #startedAt = isoNow();
  readonly #t0 = performance.now();

  constructor(recorder: Recorder, plan: RequestPlan) {
    this.#recorder = recorder;
    this.#op = plan.op;
    this.request = { method: plan.method, url: '', path: '', query: {}, headers: {}, bodySize: 0 };
    if (plan.body?.spec) this.request.body = { ...plan.body.spec };
  }

  /** The exchange as far as it is known now. */
  base(): UnrecordedExchange {
    return {
      op: this.#op,
      startedAt: this.#startedAt,
      durationMs: performance.now() - this.#t0,
      request: this.request,
      via: 'pool',
    };
  }

  /** The request is done sending: settle its body into the record and take the time to first byte. */
  requestDone(sent: SentBody): void {
    sent.settle(this.request);
    this.ttfbMs = performance.now() - this.#t0;
  }

  /** Records a transport failure, with the answer read before it when there was one. */
  failed(err: unknown, response?: ReadResponse): SendOutcome {
    const transportError = classifyTransportError(err);
    const ex: UnrecordedExchange = { ...this.base(), transportError };
    if (response) {
      ex.response = responseRecord(response.status, response.headers, response.body, undefined);
      ex.ttfbMs = this.ttfbMs;
    }
    const exchange = this.#recorder.record(ex);
    if (!response) return { headers: {}, exchange, transportError };
    const { status, headers, body } = response;
    return { headers, status, body, exchange, transportError };
  }

  /** Records an answer read whole. */
  answered(response: ReadResponse): SendOutcome {
    const { status, headers, body } = response;
    const error = parseErrorBody(body, headers['content-type']);
    // The fields of base() written out: the common path builds its record in one literal, not by a spread.
    const exchange = this.#recorder.record({
      op: this.#op,
      startedAt: this.#startedAt,
      durationMs: performance.now() - this.#t0,
      request: this.request,
      via: 'pool',
      ttfbMs: this.ttfbMs,
      response: responseRecord(status, headers, body, error),
    });
    const outcome: SendOutcome = { exchange, status, headers, body };
    if (error) outcome.error = error;
    return outcome;
  }
}

/** The sink options of an answer's body by its status: error bodies are always read as text, whatever the mode. */
function sinkOptionsFor(mode: ResponseMode, status: number): ReadBodyOptions {
  return isOk(status) ? sinkOptions(mode) : TEXT_SINK;
}

/** How {@link sinkOptions} reads an answer in text mode with default limits (made once, not per answer). */
const TEXT_SINK: ReadBodyOptions = Object.freeze(sinkOptions({ kind: 'text' }));

/**
 * The read options of one buffered send, as an object with methods: the two closures a literal would create per
 * request are each named by the TypeScript loader at run time (tsx keeps names), which cost more CPU per small
 * Upload Part than the object.
 */
class BufferedRead implements DispatchReadOptions {
  readonly signal: AbortSignal | undefined;
  readonly #mode: ResponseMode;
  readonly #sending: Sending;
  readonly #sent: SentBody;

  constructor(signal: AbortSignal | undefined, mode: ResponseMode, sending: Sending, sent: SentBody) {
    this.signal = signal;
    this.#mode = mode;
    this.#sending = sending;
    this.#sent = sent;
  }

  sink(status: number): ReadBodyOptions {
    return sinkOptionsFor(this.#mode, status);
  }

  onHead(): void {
    this.#sending.requestDone(this.#sent);
  }
}

/** Sends requests for one target over per-origin pools and records every exchange. */
export class PoolSender {
  readonly #target: Target;
  readonly #recorder: Recorder;
  readonly #connections: number;
  readonly #pools = new Map<string, Pool>();
  #closed = false;

  constructor(target: Target, recorder: Recorder, opts: PoolSenderOptions = {}) {
    this.#target = target;
    this.#recorder = recorder;
    this.#connections = opts.connections ?? 8;
  }

  #pool(origin: string): Pool {
    let pool = this.#pools.get(origin);
    if (!pool) {
      const timeouts = this.#target.timeouts;
      pool = new Pool(origin, {
        connections: this.#connections,
        pipelining: 1,
        allowH2: false,
        // undici's connector (connect timeout included), with sockets that tolerate an unsolicited 100 Continue.
        connect: continueTolerantConnector({ timeout: timeouts.connectMs, allowH2: false }),
        headersTimeout: timeouts.headersMs,
        bodyTimeout: timeouts.bodyMs,
        keepAliveTimeout: 4_000,
        strictContentLength: true,
      });
      this.#pools.set(origin, pool);
    }
    return pool;
  }

  /** Sends one request and reads (or hands over) its response. Never throws. */
  async send(plan: RequestPlan, mode: ResponseMode): Promise<SendOutcome> {
    const sending = new Sending(this.#recorder, plan);
    const body = plan.body;
    let prepared: PreparedRequest;
    try {
      if (this.#closed) throw Object.assign(new Error('client is closed'), { code: 'UND_ERR_CLOSED' });
      prepared = await prepareRequest(this.#target, {
        method: plan.method,
        key: plan.key,
        query: plan.query,
        headers: plan.headers,
        contentLength: declaredLength(plan),
        payload: body?.bytes
          ? { kind: 'bytes', data: body.bytes }
          : body
            ? { kind: 'unsigned' }
            : { kind: 'bytes', data: new Uint8Array(0) },
        signing: plan.signing,
      });
    } catch (err) {
      return sending.failed(err);
    }
    const request = sending.request;
    request.url = prepared.url;
    request.path = prepared.address.path;
    request.query = prepared.query;
    request.headers = prepared.headers;

    const sent = new SentBody(plan);
    const pool = this.#pool(prepared.address.origin);
    const options: DispatchOptions = {
      method: plan.method,
      path: prepared.pathWithQuery,
      headers: prepared.headers,
      body: sent.body,
    };
    if (mode.kind === 'stream') return this.#sendForStream(sending, sent, pool, options, plan);

    // Buffered modes: the answer is read as it comes (dispatch-read.ts); error bodies are always read as text,
    // whatever the mode, so an <Error> is never missed.
    const answer = await dispatchAndRead(pool, options, new BufferedRead(plan.signal, mode, sending, sent));
    if (answer.failed) {
      sent.abandon();
      return sending.failed(answer.error, answer.response);
    }
    return sending.answered(answer.response);
  }

  /** Stream mode: `Pool.request`, whose body stream a 2xx answer hands to the caller; other answers are read as text. */
  async #sendForStream(
    sending: Sending,
    sent: SentBody,
    pool: Pool,
    options: DispatchOptions,
    plan: RequestPlan,
  ): Promise<SendOutcome> {
    let status: number;
    let headers: Record<string, string>;
    let resBody: Readable;
    try {
      const res = await pool.request({ ...options, signal: plan.signal });
      status = res.statusCode;
      headers = flattenHeaders(res.headers);
      resBody = res.body;
    } catch (err) {
      sending.requestDone(sent);
      sent.abandon();
      return sending.failed(err);
    }
    sending.requestDone(sent);
    if (isOk(status) && !isBodyless(plan.method, status)) {
      return this.#streamOutcome(sending, status, headers, resBody);
    }
    const sink = new BodySink(sinkOptions({ kind: 'text' }));
    try {
      await drain(resBody, sink);
    } catch (err) {
      return sending.failed(err, { status, headers, body: sink.finish(headers['content-type']) });
    }
    return sending.answered({ status, headers, body: sink.finish(headers['content-type']) });
  }

  #streamOutcome(
    sending: Sending,
    status: number,
    headers: Record<string, string>,
    resBody: Readable,
  ): SendOutcome {
    const hasher = createHashingTransform();
    resBody.on('error', (err) => hasher.destroy(err));
    resBody.pipe(hasher);
    // Not recorded yet (that happens when the stream ends), but already redacted: callers may log it.
    const base = () => sending.base();
    const ttfbMs = sending.ttfbMs;
    const provisional: Exchange = {
      ...this.#recorder.redact({
        ...base(),
        ttfbMs,
        response: responseRecord(status, headers, undefined, undefined),
      }),
      seq: 0,
    };
    const done = new Promise<Exchange>((resolve) => {
      finished(hasher, (err) => {
        const digest = hasher.digest();
        const response: ExchangeResponse = {
          ...provisional.response!,
          bodySize: digest.size,
          bodyMd5: digest.md5Hex,
        };
        const ex: UnrecordedExchange = { ...base(), ttfbMs, response };
        if (err) {
          ex.transportError =
            (err as { code?: string }).code === 'ERR_STREAM_PREMATURE_CLOSE'
              ? { code: 'ABORTED', message: 'response stream destroyed before its end' }
              : classifyTransportError(err);
          resBody.destroy();
        }
        resolve(this.#recorder.record(ex));
      });
    });
    return { exchange: provisional, status, headers, stream: { body: hasher, done } };
  }

  /** Closes every pool (waits for in-flight requests). */
  async close(): Promise<void> {
    this.#closed = true;
    const pools = [...this.#pools.values()];
    this.#pools.clear();
    await Promise.all(pools.map((pool) => pool.close()));
  }

  /** Destroys every pool and its sockets now. */
  async destroy(): Promise<void> {
    this.#closed = true;
    const pools = [...this.#pools.values()];
    this.#pools.clear();
    await Promise.all(pools.map((pool) => pool.destroy()));
  }
}
