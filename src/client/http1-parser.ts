/**
 * A minimal, incremental HTTP/1.1 response parser for the raw-socket path: status line and headers, any number
 * of interim 1xx responses, then a body framed by Content-Length, chunked transfer coding, or connection close
 * (RFC 9112 §6.3). Strict enough to report garbage as a parse error, small enough to audit.
 */
import { CosConformanceError, HARNESS_ERROR_CODES } from '../errors.ts';

/** Bound on a status line plus headers. */
export const MAX_HEAD_BYTES = 64 * 1024;

/** A raw HTTP/1.1 response that cannot be parsed. */
export class HttpParseError extends CosConformanceError {
  constructor(message: string) {
    super(HARNESS_ERROR_CODES.client.httpParse, message);
  }
}

export interface ParsedHead {
  status: number;
  reason: string;
  /** Lower-case names; repeated headers joined with `, `. */
  headers: Record<string, string>;
}

export interface ResponseParserEvents {
  informational?(head: ParsedHead): void;
  head?(head: ParsedHead): void;
  body?(chunk: Buffer): void;
  end?(): void;
}

type State =
  | { kind: 'head' }
  | { kind: 'length'; remaining: number }
  | { kind: 'chunk-size' }
  | { kind: 'chunk-data'; remaining: number }
  | { kind: 'chunk-crlf' }
  | { kind: 'trailers' }
  | { kind: 'until-close' }
  | { kind: 'done' };

const CRLF = Buffer.from('\r\n');

/** Parses one response to a request made with `method` (HEAD responses have no body). */
export class ResponseParser {
  readonly #method: string;
  readonly #events: ResponseParserEvents;
  #buf: Buffer = Buffer.alloc(0);
  #state: State = { kind: 'head' };

  constructor(method: string, events: ResponseParserEvents) {
    this.#method = method.toUpperCase();
    this.#events = events;
  }

  /** True once the final response's body is complete. */
  get done(): boolean {
    return this.#state.kind === 'done';
  }

  /** True once a final (non-1xx) head was parsed. */
  get sawFinalHead(): boolean {
    return this.#state.kind !== 'head';
  }

  /** Feeds bytes; throws {@link HttpParseError} on malformed input. */
  push(chunk: Buffer): void {
    this.#buf = this.#buf.length === 0 ? chunk : Buffer.concat([this.#buf, chunk]);
    this.#drain();
  }

  /**
   * The connection closed: completes a close-delimited body; returns false when the response was cut short
   * (no final head, or a length/chunked body that did not finish).
   */
  close(): boolean {
    if (this.#state.kind === 'until-close') {
      this.#state = { kind: 'done' };
      this.#events.end?.();
      return true;
    }
    return this.#state.kind === 'done';
  }

  #drain(): void {
    for (;;) {
      const st = this.#state;
      switch (st.kind) {
        case 'head': {
          const end = this.#buf.indexOf('\r\n\r\n');
          if (end < 0) {
            if (this.#buf.length > MAX_HEAD_BYTES) throw new HttpParseError('response head too large');
            return;
          }
          const head = parseHead(this.#buf.subarray(0, end).toString('latin1'));
          this.#buf = this.#buf.subarray(end + 4);
          if (head.status >= 100 && head.status < 200 && head.status !== 101) {
            this.#events.informational?.(head);
            continue;
          }
          this.#events.head?.(head);
          this.#state = this.#framing(head);
          if (this.#state.kind === 'done') this.#events.end?.();
          continue;
        }
        case 'length': {
          if (this.#buf.length === 0) return;
          const take = Math.min(st.remaining, this.#buf.length);
          this.#events.body?.(this.#buf.subarray(0, take));
          this.#buf = this.#buf.subarray(take);
          const remaining = st.remaining - take;
          if (remaining === 0) {
            this.#state = { kind: 'done' };
            this.#events.end?.();
          } else {
            this.#state = { kind: 'length', remaining };
          }
          continue;
        }
        case 'chunk-size': {
          const eol = this.#buf.indexOf(CRLF);
          if (eol < 0) {
            if (this.#buf.length > 1024) throw new HttpParseError('chunk size line too long');
            return;
          }
          const line = this.#buf.subarray(0, eol).toString('latin1');
          this.#buf = this.#buf.subarray(eol + 2);
          const sizeText = line.split(';')[0]!.trim();
          if (!/^[0-9a-fA-F]+$/.test(sizeText))
            throw new HttpParseError(`bad chunk size: ${JSON.stringify(line)}`);
          const size = Number.parseInt(sizeText, 16);
          this.#state = size === 0 ? { kind: 'trailers' } : { kind: 'chunk-data', remaining: size };
          continue;
        }
        case 'chunk-data': {
          if (this.#buf.length === 0) return;
          const take = Math.min(st.remaining, this.#buf.length);
          this.#events.body?.(this.#buf.subarray(0, take));
          this.#buf = this.#buf.subarray(take);
          const remaining = st.remaining - take;
          this.#state = remaining === 0 ? { kind: 'chunk-crlf' } : { kind: 'chunk-data', remaining };
          continue;
        }
        case 'chunk-crlf': {
          if (this.#buf.length < 2) return;
          if (this.#buf[0] !== 0x0d || this.#buf[1] !== 0x0a)
            throw new HttpParseError('missing CRLF after chunk');
          this.#buf = this.#buf.subarray(2);
          this.#state = { kind: 'chunk-size' };
          continue;
        }
        case 'trailers': {
          const eol = this.#buf.indexOf(CRLF);
          if (eol < 0) return;
          const line = this.#buf.subarray(0, eol);
          this.#buf = this.#buf.subarray(eol + 2);
          if (line.length === 0) {
            this.#state = { kind: 'done' };
            this.#events.end?.();
          }
          continue;
        }
        case 'until-close': {
          if (this.#buf.length === 0) return;
          this.#events.body?.(this.#buf);
          this.#buf = Buffer.alloc(0);
          return;
        }
        case 'done':
          return;
      }
    }
  }

  #framing(head: ParsedHead): State {
    if (this.#method === 'HEAD' || head.status === 204 || head.status === 304) return { kind: 'done' };
    const te = head.headers['transfer-encoding'];
    if (te !== undefined && /(^|,)\s*chunked\s*$/i.test(te)) return { kind: 'chunk-size' };
    const cl = head.headers['content-length'];
    if (cl !== undefined) {
      if (!/^\d+$/.test(cl.trim())) throw new HttpParseError(`bad content-length: ${JSON.stringify(cl)}`);
      const length = Number(cl.trim());
      return length === 0 ? { kind: 'done' } : { kind: 'length', remaining: length };
    }
    return { kind: 'until-close' };
  }
}

/** Parses a status line and header block (without the blank line). */
export function parseHead(text: string): ParsedHead {
  const lines = text.split('\r\n');
  const statusLine = lines.shift() ?? '';
  const match = /^HTTP\/1\.[01] (\d{3})(?: (.*))?$/.exec(statusLine);
  if (!match) throw new HttpParseError(`bad status line: ${JSON.stringify(statusLine.slice(0, 100))}`);
  const headers: Record<string, string> = {};
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new HttpParseError(`bad header line: ${JSON.stringify(line.slice(0, 100))}`);
    const name = line.slice(0, colon).trim().toLowerCase();
    const value = line.slice(colon + 1).trim();
    headers[name] = headers[name] === undefined ? value : `${headers[name]}, ${value}`;
  }
  return { status: Number(match[1]), reason: match[2] ?? '', headers };
}
