/**
 * One client connection: read a request head, let the plan pick a fault, carry it out, repeat while the
 * connection stays usable. Bytes that are not HTTP/1.x are tunnelled to the upstream untouched, so raw-socket
 * wire tests still reach the server.
 */
import type { Socket } from 'node:net';
import { answerWithStatus, stallWithoutForwarding } from './answer.ts';
import { classifyCosOp } from './cos-op.ts';
import { type ExchangeContext, type ExchangeEnd, MAX_HEAD_BYTES } from './exchange-context.ts';
import { type BodyFramer, requestFramer } from './framing.ts';
import { forwardExchange } from './forward.ts';
import { ExchangeGuard } from './guard.ts';
import { header, type RequestHead, parseRequestHead } from './http-head.ts';
import type { ProxyRuntime } from './runtime.ts';
import { SocketReader, writeAll } from './socket-io.ts';
import type { AppliedFault, FaultSpec, ProxiedRequest } from './types.ts';
import { connectUpstream } from './upstream.ts';

/** How long a closing connection keeps reading (and dropping) input so the client can read the last answer. */
const LINGER_MS = 2_000;

const SECRET_QUERY = /signature|security-token|^sign$/i;

function splitTarget(target: string): { path: string; search: string } {
  let text = target;
  const abs = /^https?:\/\/[^/?#]*/i.exec(text);
  if (abs) text = text.slice(abs[0].length) || '/';
  const queryAt = text.indexOf('?');
  return queryAt < 0
    ? { path: text, search: '' }
    : { path: text.slice(0, queryAt), search: text.slice(queryAt + 1) };
}

/** Builds what the plan's predicates see of a request. */
export function describeRequest(head: RequestHead, seq: number, connection: number): ProxiedRequest {
  const { path, search } = splitTarget(head.target);
  const query: Record<string, string> = {};
  for (const [k, value] of new URLSearchParams(search)) query[k] = value;
  const headers: Record<string, string> = {};
  for (const [name] of head.lines) headers[name.toLowerCase()] ??= header(head, name) ?? '';
  const keys = new Set(Object.keys(query).map((key) => key.toLowerCase()));
  const copy = headers['x-cos-copy-source'] !== undefined || headers['x-amz-copy-source'] !== undefined;
  const cl = headers['content-length'];
  return {
    seq,
    connection,
    method: head.method,
    target: head.target,
    path,
    query,
    headers,
    op: classifyCosOp(head.method, path, keys, copy),
    contentLength: cl !== undefined && /^\d+$/.test(cl) ? Number(cl) : undefined,
  };
}

function redactedQuery(query: Readonly<Record<string, string>>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(query)) out[key] = SECRET_QUERY.test(key) ? '<redacted>' : value;
  return out;
}

function newEntry(req: ProxiedRequest, spec: FaultSpec, rule: number | undefined): AppliedFault {
  return {
    seq: req.seq,
    connection: req.connection,
    method: req.method,
    path: req.path,
    query: redactedQuery(req.query),
    op: req.op,
    fault: spec.name,
    ...(rule === undefined ? {} : { rule }),
    forwarded: 'none',
    requestBodyConsumed: false,
    startedAt: new Date().toISOString(),
  };
}

function timeLimit(rt: ProxyRuntime, spec: FaultSpec): number | undefined {
  if (spec.name === 'pass') return undefined;
  if (spec.name === 'stall-response') return spec.holdMs ?? rt.plan.faultTimeoutMs;
  return rt.plan.faultTimeoutMs;
}

async function carryOut(ctx: ExchangeContext): Promise<ExchangeEnd> {
  const { spec } = ctx;
  switch (spec.name) {
    case 'status-500-xml':
    case 'status-503-xml':
    case 'status-500-empty':
    case 'status-503-empty':
      return answerWithStatus(ctx, spec);
    case 'stall-response':
      return spec.forward === false ? stallWithoutForwarding(ctx) : forwardExchange(ctx);
    default:
      return forwardExchange(ctx);
  }
}

/** Ends the connection gracefully: FIN, then drop input until the client closes or the linger time passes. */
async function lingerClose(rt: ProxyRuntime, client: Socket, reader: SocketReader): Promise<void> {
  if (client.destroyed) return;
  client.end();
  const cancel = rt.setTimer(LINGER_MS, () => client.destroy());
  while ((await reader.read()) !== null) {
    // dropped
  }
  cancel();
  client.destroy();
}

/** Relays bytes both ways untouched until either side closes (for input that is not HTTP/1.x). */
async function tunnel(
  rt: ProxyRuntime,
  client: Socket,
  reader: SocketReader,
  pending: Buffer,
  seq: number,
  conn: number,
) {
  const entry: AppliedFault = {
    seq,
    connection: conn,
    method: '?',
    path: '?',
    query: {},
    op: 'other',
    fault: 'pass',
    forwarded: 'all',
    requestBodyConsumed: false,
    note: 'not an HTTP/1.x request head: tunnelled untouched',
    startedAt: new Date().toISOString(),
  };
  rt.record(entry);
  const guard = new ExchangeGuard(rt, client, undefined);
  const up = await connectUpstream(rt, guard);
  guard.dispose();
  if (typeof up === 'string') {
    entry.note = `${entry.note}; upstream unreachable (${up})`;
    client.destroy();
    return;
  }
  const upReader = new SocketReader(up);
  const relay = async (from: SocketReader, to: Socket, first?: Buffer): Promise<void> => {
    if (first && !(await writeAll(to, first))) return;
    for (let chunk = await from.read(); chunk !== null; chunk = await from.read())
      if (!(await writeAll(to, chunk))) return;
    if (!to.destroyed) to.end();
  };
  const toUp = relay(reader, up, pending);
  const toClient = relay(upReader, client);
  await Promise.race([toUp, toClient]);
  const cancel = rt.setTimer(LINGER_MS, () => {
    up.destroy();
    client.destroy();
  });
  await Promise.all([toUp, toClient]);
  cancel();
  up.destroy();
  client.destroy();
}

/** Serves one accepted client connection until it closes. */
export async function serveConnection(rt: ProxyRuntime, client: Socket, conn: number): Promise<void> {
  const reader = new SocketReader(client);
  try {
    for (;;) {
      const got = await reader.readHead(MAX_HEAD_BYTES);
      if ('eof' in got) break;
      const seq = rt.nextSeq();
      const head = 'head' in got ? parseRequestHead(got.head) : undefined;
      let framer: BodyFramer | undefined;
      try {
        framer = head ? requestFramer(head) : undefined;
      } catch {
        framer = undefined;
      }
      if (!head || !framer) {
        await tunnel(rt, client, reader, 'head' in got ? got.head : got.partial, seq, conn);
        return;
      }
      const req = describeRequest(head, seq, conn);
      const choice = rt.plan.choose(req);
      const entry = newEntry(req, choice.spec, choice.rule);
      rt.record(entry);
      const started = performance.now();
      const guard = new ExchangeGuard(rt, client, timeLimit(rt, choice.spec));
      let end: ExchangeEnd;
      try {
        end = await carryOut({ rt, client, reader, head, framer, spec: choice.spec, entry, guard });
      } finally {
        guard.dispose();
        entry.durationMs = Math.round(performance.now() - started);
      }
      if (end === 'gone' || client.destroyed) return;
      if (end === 'close') break;
    }
    await lingerClose(rt, client, reader);
  } finally {
    client.destroy();
  }
}
