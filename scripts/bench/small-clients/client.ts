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

/** The key every client sends its parts to (each on an upload of its own). */
export const SMALL_PARTS_KEY = 'bench/small-parts';

/** Throws unless `status` is 200. */
export function expect200(what: string, status: number | undefined): void {
  if (status !== 200) throw new BenchRequestError(`${what}: HTTP ${status ?? 'none'}`);
}
