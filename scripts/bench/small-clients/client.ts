/**
 * What a small-parts client is to the bench: built for a target in a child process of its own
 * (scripts/bench/small-parts-child.ts), it sends one Upload Part and resolves once it was answered 200.
 */
import type { Target } from '../../../src/target/types.ts';
import { BenchRequestError } from '../request-error.ts';

/** The small-parts workload: `count` Upload Part requests of `bytes` bytes, `concurrency` at a time. */
export interface SmallPartsLoad {
  count: number;
  bytes: number;
  concurrency: number;
}

/** Sends part `n` (1-based) of `uploadId` and resolves once it was answered 200. */
export type SendPart = (uploadId: string, n: number, body: Buffer) => Promise<void>;

/** A client under test, opened for one target: how to send a part, and how to close it. */
export interface OpenedClient {
  send: SendPart;
  close(): Promise<void>;
}

/** How to open a client under test for a target (the key `bench/small-parts` of its bucket). */
export type OpenClient = (target: Target, load: SmallPartsLoad) => OpenedClient;

/**
 * How long a client keeps an idle socket, ms. The clients take turns (small-parts.ts), so each idles while the
 * others run their pass, and on a busy machine that can outlast the server's keep-alive (Node's 5 s, announced as
 * `Keep-Alive: timeout=5`): a request sent on a socket the server is closing fails with ECONNRESET. undici (the
 * harness and the bare loop) drops an idle socket 1 s before the announced timeout by itself; the SDKs' Node agents
 * keep idle sockets forever unless given this timeout, which gives them the same rule.
 */
export const IDLE_SOCKET_MS = 4000;

/** The key every client sends its parts to (each on an upload of its own). */
export const SMALL_PARTS_KEY = 'bench/small-parts';

/** Throws unless `status` is 200. */
export function expect200(what: string, status: number | undefined): void {
  if (status !== 200) throw new BenchRequestError(`${what}: HTTP ${status ?? 'none'}`);
}
