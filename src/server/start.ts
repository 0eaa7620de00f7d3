/**
 * Starting and stopping the reference server: a node:http server on loopback by default, with the
 * `Expect: 100-continue` handshake handled by the server itself ('checkContinue'), so that a request that will
 * be refused (EntityTooLarge, bad signature, NoSuchUpload…) gets its error instead of `100 Continue` and its
 * body is never read.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { behaviourDifferences, resolveBehaviour } from './behaviour.ts';
import { DEFAULT_BUCKET, DEFAULT_REGION, LOCAL_SECRET_ID, LOCAL_SECRET_KEY } from './defaults.ts';
import { HANDLERS } from './handlers/index.ts';
import type { Handler } from './http/context.ts';
import { dispatch } from './http/dispatch.ts';
import { type ParserError, parserErrorHooksOf } from './http/parser-error-hooks.ts';
import { rawErrorResponse } from './http/raw-error.ts';
import type { Operation } from './http/route.ts';
import { resolveTransport } from './http/transport.ts';
import type { RunningServer, ServerOptions } from './options.ts';
import type { ServerState } from './server-state.ts';
import { SERVER_LIMITS } from '../spec/limits.ts';
import { openState } from './state/open.ts';
import { Md5Worker } from './storage/md5-worker.ts';

/** Default interval of Complete's whitespace keep-alive. */
export const DEFAULT_COMPLETE_KEEP_ALIVE_MS = 1000;

/** Starts a reference COS server; resolves once it listens. */
export async function startServer(opts: ServerOptions = {}): Promise<RunningServer> {
  const host = opts.host ?? '127.0.0.1';
  const ownsDataDir = opts.dataDir === undefined;
  const dataDir = opts.dataDir ?? (await mkdtemp(join(tmpdir(), 'cos-reference-')));
  const region = opts.region ?? DEFAULT_REGION;
  const behaviour = resolveBehaviour(opts.behaviour);
  const bucketNames = opts.buckets ?? [DEFAULT_BUCKET];
  // A given data directory is durable: what an earlier server acknowledged there is read back.
  const { store, buckets, uploads, recovered } = await openState(
    dataDir,
    !ownsDataDir,
    bucketNames,
    opts.log,
    opts.memoryBudget,
  );
  if (recovered) {
    const { cleaned } = recovered;
    opts.log?.(
      `recovered ${recovered.buckets.length} buckets, ${recovered.objects.length} objects, ` +
        `${recovered.uploads.length} open uploads (cleaned: ${cleaned.tempFiles} temp files, ` +
        `${cleaned.orphanDataFiles} unreferenced data files, ${cleaned.completedUploads} completed uploads, ` +
        `${cleaned.trash} interrupted removals)`,
    );
  }
  const credentials = opts.credentials ?? [{ secretId: LOCAL_SECRET_ID, secretKey: LOCAL_SECRET_KEY }];
  const temporary = opts.temporaryCredentials ?? [];
  for (const t of temporary) {
    if (credentials.some((c) => c.secretId === t.secretId) || t.securityToken === '') {
      throw new RangeError('a temporary credential needs its own SecretId and a non-empty security token');
    }
  }

  const state: ServerState = {
    behaviour,
    handlers: Object.freeze({ ...HANDLERS, ...definedHandlers(opts) }),
    region,
    secrets: new Map([...credentials, ...temporary].map((c) => [c.secretId, c.secretKey])),
    securityTokens: new Map(temporary.map((t) => [t.secretId, t.securityToken])),
    buckets,
    uploads,
    store,
    md5Worker: new Md5Worker(),
    completeKeepAliveMs: opts.completeKeepAliveMs ?? DEFAULT_COMPLETE_KEEP_ALIVE_MS,
    transport: resolveTransport(opts.transport),
    completeDelayMs: opts.completeDelayMs ?? 0,
    completeLeadingWhitespace: leadingWhitespaceOption(opts.completeLeadingWhitespace),
    withoutOperations: new Set(opts.withoutOperations ?? []),
    ...(opts.log ? { log: opts.log } : {}),
  };

  // No overall request deadline (a 5 GiB part may take long), but a deadline for the head and one for silence.
  const headersTimeout = opts.headersTimeoutMs ?? SERVER_LIMITS.headersTimeoutMs;
  const server = createServer({
    requestTimeout: 0,
    maxHeaderSize: SERVER_LIMITS.maxHeaderBytes,
    headersTimeout,
    connectionsCheckingInterval: Math.min(1000, headersTimeout),
  });
  server.setTimeout(opts.idleTimeoutMs ?? SERVER_LIMITS.idleTimeoutMs);
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  // Socket-level hooks of alternative handlers (mutants): they need the last request of each socket.
  const hooks = parserErrorHooksOf(Object.values(state.handlers));
  const lastRequest = new WeakMap<Socket, IncomingMessage>();
  const handle = (expectContinue: boolean) => (req: IncomingMessage, res: ServerResponse) => {
    if (hooks.length > 0) lastRequest.set(req.socket, req);
    void dispatch(state, req, res, expectContinue);
  };
  server.on('request', handle(false));
  server.on('checkContinue', handle(true));
  server.on('clientError', (err: ParserError, socket: Socket) => {
    state.log?.(`client error ${err.code ?? err.message}`);
    const event = { err, socket, request: lastRequest.get(socket), transport: state.transport };
    if (hooks.some((hook) => hook(event))) return;
    if (socket.writable && err.code !== 'ECONNRESET')
      socket.end(rawErrorResponse(err, state.transport, behaviour.bareShortBodyAnswer));
    else socket.destroy();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : (opts.port ?? 0);
  const urlHost = host.includes(':') ? `[${host}]` : host;

  let closing: Promise<void> | undefined;
  const close = (): Promise<void> => {
    closing ??= (async () => {
      await new Promise<void>((resolve) => {
        server.close(() => resolve());
        for (const socket of sockets) socket.destroy();
        server.closeAllConnections();
      });
      await state.md5Worker.close();
      if (ownsDataDir) await rm(dataDir, { recursive: true, force: true });
    })();
    return closing;
  };

  return {
    url: `http://${urlHost}:${port}`,
    host,
    port,
    dataDir,
    buckets: [...bucketNames],
    region,
    mutations: [
      ...behaviourDifferences(behaviour),
      ...Object.keys(definedHandlers(opts)).map((op) => `handler:${op}`),
    ],
    withoutOperations: [...new Set(opts.withoutOperations ?? [])],
    close,
  };
}

/** The alternative handlers of the options, without undefined entries. */
function definedHandlers(opts: ServerOptions): Partial<Record<Operation, Handler>> {
  return Object.fromEntries(
    Object.entries(opts.handlers ?? {}).filter(([, handler]) => handler !== undefined),
  );
}

/** The `completeLeadingWhitespace` option, checked: only XML whitespace may precede the result. */
function leadingWhitespaceOption(text: string | undefined): string {
  if (text === undefined) return '';
  if (!/^[ \t\r\n]*$/.test(text))
    throw new RangeError('completeLeadingWhitespace must be XML whitespace only');
  return text;
}
