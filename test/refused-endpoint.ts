/**
 * An http origin on loopback where nothing listens, for tests of a refused connection. The port is one just freed on
 * 127.0.0.2: the servers of the tests running beside it listen on 127.0.0.1 and may take a port freed there before
 * the client connects (a test then got an answer, 403, instead of a refusal).
 */
import { createServer } from 'node:net';

/** The loopback address no test server listens on. */
export const UNUSED_LOOPBACK = '127.0.0.2';

/** `http://127.0.0.2:<port>` for a port that was just listened on and closed. */
export async function refusedEndpoint(): Promise<{ url: string; port: number }> {
  const port = await new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, UNUSED_LOOPBACK, () => {
      const { port: p } = server.address() as { port: number };
      server.close(() => resolve(p));
    });
  });
  return { url: `http://${UNUSED_LOOPBACK}:${port}`, port };
}
