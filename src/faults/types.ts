/**
 * The fault proxy's vocabulary: fault names and their parameters, the plan that picks a fault per request, and
 * what the proxy reports. Plain data except for the optional predicate in a rule.
 */
import type { CosOpName } from './cos-op.ts';

/** Every fault the proxy can inject, in catalogue order (see `FAULTS` in catalogue.ts). */
export const FAULT_NAMES = [
  'pass',
  'reset-mid-request-body',
  'reset-mid-response',
  'stall-response',
  'truncated-response',
  'status-500-xml',
  'status-503-xml',
  'status-500-empty',
  'status-503-empty',
  'malformed-xml',
  'trickle-response',
] as const;

export type FaultName = (typeof FAULT_NAMES)[number];

/** Forward untouched. */
export interface PassFault {
  readonly name: 'pass';
}

/** Forward the head and `afterBodyBytes` of the request body, then reset the client and end the upstream. */
export interface ResetMidRequestBodyFault {
  readonly name: 'reset-mid-request-body';
  /** Body bytes (as on the wire) forwarded before the cut. Default: half the Content-Length (half the first chunk when chunked). */
  readonly afterBodyBytes?: number;
}

/** Forward the request; deliver `afterBytes` of the response (head included), then reset the client. */
export interface ResetMidResponseFault {
  readonly name: 'reset-mid-response';
  /** Response bytes delivered, head included. Default: the whole head and half the body; half the head when the body is empty. */
  readonly afterBytes?: number;
}

/** Accept the request and never answer. */
export interface StallResponseFault {
  readonly name: 'stall-response';
  /** Forward the request upstream (the server acts, the answer is withheld). Default true; false swallows it. */
  readonly forward?: boolean;
  /** How long the proxy holds the connection before resetting it itself. Default: the plan's `faultTimeoutMs`. */
  readonly holdMs?: number;
}

/** Forward; deliver the head (with the full Content-Length) and `bodyBytes` of the body, then close (FIN). */
export interface TruncatedResponseFault {
  readonly name: 'truncated-response';
  /** Body bytes delivered. Default half. On an empty body (Upload Part's 200) the cut falls in the head. */
  readonly bodyBytes?: number;
}

/** Answer with a 5xx from the proxy itself; the request is never forwarded. */
export interface StatusFault {
  readonly name: 'status-500-xml' | 'status-503-xml' | 'status-500-empty' | 'status-503-empty';
  /**
   * Read the whole request body before answering (default true): the connection stays usable, like a server that
   * reads then fails. false: answer right after the head with `Connection: close`, then discard input and close.
   */
  readonly consumeBody?: boolean;
  /** Error code in the XML body (xml variants). Default `InternalError` (500) / `ServiceUnavailable` (503). */
  readonly code?: string;
  /** Send `x-cos-request-id` / `x-cos-trace-id`. Default true for xml variants, false for empty ones (spec §4.4). */
  readonly requestId?: boolean;
}

/** Forward; replace a 2xx XML body with a broken document and a matching Content-Length. */
export interface MalformedXmlFault {
  readonly name: 'malformed-xml';
}

/** Forward; deliver the response a few bytes at a time. */
export interface TrickleResponseFault {
  readonly name: 'trickle-response';
  /** Bytes per write. Default 16. */
  readonly chunkBytes?: number;
  /** Pause between writes. Default 20 ms; make it longer than the client's body timeout to make it time out. */
  readonly intervalMs?: number;
  /** `body` (default): head at once, body trickled (the head too when the body is empty); `all`: head too. */
  readonly scope?: 'body' | 'all';
}

/** A fault with its parameters. */
export type FaultSpec =
  | PassFault
  | ResetMidRequestBodyFault
  | ResetMidResponseFault
  | StallResponseFault
  | TruncatedResponseFault
  | StatusFault
  | MalformedXmlFault
  | TrickleResponseFault;

/** What a plan's predicates see of a request. Headers are lower-cased; never log them (Authorization). */
export interface ProxiedRequest {
  /** 1-based number of the request among all requests through the proxy. */
  readonly seq: number;
  /** 1-based number of the client connection. */
  readonly connection: number;
  readonly method: string;
  /** Request target as sent. */
  readonly target: string;
  /** Path without the query, percent-encoded as sent. */
  readonly path: string;
  /** Decoded query; repeated keys keep the last value. */
  readonly query: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string>>;
  readonly op: CosOpName;
  /** Content-Length of the request, when sent. */
  readonly contentLength?: number;
}

/** A declarative request predicate; every given field must hold. */
export interface RequestMatch {
  /** COS operation(s), e.g. `uploadPart`. */
  readonly op?: CosOpName | readonly CosOpName[];
  /** HTTP method(s), case-insensitive. */
  readonly method?: string | readonly string[];
  /** Path: exact string or regular expression. */
  readonly path?: string | RegExp;
  /** Query parameters (keys case-insensitive): `true` means present, a string means equal. */
  readonly query?: Readonly<Record<string, string | true>>;
  /** Global request number(s) through the proxy, 1-based. */
  readonly nth?: number | readonly number[];
}

/** One rule of a plan. The first rule that matches and still has budget picks the fault. */
export interface FaultRule {
  readonly fault: FaultName | FaultSpec;
  /** Which requests the rule considers; absent means all. */
  readonly match?: RequestMatch | ((req: ProxiedRequest) => boolean);
  /** Let the first `skip` matching requests through to later rules (to hit "the 3rd Upload Part": skip 2). */
  readonly skip?: number;
  /** Apply to at most `times` requests, then let later rules decide. Absent: unlimited. */
  readonly times?: number;
}

/** Per-request fault selection. */
export interface FaultPlan {
  readonly rules: readonly FaultRule[];
  /** Fault for requests no rule takes. Default `pass`. */
  readonly otherwise?: FaultName | FaultSpec;
  /** Upper bound on any single fault (stall hold, trickle, drain, waiting for a cut point). Default 60 000 ms. */
  readonly faultTimeoutMs?: number;
}

/** What happened to one request, in the proxy's log. Query values of signature/token parameters are redacted. */
export interface AppliedFault {
  readonly seq: number;
  readonly connection: number;
  readonly method: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly op: CosOpName;
  readonly fault: FaultName;
  /** Index of the plan rule that chose the fault; absent when `otherwise` did. */
  readonly rule?: number;
  /** How much of the request reached the upstream. */
  forwarded: 'none' | 'partial' | 'all';
  /** Whether the proxy read the whole request body (forwarded or discarded). */
  requestBodyConsumed: boolean;
  /** Upstream's response status, when one was read. */
  upstreamStatus?: number;
  /** Status the client was sent in full or in part, if any. */
  clientStatus?: number;
  /** How the fault was actually carried out when it had to adapt (e.g. cut inside the head). */
  note?: string;
  readonly startedAt: string;
  durationMs?: number;
}

/** Counters and the per-request log. */
export interface FaultProxyStats {
  readonly connections: { readonly accepted: number; readonly open: number };
  /** Requests whose head was read. */
  readonly requests: number;
  /** Requests per fault applied. */
  readonly byFault: Readonly<Partial<Record<FaultName, number>>>;
  /** Most recent entries (up to 10 000), oldest first. */
  readonly log: readonly AppliedFault[];
}

export interface StartFaultProxyOptions {
  /** Upstream origin, `http://host:port` (plain HTTP). */
  readonly upstream: string;
  readonly plan: FaultPlan;
  /** Port on 127.0.0.1; default 0 (any free port). */
  readonly port?: number;
}

/** A running proxy. */
export interface FaultProxy {
  /** `http://127.0.0.1:<port>`: point the client's endpoint here. */
  readonly url: string;
  readonly port: number;
  /** Snapshot of counters and log. */
  stats(): FaultProxyStats;
  /** Replaces the plan for requests read from now on; rule budgets (skip/times) restart. */
  setPlan(plan: FaultPlan): void;
  /** Heals every fault (Jepsen's final generator): from now on every request passes untouched. */
  heal(): void;
  /** Stops listening and destroys every socket and timer; idempotent. */
  close(): Promise<void>;
}
