/** The options and handle of a running reference server. */
import type { Behaviour } from './behaviour.ts';
import type { Handler } from './http/context.ts';
import type { TransportChoices } from './http/transport.ts';
import type { Operation } from './http/route.ts';

export interface ServerCredential {
  secretId: string;
  secretKey: string;
}

/** A temporary key pair and the security token it must be used with (spec §6.6). */
export interface TemporaryCredential extends ServerCredential {
  securityToken: string;
}

export interface ServerOptions {
  /** Interface to listen on; default `127.0.0.1`. */
  host?: string;
  /** Port; 0 (default) picks a free one. */
  port?: number;
  /**
   * Where bytes are stored; default a fresh temp directory, removed on close, with metadata in memory only. A
   * given directory is kept and durable: metadata is written there too, flushed before each answer, and read
   * back by the next server started on it (src/server/storage/journal.ts).
   */
  dataDir?: string;
  /**
   * Without a data directory: most bytes of small bodies (up to 1 MiB each) held in memory at once instead of in
   * files; default 64 MiB (src/server/storage/disk-store.ts); 0 writes every body to a file. A data directory
   * always writes files.
   */
  memoryBudget?: number;
  /** Buckets created at start; default `[DEFAULT_BUCKET]`. */
  buckets?: string[];
  /** Accepted key pairs; default the local pair of src/server/defaults.ts. */
  credentials?: ServerCredential[];
  /**
   * Temporary key pairs, accepted only with their security token (`x-cos-security-token` / `x-amz-security-token`,
   * header or presigned-URL query); default none. Their SecretIds must differ from the permanent ones.
   */
  temporaryCredentials?: TemporaryCredential[];
  /** Region in `Location` of Complete results; default `DEFAULT_REGION`. */
  region?: string;
  /** Rule overrides over {@link CONFORMANT_BEHAVIOUR} (mutants). */
  behaviour?: Partial<Behaviour>;
  /**
   * Alternative handlers of operations (mutants, src/server/mutants/handlers): a broken procedure, such as a
   * torn overwrite, in place of the conformant handler of src/server/handlers. Default: none.
   */
  handlers?: Partial<Record<Operation, Handler>>;
  /**
   * A stripped server: these operations answer as on an endpoint that lacks them, `405 MethodNotAllowed` with
   * the COS error document, after the signature check and before anything else (default: none, the conformant
   * server). 405 rather than 501 NotImplemented because that is what a server whose router has no such route
   * answers (s3rver on Abort, and this server itself for a method a resource does not take); 501 is kept for
   * sub-resources that are not implemented at all.
   */
  withoutOperations?: readonly Operation[];
  /** Interval of the whitespace Complete streams while assembling (spec §2.5); default 1000 ms. */
  completeKeepAliveMs?: number;
  /** Transport choices over the default ones (conformant variants: header case, framing, 100 Continue, …). */
  transport?: Partial<TransportChoices>;
  /** Test hook: delay before a Complete assembles, to make the keep-alive observable; default 0. */
  completeDelayMs?: number;
  /**
   * Whitespace written as soon as a Complete's 200 starts, before any keep-alive tick, so that every Complete
   * result, even a fast one, is preceded by it (spec §2.5); only XML whitespace (space, tab, CR, LF). Default none.
   */
  completeLeadingWhitespace?: string;
  /** Deadline for a request's head (slow clients get 400 RequestTimeout); default SERVER_LIMITS.headersTimeoutMs. */
  headersTimeoutMs?: number;
  /** A connection silent for this long is closed; default SERVER_LIMITS.idleTimeoutMs. */
  idleTimeoutMs?: number;
  /** Receives one line per request and server events; never secrets or signatures. */
  log?: (line: string) => void;
}

export interface RunningServer {
  /** `http://<host>:<port>`. */
  url: string;
  host: string;
  port: number;
  dataDir: string;
  /** Buckets that existed at start. */
  buckets: string[];
  region: string;
  /**
   * Names of the behaviour fields that differ from the conformant server, then `handler:<operation>` for each
   * alternative handler (empty for the real thing).
   */
  mutations: string[];
  /** Operations this server answers 405 to ({@link ServerOptions.withoutOperations}; empty for the real thing). */
  withoutOperations: Operation[];
  /** Stops listening, closes every socket and (for a temp data dir) removes it. Idempotent. */
  close(): Promise<void>;
}
