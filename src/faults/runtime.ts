/**
 * What every connection of one proxy shares: the upstream address, the current plan, counters, the log, and the
 * registry of sockets and timers that `close()` tears down.
 */
import type { Socket } from 'node:net';
import { PlanState } from './plan.ts';
import type { AppliedFault, FaultName, FaultPlan, FaultProxyStats } from './types.ts';

const LOG_LIMIT = 10_000;

/** Shared state of one running proxy. */
export class ProxyRuntime {
  readonly upstreamHost: string;
  readonly upstreamPort: number;
  #plan: PlanState;
  #closing = false;
  #seq = 0;
  #accepted = 0;
  readonly #sockets = new Set<Socket>();
  readonly #clients = new Set<Socket>();
  readonly #timers = new Set<NodeJS.Timeout>();
  readonly #byFault: Partial<Record<FaultName, number>> = {};
  readonly #log: AppliedFault[] = [];

  constructor(upstreamHost: string, upstreamPort: number, plan: FaultPlan) {
    this.upstreamHost = upstreamHost;
    this.upstreamPort = upstreamPort;
    this.#plan = new PlanState(plan);
  }

  get plan(): PlanState {
    return this.#plan;
  }

  /** Validates and installs a new plan (budgets restart). */
  setPlan(plan: FaultPlan): void {
    this.#plan = new PlanState(plan);
  }

  get closing(): boolean {
    return this.#closing;
  }

  /** Next global request number, 1-based. */
  nextSeq(): number {
    this.#seq += 1;
    return this.#seq;
  }

  /** Registers an accepted client socket and returns its 1-based connection number. */
  acceptClient(socket: Socket): number {
    this.#accepted += 1;
    this.track(socket);
    this.#clients.add(socket);
    socket.once('close', () => this.#clients.delete(socket));
    return this.#accepted;
  }

  /** Tracks a socket until it closes, so close() can destroy it. */
  track(socket: Socket): void {
    if (this.#closing) {
      socket.destroy();
      return;
    }
    this.#sockets.add(socket);
    socket.once('close', () => this.#sockets.delete(socket));
  }

  /** A timer that close() clears; returns its cancel function. */
  setTimer(ms: number, fn: () => void): () => void {
    const t = setTimeout(() => {
      this.#timers.delete(t);
      fn();
    }, ms);
    this.#timers.add(t);
    return () => {
      clearTimeout(t);
      this.#timers.delete(t);
    };
  }

  /** Adds a log entry (the entry object stays live: later fields are filled in place). */
  record(entry: AppliedFault): void {
    this.#byFault[entry.fault] = (this.#byFault[entry.fault] ?? 0) + 1;
    this.#log.push(entry);
    if (this.#log.length > LOG_LIMIT) this.#log.splice(0, this.#log.length - LOG_LIMIT);
  }

  stats(): FaultProxyStats {
    return {
      connections: { accepted: this.#accepted, open: this.#clients.size },
      requests: this.#seq,
      byFault: { ...this.#byFault },
      log: this.#log.map((appliedFault) => ({ ...appliedFault })),
    };
  }

  /** Destroys every tracked socket and clears every timer; later sockets are destroyed on arrival. */
  shutdown(): void {
    this.#closing = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    for (const s of this.#sockets) s.destroy();
    this.#sockets.clear();
    this.#clients.clear();
  }
}
