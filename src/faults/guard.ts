/**
 * The time bound and abort signal of one exchange: aborted when the client's socket closes, when the proxy
 * closes, or when the fault's time limit passes (then the client is reset). Every wait of an exchange goes
 * through it, so no fault can hang.
 */
import type { Socket } from 'node:net';
import type { ProxyRuntime } from './runtime.ts';

/** Why an exchange was aborted. */
export type AbortReason = 'client-closed' | 'timeout';

/**
 * Delay between delivering the last bytes of a cut response and the reset. Measured on Linux: an RST that
 * arrives while those bytes still sit unread in the client's receive queue is often reported as a clean EOF
 * ("other side closed") instead of ECONNRESET; a few milliseconds let the client read them first.
 */
export const RESET_AFTER_DATA_MS = 5;

/** Resets a socket (TCP RST) unless it is already gone. */
export function resetSocket(socket: Socket): void {
  if (!socket.destroyed) socket.resetAndDestroy();
}

export class ExchangeGuard {
  #reason: AbortReason | undefined;
  readonly #listeners = new Set<(reason: AbortReason) => void>();
  readonly #client: Socket;
  readonly #rt: ProxyRuntime;
  readonly #onClose = (): void => this.abort('client-closed');
  readonly #cancelTimer: (() => void) | undefined;

  /** `timeoutMs` undefined: no time limit (the `pass` fault). */
  constructor(rt: ProxyRuntime, client: Socket, timeoutMs: number | undefined) {
    this.#rt = rt;
    this.#client = client;
    client.once('close', this.#onClose);
    if (timeoutMs !== undefined) {
      this.#cancelTimer = rt.setTimer(timeoutMs, () => {
        resetSocket(client);
        this.abort('timeout');
      });
    }
  }

  get aborted(): AbortReason | undefined {
    return this.#reason;
  }

  /** Aborts once; listeners run synchronously. */
  abort(reason: AbortReason): void {
    if (this.#reason !== undefined) return;
    this.#reason = reason;
    for (const fn of this.#listeners) fn(reason);
    this.#listeners.clear();
  }

  /** Runs `fn` on abort (at once if already aborted); returns a function that removes it. */
  onAbort(fn: (reason: AbortReason) => void): () => void {
    if (this.#reason !== undefined) {
      fn(this.#reason);
      return () => {};
    }
    this.#listeners.add(fn);
    return () => this.#listeners.delete(fn);
  }

  /** Waits `ms`; resolves true when the time passed, false when the exchange was aborted first. */
  sleep(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      let off = (): void => {};
      const cancel = this.#rt.setTimer(ms, () => {
        off();
        resolve(this.#reason === undefined);
      });
      off = this.onAbort(() => {
        cancel();
        resolve(false);
      });
    });
  }

  /** Resolves when the exchange is aborted (client closed, proxy closed, or time limit). */
  whenAborted(): Promise<AbortReason> {
    return new Promise((resolve) => {
      this.onAbort(resolve);
    });
  }

  /** Stops the timer and the close listener. */
  dispose(): void {
    this.#cancelTimer?.();
    this.#client.off('close', this.#onClose);
    this.#listeners.clear();
  }
}
