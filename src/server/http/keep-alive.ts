/**
 * The whitespace keep-alive of Complete (spec §2.5 [D7742]): the 200 and its headers go out at once with a
 * chunked body, a space is written every interval while the object is being assembled, and the result (or an
 * error document) is the last chunk. Clients must trim leading whitespace before parsing.
 */
import type { ServerResponse } from 'node:http';

export interface KeepAlive {
  /** Stops the whitespace and ends the response with `text`. */
  finish(text: string): void;
}

/**
 * Starts a chunked 200 `application/xml` response that writes `leading` at once, then `' '` every `intervalMs`
 * (0 or less: never).
 */
export function startKeepAlive(
  res: ServerResponse,
  intervalMs: number,
  headers: Record<string, string | undefined>,
  leading = '',
): KeepAlive {
  res.statusCode = 200;
  for (const [name, value] of Object.entries(headers)) if (value !== undefined) res.setHeader(name, value);
  res.setHeader('Content-Type', 'application/xml');
  res.flushHeaders();
  if (leading !== '') res.write(leading);
  const timer =
    intervalMs > 0
      ? setInterval(() => {
          if (!res.writableEnded && !res.destroyed) res.write(' ');
        }, intervalMs)
      : undefined;
  return {
    finish(text: string): void {
      if (timer) clearInterval(timer);
      if (!res.writableEnded && !res.destroyed) res.end(text);
    },
  };
}
