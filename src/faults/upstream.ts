/** Opening the upstream connection of one exchange (a fresh one per request: no reuse races, clean cuts). */
import { connect, type Socket } from 'node:net';
import type { ExchangeGuard } from './guard.ts';
import type { ProxyRuntime } from './runtime.ts';

/** Connect timeout to the upstream, in milliseconds. */
export const UPSTREAM_CONNECT_TIMEOUT_MS = 10_000;

/** Connects to the upstream; resolves the socket, or an error code string when it could not connect. */
export function connectUpstream(rt: ProxyRuntime, guard: ExchangeGuard): Promise<Socket | string> {
  return new Promise((resolve) => {
    const socket = connect({ host: rt.upstreamHost, port: rt.upstreamPort, allowHalfOpen: true });
    rt.track(socket);
    let settled = false;
    const settle = (value: Socket | string): void => {
      if (settled) return;
      settled = true;
      cancelTimer();
      offAbort();
      resolve(value);
    };
    const cancelTimer = rt.setTimer(UPSTREAM_CONNECT_TIMEOUT_MS, () => {
      socket.destroy();
      settle('CONNECT_TIMEOUT');
    });
    const offAbort = guard.onAbort(() => {
      socket.destroy();
      settle('ABORTED');
    });
    socket.once('connect', () => {
      socket.setNoDelay(true);
      settle(socket);
    });
    socket.on('error', (err: NodeJS.ErrnoException) => settle(err.code ?? 'ERROR'));
    socket.once('close', () => settle('CLOSED'));
  });
}
