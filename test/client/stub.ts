/** Tiny loopback stub servers for client tests: node:http for HTTP behaviour, node:net for wire bytes. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type Socket } from 'node:net';
import { DEFAULT_TIMEOUTS, type Target, type Timeouts } from '../../src/target/types.ts';

export interface Stub {
  url: string;
  port: number;
  /** Requests seen, in order (method and url). */
  seen: Array<{ method: string; url: string; headers: IncomingMessage['headers'] }>;
  close(): Promise<void>;
}

function closeWith(
  server: Server | ReturnType<typeof createNetServer>,
  sockets: Set<Socket>,
): () => Promise<void> {
  return () =>
    new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      server.close(() => resolve());
    });
}

/** An HTTP stub; `handler` answers every request. */
export async function httpStub(handler: (req: IncomingMessage, res: ServerResponse) => void): Promise<Stub> {
  const sockets = new Set<Socket>();
  const seen: Stub['seen'] = [];
  const server = createServer((req, res) => {
    seen.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers });
    handler(req, res);
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}`, port, seen, close: closeWith(server, sockets) };
}

export interface NetStub {
  url: string;
  port: number;
  /** Everything each connection sent, once it closed or on demand. */
  received: Buffer[];
  close(): Promise<void>;
}

/** A TCP stub: `onConnection` gets each socket; bytes received are collected per connection. */
export async function netStub(
  onConnection: (socket: Socket, received: () => Buffer) => void,
): Promise<NetStub> {
  const sockets = new Set<Socket>();
  const received: Buffer[] = [];
  const server = createNetServer((socket) => {
    sockets.add(socket);
    const index = received.push(Buffer.alloc(0)) - 1;
    socket.on('data', (c: Buffer) => {
      received[index] = Buffer.concat([received[index]!, c]);
    });
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
    onConnection(socket, () => received[index]!);
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
  const port = (server.address() as { port: number }).port;
  return { url: `http://127.0.0.1:${port}`, port, received, close: closeWith(server, sockets) };
}

export const TEST_SECRET_KEY = 'stubSecretKey0123456789abcdefABCDEF';

/** A target pointing at a stub (path-style unless told otherwise). */
export function stubTarget(
  url: string,
  over: Partial<Target> = {},
  timeouts: Partial<Timeouts> = {},
): Target {
  return {
    endpoint: url,
    bucket: 'examplebucket-1250000000',
    region: 'ap-guangzhou',
    addressing: 'path',
    signer: 'cos',
    profile: 'cos',
    credentials: { secretId: 'AKIDSTUB', secretKey: TEST_SECRET_KEY },
    timeouts: { ...DEFAULT_TIMEOUTS, ...timeouts },
    ...over,
  };
}
