/**
 * One request through undici's `dispatch` API, its answer read straight into a {@link BodySink}: what `Pool.request`
 * does for the buffered response modes, without the per-request Readable, async resource and stream events it
 * builds for a body the client only hashes and keeps (a fifth of the client's CPU per small Upload Part, npm run
 * bench). The same pool, so the same connector, timeouts and no retries; what differs is only how the answer is
 * handed over, and that is kept as `Pool.request` has it (see {@link dispatchAndRead}).
 */
import { type Dispatcher, errors } from 'undici';
import { BodySink, type ReadBodyOptions, type ReadBodyResult } from './response-body.ts';

/** A final (non-1xx) answer: status, headers (names lower-case, repeated ones joined with `, `), body as read. */
export interface ReadResponse {
  status: number;
  headers: Record<string, string>;
  body: ReadBodyResult;
}

/** What came back: the answer read whole, or the failure with what was read of the answer before it. */
export type DispatchedAnswer =
  | { failed: false; response: ReadResponse }
  | {
      failed: true;
      /** The error `Pool.request` would have rejected with, or its body stream would have failed with. */
      error: unknown;
      /** Absent when the request failed before a final head. */
      response?: ReadResponse;
    };

export interface DispatchReadOptions {
  signal?: AbortSignal;
  /** How the body of a final answer with this status is read. */
  sink(status: number): ReadBodyOptions;
  /** Called once when the final head arrived or the request failed before one: the request is then done sending. */
  onHead(): void;
}

/**
 * Flattens undici's header record (arrays joined with `, `). Its names are lower-case already: undici's
 * `util.parseHeaders`, which builds the record for `request` and `dispatch` alike, lower-cases every name.
 */
export function flattenHeaders(
  headers: Record<string, string | string[] | undefined>,
): Record<string, string> {
  const out: Record<string, string> = {};
  for (const name in headers) {
    const value = headers[name];
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

/**
 * Dispatches `options` on `dispatcher` and resolves (never rejects) once the answer was read or the request failed.
 * Kept as `Pool.request` does it: 1xx heads are skipped, `CONNECT` is refused before anything is sent, an aborted
 * `signal` fails the request with `signal.reason` (or undici's RequestAbortedError) at whatever stage it is in, and
 * a failure is the error undici reports, unchanged, for the caller to classify.
 */
export function dispatchAndRead(
  dispatcher: Dispatcher,
  options: Dispatcher.DispatchOptions,
  opts: DispatchReadOptions,
): Promise<DispatchedAnswer> {
  return new Promise((resolve) => {
    const handler = new SinkHandler(opts, resolve);
    if (options.method === 'CONNECT') {
      handler.onResponseError(undefined, new errors.InvalidArgumentError('invalid method'));
      return;
    }
    try {
      dispatcher.dispatch(options, handler);
    } catch (err) {
      handler.onResponseError(undefined, err);
    }
  });
}

/** The dispatch handler: body bytes go to the sink as they come, the outcome settles once. */
class SinkHandler implements Dispatcher.DispatchHandler {
  readonly #opts: DispatchReadOptions;
  readonly #resolve: (answer: DispatchedAnswer) => void;
  #controller: Dispatcher.DispatchController | undefined;
  /** Why the request is to be aborted, when its signal fired before undici started it. */
  #abortReason: Error | undefined;
  #removeAbortListener: (() => void) | undefined;
  #status: number | undefined;
  #headers: Record<string, string> = {};
  #sink: BodySink | undefined;
  #settled = false;
  #headSeen = false;

  constructor(opts: DispatchReadOptions, resolve: (answer: DispatchedAnswer) => void) {
    this.#opts = opts;
    this.#resolve = resolve;
    const signal = opts.signal;
    if (signal?.aborted) this.#abortReason = abortReason(signal);
    else if (signal) {
      const onAbort = () => {
        const reason = abortReason(signal);
        if (this.#controller) this.#controller.abort(reason);
        else this.#abortReason = reason;
      };
      signal.addEventListener('abort', onAbort, { once: true });
      this.#removeAbortListener = () => signal.removeEventListener('abort', onAbort);
    }
  }

  onRequestStart(controller: Dispatcher.DispatchController): void {
    this.#controller = controller;
    if (this.#abortReason) controller.abort(this.#abortReason);
  }

  onResponseStart(
    _controller: Dispatcher.DispatchController,
    statusCode: number,
    headers: Record<string, string | string[] | undefined>,
  ): void {
    if (statusCode < 200) return;
    this.#status = statusCode;
    this.#headers = flattenHeaders(headers);
    this.#head();
    this.#sink = new BodySink(this.#opts.sink(statusCode));
  }

  onResponseData(_controller: Dispatcher.DispatchController, chunk: Buffer): void {
    this.#sink?.push(chunk);
  }

  onResponseEnd(): void {
    this.#settle(undefined, false);
  }

  onResponseError(_controller: Dispatcher.DispatchController | undefined, error: unknown): void {
    this.#settle(error, true);
  }

  #head(): void {
    if (this.#headSeen) return;
    this.#headSeen = true;
    this.#opts.onHead();
  }

  #settle(error: unknown, failed: boolean): void {
    if (this.#settled) return;
    this.#settled = true;
    this.#removeAbortListener?.();
    this.#head();
    const response =
      this.#status === undefined || this.#sink === undefined
        ? undefined
        : {
            status: this.#status,
            headers: this.#headers,
            body: this.#sink.finish(this.#headers['content-type']),
          };
    if (failed) this.#resolve(response ? { failed, error, response } : { failed, error });
    else if (response) this.#resolve({ failed, response });
    // undici ended a request that had no final head: only possible for an upgrade, which is never asked for.
    else
      this.#resolve({ failed: true, error: new errors.UndiciError('response ended without a final head') });
  }
}

/** What `Pool.request` fails an aborted request with. */
function abortReason(signal: AbortSignal): Error {
  return (signal.reason as Error | undefined) ?? new errors.RequestAbortedError();
}
