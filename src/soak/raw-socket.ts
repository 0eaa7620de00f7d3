/**
 * An unsigned exchange over a bare socket, for bad input no client library will send (a path with `%00`, two
 * Content-Length headers, a head sent a byte at a time): writes the chunks, with a pause between them if asked,
 * and keeps everything the server sends until it closes the connection or `timeoutMs` passes.
 */
import { connect } from 'node:net';

export interface RawSocketResult {
  /** Status of each response the server sent, in order. */
  statuses: number[];
  /** Each response carried a COS error document with a `<Code>`. */
  codes: string[];
  /** The server closed the connection. */
  closed: boolean;
  /** The connection could not be made or broke (the server was killed). */
  broken: boolean;
  /** Milliseconds from connect to the end. */
  ms: number;
}

export async function rawSocketExchange(
  port: number,
  chunks: ReadonlyArray<string | Buffer>,
  options: { pauseMs?: number; timeoutMs: number; halfClose?: boolean },
): Promise<RawSocketResult> {
  const started = Date.now();
  const socket = connect(port, '127.0.0.1');
  let text = '';
  let closed = false;
  let broken = false;
  const finished = new Promise<void>((resolve) => {
    const timer = setTimeout(resolve, options.timeoutMs);
    socket.on('data', (d: Buffer) => {
      text += d.toString('latin1');
    });
    socket.on('error', () => {
      broken = true;
    });
    socket.on('close', () => {
      closed = true;
      clearTimeout(timer);
      resolve();
    });
  });
  for (const chunk of chunks) {
    if (closed || broken) break;
    await new Promise<void>((resolve) => socket.write(chunk, () => resolve()));
    if (options.pauseMs) await new Promise((r) => setTimeout(r, options.pauseMs));
  }
  if (options.halfClose && !closed) socket.end();
  await finished;
  socket.destroy();
  return {
    statuses: [...text.matchAll(/HTTP\/1\.1 (\d{3}) /g)].map((m) => Number(m[1])),
    codes: [...text.matchAll(/<Code>([^<]*)<\/Code>/g)].map((m) => m[1]),
    closed: closed && !broken,
    broken,
    ms: Date.now() - started,
  };
}
