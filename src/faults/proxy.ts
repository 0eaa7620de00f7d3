/**
 * `startFaultProxy`: an HTTP/1.1 reverse proxy on 127.0.0.1 that injects one fault per request, chosen by a
 * {@link FaultPlan} (Jepsen's nemesis, placed on the wire). Built on node:net so that it can cut a body at any
 * byte. The Host header and every other request byte are forwarded as sent, so signatures stay valid.
 */
import { createServer, type Server } from 'node:net';
import { serveConnection } from './connection.ts';
import { FaultProxyError } from './errors.ts';
import { PASS_PLAN } from './plan.ts';
import { ProxyRuntime } from './runtime.ts';
import type { FaultPlan, FaultProxy, StartFaultProxyOptions } from './types.ts';

/** Parses and checks the upstream origin: `http://host:port`, no path, no credentials. */
export function parseUpstream(upstream: string): { host: string; port: number } {
  let url: URL;
  try {
    url = new URL(upstream);
  } catch {
    throw new FaultProxyError(
      'FAULT_PROXY_INVALID_UPSTREAM',
      `upstream is not a URL: ${JSON.stringify(upstream)}`,
    );
  }
  if (url.protocol !== 'http:') {
    throw new FaultProxyError(
      'FAULT_PROXY_INVALID_UPSTREAM',
      `upstream must be http:// (got ${url.protocol})`,
    );
  }
  if (url.username || url.password || (url.pathname !== '/' && url.pathname !== '') || url.search) {
    throw new FaultProxyError('FAULT_PROXY_INVALID_UPSTREAM', 'upstream must be an origin: http://host:port');
  }
  const host = url.hostname.replace(/^\[(.*)\]$/, '$1');
  return { host, port: url.port === '' ? 80 : Number(url.port) };
}

function listen(server: Server, port: number): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', (err) =>
      reject(
        new FaultProxyError('FAULT_PROXY_LISTEN', `cannot listen on 127.0.0.1:${port}: ${err.message}`, {
          cause: err,
        }),
      ),
    );
    server.listen(port, '127.0.0.1', () => {
      const addr = server.address();
      resolve(typeof addr === 'object' && addr !== null ? addr.port : port);
    });
  });
}

/**
 * Starts a fault proxy in front of `upstream`. Each request gets the fault the plan picks (default `pass`);
 * every fault is bounded by `plan.faultTimeoutMs`; `close()` tears down every socket and timer.
 *
 * @example Reset the first Upload Part in the middle of its body, pass everything else:
 * ```ts
 * const proxy = await startFaultProxy({ upstream: server.url, plan: faultPlan(firstOp('uploadPart', 'reset-mid-request-body')) });
 * // point the target's endpoint at proxy.url …
 * await proxy.close();
 * ```
 */
export async function startFaultProxy(options: StartFaultProxyOptions): Promise<FaultProxy> {
  const { host, port } = parseUpstream(options.upstream);
  const listenPort = options.port ?? 0;
  if (!Number.isInteger(listenPort) || listenPort < 0 || listenPort > 65_535) {
    throw new FaultProxyError('FAULT_PROXY_INVALID_PLAN', `port must be 0..65535, got ${listenPort}`);
  }
  const rt = new ProxyRuntime(host, port, options.plan);
  const server = createServer({ allowHalfOpen: true, noDelay: true }, (socket) => {
    socket.on('error', () => {});
    const conn = rt.acceptClient(socket);
    if (socket.destroyed) return;
    void serveConnection(rt, socket, conn).catch(() => socket.destroy());
  });
  const bound = await listen(server, listenPort);
  let closing: Promise<void> | undefined;
  return {
    url: `http://127.0.0.1:${bound}`,
    port: bound,
    stats: () => rt.stats(),
    setPlan: (plan) => rt.setPlan(plan),
    heal: () => rt.setPlan(PASS_PLAN),
    close: () => {
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        rt.shutdown();
      });
      return closing;
    },
  };
}

/**
 * Runs `fn` with a proxy in front of `upstream` and always closes it afterwards (also when `fn` throws).
 *
 * @example Every Upload Part answered 503, then check what the run made of it:
 * ```ts
 * const stats = await withFaultProxy(upstream, faultPlan(everyOp('uploadPart', 'status-503-xml')), async (proxy) => {
 *   await runSuiteAgainst(proxy.url);
 *   return proxy.stats();
 * });
 * ```
 */
export async function withFaultProxy<T>(
  upstream: string,
  plan: FaultPlan,
  fn: (proxy: FaultProxy) => Promise<T>,
): Promise<T> {
  const proxy = await startFaultProxy({ upstream, plan });
  try {
    return await fn(proxy);
  } finally {
    await proxy.close();
  }
}
