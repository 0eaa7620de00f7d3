/** An undici caller for the fault-proxy tests: never throws, reports where a call failed and with which code. */
import { Agent, type Dispatcher, request } from 'undici';

export interface CallResult {
  status?: number;
  headers: Record<string, string>;
  body?: Buffer;
  /** Code of the error before the response head (e.g. ECONNRESET, UND_ERR_HEADERS_TIMEOUT). */
  headError?: string;
  /** Code of the error while reading the body (e.g. UND_ERR_SOCKET, UND_ERR_BODY_TIMEOUT). */
  bodyError?: string;
  ms: number;
}

export interface CallOptions {
  method?: string;
  body?: Buffer | string;
  headers?: Record<string, string>;
  headersTimeout?: number;
  bodyTimeout?: number;
  /** Reuse this dispatcher (keep-alive tests); otherwise a fresh Agent is made and closed. */
  dispatcher?: Dispatcher;
}

/** The error code of an undici or socket error (own code, else the cause's). */
export function codeOf(err: unknown): string {
  const e = err as { code?: unknown; cause?: { code?: unknown } };
  if (typeof e?.code === 'string') return e.code;
  if (typeof e?.cause?.code === 'string') return e.cause.code;
  return String(err);
}

/** A fresh agent with short timeouts and no lingering keep-alive. */
export function testAgent(
  opts: { headersTimeout?: number; bodyTimeout?: number; connections?: number } = {},
): Agent {
  return new Agent({
    headersTimeout: opts.headersTimeout ?? 2_000,
    bodyTimeout: opts.bodyTimeout ?? 2_000,
    keepAliveTimeout: 1_000,
    connections: opts.connections ?? 1,
  });
}

/** Sends one request and reads the whole body. */
export async function call(url: string, opts: CallOptions = {}): Promise<CallResult> {
  const own = opts.dispatcher === undefined;
  const dispatcher = opts.dispatcher ?? testAgent(opts);
  const t0 = performance.now();
  const out: CallResult = { headers: {}, ms: 0 };
  try {
    const res = await request(url, {
      method: (opts.method ?? 'GET') as Dispatcher.HttpMethod,
      body: opts.body,
      headers: opts.headers,
      dispatcher,
      headersTimeout: opts.headersTimeout,
      bodyTimeout: opts.bodyTimeout,
    });
    out.status = res.statusCode;
    for (const [k, v] of Object.entries(res.headers))
      out.headers[k] = Array.isArray(v) ? v.join(', ') : String(v);
    try {
      out.body = Buffer.from(await res.body.arrayBuffer());
    } catch (err) {
      out.bodyError = codeOf(err);
    }
  } catch (err) {
    out.headError = codeOf(err);
  } finally {
    out.ms = performance.now() - t0;
    if (own) await dispatcher.destroy().catch(() => {});
  }
  return out;
}
