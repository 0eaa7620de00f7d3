/** Everything a handler may use besides its request: rules, stores and settings of one running server. */
import type { Behaviour } from './behaviour.ts';
import type { Handler } from './http/context.ts';
import type { TransportChoices } from './http/transport.ts';
import type { Operation } from './http/route.ts';
import type { BucketRegistry } from './state/buckets.ts';
import type { UploadRegistry } from './state/uploads.ts';
import type { DiskStore } from './storage/disk-store.ts';
import type { Md5Worker } from './storage/md5-worker.ts';

export interface ServerState {
  readonly behaviour: Readonly<Behaviour>;
  /** The handler of each operation: the conformant one unless a mutant gave an alternative. */
  readonly handlers: Readonly<Record<Operation, Handler>>;
  /** Region used in `Location` of Complete (spec §2.5). */
  readonly region: string;
  /** SecretId → SecretKey (permanent and temporary keys). */
  readonly secrets: ReadonlyMap<string, string>;
  /** SecretId of a temporary key → its security token (spec §6.6); a secret, never logged. */
  readonly securityTokens: ReadonlyMap<string, string>;
  readonly buckets: BucketRegistry;
  readonly uploads: UploadRegistry;
  readonly store: DiskStore;
  /** The worker thread hashing big bodies' MD5 (started at the first one, stopped with the server). */
  readonly md5Worker: Md5Worker;
  /** Interval of the whitespace keep-alive of Complete (spec §2.5). */
  readonly completeKeepAliveMs: number;
  /** Header case, body framing, unsolicited `100 Continue`, error document shape (conformant variants). */
  readonly transport: Readonly<TransportChoices>;
  /** Operations answered 405 MethodNotAllowed as if not implemented (a stripped server; empty by default). */
  readonly withoutOperations: ReadonlySet<Operation>;
  /** Test hook: wait this long before assembling a completed object. */
  readonly completeDelayMs: number;
  /** Whitespace written at once on every Complete 200 (empty: none). */
  readonly completeLeadingWhitespace: string;
  /** One line per request (never a secret or a signature). */
  readonly log?: (line: string) => void;
}
