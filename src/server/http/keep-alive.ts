/**
 * The whitespace keep-alive of Complete (spec §2.5 [D7742]): the 200 and its headers go out at once with a
 * chunked body, a space is written every interval while the object is being assembled, and the result (or an
 * error document) is the last chunk. Clients must trim leading whitespace before parsing.
 *
 * Sized (the `sized` framing of a conformant variant): the same body, whitespace included, is held back and sent
 * whole with a Content-Length once the result is known — another framing of the same response.
 */
import type { ServerResponse } from 'node:http';

export interface KeepAlive {
  /** Stops the whitespace and ends the response with `text`. */
  finish(text: string): void;
}

/** How the keep-alive body is written. */
export interface KeepAliveOptions {
  /** Whitespace written at once, before any interval passes (empty: none). */
  leading?: string;
  /** Hold the body back and send it whole with a Content-Length (default: chunked, flushed at once). */
  sized?: boolean;
}

/**
 * Starts a 200 `application/xml` response that gets `leading` at once, then `' '` every `intervalMs` (0 or less:
 * never): chunked and flushed at once, or (`sized`) buffered and sent with its length by {@link KeepAlive.finish}.
 */
export function startKeepAlive(
  res: ServerResponse,
  intervalMs: number,
  headers: Record<string, string | undefined>,
  options: KeepAliveOptions = {},
): KeepAlive {
  const sized = options.sized ?? false;
  const leading = options.leading ?? '';
  res.statusCode = 200;
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) res.setHeader(name, value);
  res.setHeader('Content-Type', 'application/xml');
  let held = '';
  if (sized) held = leading;
  else {
    res.flushHeaders();
    if (leading !== '') res.write(leading);
  }
  const timer =
    intervalMs > 0
      ? setInterval(() => {
          if (sized) held += ' ';
          else if (!res.writableEnded && !res.destroyed) res.write(' ');
        }, intervalMs)
      : undefined;
  return {
    finish(text: string): void {
      if (timer) clearInterval(timer);
      if (res.writableEnded || res.destroyed) return;
      if (!sized) {
        res.end(text);
        return;
      }
      const payload = Buffer.from(held + text, 'utf8');
      res.setHeader('Content-Length', payload.length);
      res.end(payload);
    },
  };
}
