/**
 * A TCP proxy in front of a reference server, for the cleanup and secrets tests: it counts (and can hand over) the
 * bytes clients send (so a test can act in the middle of a large part, or search what went on the wire) and can vanish (every connection destroyed, the port closed), as an
 * endpoint that goes away mid-run.
 */
import { createConnection, createServer, type Server, type Socket } from 'node:net';

export interface ByteProxy {
  url: string;
  /** Bytes sent by clients so far. */
  readonly bytesUp: number;
  /** Destroys every connection and stops listening. */
  vanish(): Promise<void>;
}

/** `onUp` sees every chunk a client sends (tests that search the wire for secrets keep them). */
export async function startByteProxy(
  targetPort: number,
  options: { onUp?: (chunk: Buffer) => void } = {},
): Promise<ByteProxy> {
  const sockets = new Set<Socket>();
  let bytesUp = 0;
  const server: Server = createServer((client) => {
    const upstream = createConnection({ host: '127.0.0.1', port: targetPort });
    sockets.add(client).add(upstream);
    client.on('data', (chunk: Buffer) => {
      bytesUp += chunk.length;
      options.onUp?.(chunk);
    });
    client.pipe(upstream).pipe(client);
    const drop = () => {
      client.destroy();
      upstream.destroy();
      sockets.delete(client);
      sockets.delete(upstream);
    };
    client.on('error', drop).on('close', drop);
    upstream.on('error', drop).on('close', drop);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  if (address === null || typeof address === 'string') throw new Error('proxy has no port');
  return {
    url: `http://127.0.0.1:${address.port}`,
    get bytesUp() {
      return bytesUp;
    },
    async vanish() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      for (const s of sockets) s.destroy();
      await closed;
    },
  };
}
