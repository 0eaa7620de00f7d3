/**
 * The fault catalogue as data: what each fault does on the wire, what the client sees, how much of the request
 * reaches the server, and what a correct harness must make of the step it hits. End-to-end tests assert against
 * this table; the CLI lists it.
 *
 * Classification rule (docs/architecture.md "Checks and outcomes", Jepsen's ok/fail/info): a step whose answer is lost or unreadable
 * is `indeterminate` when the operation may have changed server state (the write may or may not have happened),
 * and `error` when it only reads (nothing is in doubt, the endpoint just failed to answer). No fault may ever be
 * judged `pass` or `fail` — a fault is not evidence about a spec rule — and none may crash the run.
 */
import type { Outcome } from '../checks/types.ts';
import { type CosOpName, MUTATING_OPS } from './cos-op.ts';
import type { FaultName } from './types.ts';

/** What a harness must conclude for the step a fault hit; `unchanged`: the fault is transparent to the verdict. */
export type FaultVerdict = 'indeterminate' | 'error' | 'unchanged';

/** One row of the catalogue. */
export interface FaultFact {
  /** What the proxy does. */
  readonly summary: string;
  /** What an undici client observes (error codes or response), with the harness's transport code in brackets. */
  readonly clientSees: string;
  /** How much of the request the upstream receives by default. */
  readonly reachesUpstream: 'none' | 'partial' | 'all';
  /** Whether the proxy reads the whole request body by default. */
  readonly requestBodyConsumed: boolean;
  /** Verdict for a step whose operation may change state (Upload Part, Initiate, Complete, Abort, Put, Delete). */
  readonly onWrite: FaultVerdict;
  /** Verdict for a read-only step (List Parts, List Multipart Uploads, Get, Head). */
  readonly onRead: FaultVerdict;
  /** Outcomes an end-to-end test should accept for a step hit by the fault (both are never pass/fail verdicts). */
  readonly accept: readonly Outcome[];
  /** Why. */
  readonly rationale: string;
}

const LOST: readonly Outcome[] = ['indeterminate', 'error'];

/** The catalogue, one row per {@link FaultName}. */
export const FAULTS: Readonly<Record<FaultName, FaultFact>> = {
  pass: {
    summary:
      'Forward request and response untouched (the control: the suite must behave as without the proxy).',
    clientSees: 'the upstream answer',
    reachesUpstream: 'all',
    requestBodyConsumed: true,
    onWrite: 'unchanged',
    onRead: 'unchanged',
    accept: ['pass', 'fail', 'indeterminate', 'error', 'skip'],
    rationale: 'No fault: the verdict is whatever the checks decide.',
  },
  'reset-mid-request-body': {
    summary:
      'Forward the head and half the body (afterBodyBytes), then reset the client (RST) and end the upstream (FIN). ' +
      'With no body, reset right after the head.',
    clientSees: 'ECONNRESET or EPIPE while sending [ECONNRESET/EPIPE]; rarely UND_ERR_SOCKET [SOCKET_CLOSED]',
    reachesUpstream: 'partial',
    requestBodyConsumed: false,
    onWrite: 'indeterminate',
    onRead: 'error',
    accept: LOST,
    rationale:
      'The server got a truncated body: a conformant server stores nothing, but the client cannot tell whether an ' +
      'earlier copy of the part or the new one is in place (spec §2.2 overwrite rule [D7750]); only a later ' +
      'List Parts settles it. For a read the request simply failed.',
  },
  'reset-mid-response': {
    summary:
      'Forward the request whole; deliver the head and half the body (afterBytes counts head bytes too), then reset. ' +
      'On an empty body (Upload Part 200) the reset falls inside the head.',
    clientSees: 'ECONNRESET before or while reading the response [ECONNRESET]',
    reachesUpstream: 'all',
    requestBodyConsumed: true,
    onWrite: 'indeterminate',
    onRead: 'error',
    accept: LOST,
    rationale:
      'The server completed the operation but its answer was lost: the classic indeterminate write (Jepsen :info). ' +
      'The model must keep both possibilities until a final List Parts.',
  },
  'stall-response': {
    summary:
      'Forward the request (forward: false swallows it) and never answer; the proxy resets the connection after ' +
      'holdMs (default faultTimeoutMs) if the client has not given up.',
    clientSees:
      'headers timeout [HEADERS_TIMEOUT] (UND_ERR_HEADERS_TIMEOUT); ECONNRESET if the hold ends first',
    reachesUpstream: 'all',
    requestBodyConsumed: true,
    onWrite: 'indeterminate',
    onRead: 'error',
    accept: LOST,
    rationale: 'A timeout says nothing about whether the server acted; by default it did act.',
  },
  'truncated-response': {
    summary:
      'Forward; deliver the head with the full Content-Length and half the body (bodyBytes), then close (FIN). ' +
      'On an empty body the close falls inside the head.',
    clientSees: 'status and headers, then a body error "other side closed" [SOCKET_CLOSED] (UND_ERR_SOCKET)',
    reachesUpstream: 'all',
    requestBodyConsumed: true,
    onWrite: 'indeterminate',
    onRead: 'error',
    accept: LOST,
    rationale:
      'A 200 head without its body is not an answer: Complete Multipart Upload answers 200 at once and may put an ' +
      'error in the body (spec §2.5 [D7742]), and an unreadable Initiate leaves an upload whose id is unknown.',
  },
  'status-500-xml': {
    summary:
      'Answer 500 InternalError as COS error XML with x-cos-request-id and x-cos-trace-id (spec §4.1, §1.3), ' +
      'without forwarding. The body is read first unless consumeBody: false.',
    clientSees: '500 with <Error><Code>InternalError</Code>…</Error>',
    reachesUpstream: 'none',
    requestBodyConsumed: true,
    onWrite: 'indeterminate',
    onRead: 'error',
    accept: LOST,
    rationale:
      'InternalError means "try again" (spec §4.2): the server does not promise that nothing happened (a 500 can ' +
      'come from a front tier after the back end stored the part), so a write is in doubt; the step is never a ' +
      'spec failure of the rule under test. Here the proxy did not forward, so the server state is in fact unchanged.',
  },
  'status-503-xml': {
    summary:
      'Answer 503 ServiceUnavailable (or code: SlowDown) as COS error XML with x-cos-request-id, without forwarding.',
    clientSees: '503 with <Error><Code>ServiceUnavailable</Code>…</Error>',
    reachesUpstream: 'none',
    requestBodyConsumed: true,
    onWrite: 'error',
    onRead: 'error',
    accept: LOST,
    rationale:
      'ServiceUnavailable/SlowDown is a refusal to take the request (spec §4.2; SDKs retry it): the endpoint failed, ' +
      'not the rule. A harness that still treats the write as in doubt (indeterminate) is also correct.',
  },
  'status-500-empty': {
    summary:
      'Answer 500 with no body and no x-cos-request-id (as a load balancer would), without forwarding.',
    clientSees: '500, Content-Length: 0, no x-cos-request-id',
    reachesUpstream: 'none',
    requestBodyConsumed: true,
    onWrite: 'indeterminate',
    onRead: 'error',
    accept: LOST,
    rationale:
      'No COS error document and no request id: the answer did not come from COS (spec §4.4: SDKs treat it as a ' +
      'network error). Whether the back end acted is unknown.',
  },
  'status-503-empty': {
    summary: 'Answer 503 with no body and no x-cos-request-id, without forwarding.',
    clientSees: '503, Content-Length: 0, no x-cos-request-id',
    reachesUpstream: 'none',
    requestBodyConsumed: true,
    onWrite: 'indeterminate',
    onRead: 'error',
    accept: LOST,
    rationale:
      'As status-500-empty: a bodiless 5xx from something in front of COS says nothing about the back end.',
  },
  'malformed-xml': {
    summary:
      'Forward; replace a 2xx XML body with a document cut at a tag boundary near its middle plus a broken tag, ' +
      'with a matching Content-Length. Empty or non-XML bodies (Upload Part 200, Get Object) pass untouched.',
    clientSees: 'the upstream status and headers, a body that is not well-formed XML',
    reachesUpstream: 'all',
    requestBodyConsumed: true,
    onWrite: 'indeterminate',
    onRead: 'error',
    accept: LOST,
    rationale:
      'The server acted (2xx) but the result is unreadable: an Initiate whose UploadId cannot be parsed leaves an ' +
      'upload the run must still abort (list and sweep); a lenient parser that returns a partial List Parts must not ' +
      'be trusted, or the harness would report a wrong fail.',
  },
  'trickle-response': {
    summary:
      'Forward; deliver the response chunkBytes at a time, intervalMs apart (the head at once unless scope: all or ' +
      'the body is empty). Complete but slow; an interval above the client body timeout makes it time out.',
    clientSees:
      'the full answer, late; or a body/headers timeout [BODY_TIMEOUT/HEADERS_TIMEOUT] when too slow',
    reachesUpstream: 'all',
    requestBodyConsumed: true,
    onWrite: 'unchanged',
    onRead: 'unchanged',
    accept: ['pass', 'fail', 'indeterminate', 'error', 'skip'],
    rationale:
      'Slow but complete is not a fault of the rule: the verdict must be the same as without the proxy. When the ' +
      'client times out, classify as stall-response: indeterminate for a write, error for a read.',
  },
};

/** Whether an operation may change server state (see {@link MUTATING_OPS}). */
export function isMutating(op: CosOpName): boolean {
  return MUTATING_OPS.has(op);
}

/**
 * The verdict a correct harness gives a step of operation `op` hit by `fault`. `timedOut`: the client gave up
 * (only changes `trickle-response`, which then behaves like `stall-response`).
 */
export function expectedVerdict(
  fault: FaultName,
  op: CosOpName,
  options: { timedOut?: boolean } = {},
): FaultVerdict {
  const row = fault === 'trickle-response' && options.timedOut ? FAULTS['stall-response'] : FAULTS[fault];
  return isMutating(op) ? row.onWrite : row.onRead;
}
