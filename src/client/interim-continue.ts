/**
 * Tolerating an interim `100 Continue` the client did not ask for (RFC 9110 §15.2: "A client MUST be able to
 * parse one or more 1xx responses received prior to a final response, even if the client does not expect one").
 *
 * Root cause: undici 7's HTTP/1.1 client never sends `Expect: 100-continue` (it refuses the header) and treats
 * any `100` head as a broken server: `onHeadersComplete` destroys the socket with `SocketError('bad response')`
 * before the final response is read (lib/dispatcher/client-h1.js; other 1xx codes pass). There is no option to
 * change that, and an interceptor or dispatch handler never sees the 100: the socket is gone first. Re-sending the
 * request (through the raw path or otherwise) would be a silent retry of a request the server has already
 * carried out — a second upload, a second Complete — so it is not an option for this harness either.
 *
 * Fix: a connector (undici's own {@link buildConnector}, same timeouts and TLS) whose sockets drop interim
 * `100` responses from the bytes they hand to undici's parser; everything else reaches undici unchanged. To know
 * where a response head may start, the filter follows HTTP/1.1 message framing (RFC 9112 §6.3: HEAD, 204 and
 * 304 have no body; chunked; Content-Length; else until close) with the request method taken from undici's
 * documented `undici:client:sendHeaders` diagnostics channel, published just before a request's head is written
 * to the socket. A byte sequence inside a body is never mistaken for a head; anything the filter cannot frame
 * (a malformed head, an upgrade, a body delimited by close) is passed through untouched from there on, so undici
 * still judges it. The filter hooks the socket's `push` (how a net/TLS socket delivers what it read), so the
 * socket undici gets is the real one: timeouts, keep-alive, `destroy` and errors behave exactly as before.
 */
import { subscribe } from 'node:diagnostics_channel';
import type { Socket } from 'node:net';
import { buildConnector } from 'undici';
import { type ParsedHead, parseHead } from './http1-parser.ts';

/** Bound on a response head the filter waits for before giving up and passing bytes through. */
const MAX_HEAD_BYTES = 64 * 1024;
/** Bound on a chunk-size line (with extensions). */
const MAX_CHUNK_LINE = 4096;

const EMPTY = Buffer.alloc(0);
/** The end of a head; searched as bytes (a string needle is converted on every search). */
const HEAD_END = Buffer.from('\r\n\r\n', 'latin1');
/** A final status line (2xx-5xx): the filter then needs only the head's framing headers. */
const STATUS_LINE = /^HTTP\/1\.[01] [2-9]\d\d[ \r]/;
/** The header lines that frame a body; name matched case-insensitively (RFC 9110 §5.1), whitespace as parseHead. */
const FRAMING_LINE = /\r\n[ \t]*(content-length|transfer-encoding)[ \t]*:([^\r]*)/gi;

/** The two framing headers of a head, repeated ones joined with `, ` as {@link parseHead} does. */
type FramingHeaders = { 'content-length'?: string; 'transfer-encoding'?: string };

/** Only the framing headers of a head's text (status line and header lines, no final CRLFCRLF). */
function framingHeaders(text: string): FramingHeaders {
  const out: FramingHeaders = {};
  // exec on the one global regexp (matchAll would copy it per head).
  FRAMING_LINE.lastIndex = 0;
  for (let m = FRAMING_LINE.exec(text); m !== null; m = FRAMING_LINE.exec(text)) {
    const name = m[1]!.toLowerCase() as keyof FramingHeaders;
    const value = m[2]!.trim();
    const prev = out[name];
    out[name] = prev === undefined ? value : `${prev}, ${value}`;
  }
  return out;
}

type State =
  | { kind: 'head' }
  | { kind: 'length'; remaining: number }
  | { kind: 'chunk-size' }
  | { kind: 'chunk-data'; remaining: number }
  | { kind: 'chunk-crlf' }
  | { kind: 'trailers' }
  /** Everything from here on goes through unchanged (close-delimited body, upgrade, unparsable head). */
  | { kind: 'opaque' };

/** Drops interim `100` responses from one connection's response bytes. */
export class InterimContinueFilter {
  readonly #methods: string[] = [];
  #state: State = { kind: 'head' };
  #held: Buffer = EMPTY;
  /** How many `100` heads were dropped. */
  dropped = 0;

  /** A request with `method` was written: the next final response answers it. */
  requestSent(method: string): void {
    this.#methods.push(method.toUpperCase());
  }

  /** The bytes of `chunk` (after any held back) that undici should see now. */
  write(chunk: Buffer): Buffer {
    if (this.#held.length === 0 && this.#state.kind === 'head' && this.#isOneFinalResponse(chunk))
      return chunk;
    let buf = this.#held.length === 0 ? chunk : Buffer.concat([this.#held, chunk]);
    this.#held = EMPTY;
    const out: Buffer[] = [];
    const pass = (byteCount: number) => {
      out.push(buf.subarray(0, byteCount));
      buf = buf.subarray(byteCount);
    };
    while (buf.length > 0) {
      const st = this.#state;
      if (st.kind === 'opaque') {
        pass(buf.length);
      } else if (st.kind === 'head') {
        const end = buf.indexOf('\r\n\r\n');
        if (end < 0) {
          if (buf.length > MAX_HEAD_BYTES) this.#state = { kind: 'opaque' };
          else break;
          continue;
        }
        // Common path: a final (non-1xx) head is only scanned for its framing headers, never parsed in full.
        if (end >= 12 && buf[9] !== 0x31 && STATUS_LINE.test(buf.toString('latin1', 0, 13))) {
          const text = buf.toString('latin1', 0, end);
          pass(end + 4);
          this.#state = this.#framing(Number(text.slice(9, 12)), framingHeaders(text));
          continue;
        }
        let head: ParsedHead;
        try {
          head = parseHead(buf.subarray(0, end).toString('latin1'));
        } catch {
          this.#state = { kind: 'opaque' };
          continue;
        }
        if (head.status === 100) {
          buf = buf.subarray(end + 4);
          this.dropped += 1;
          continue;
        }
        pass(end + 4);
        if (head.status === 101) this.#state = { kind: 'opaque' };
        else if (head.status >= 200) this.#state = this.#framing(head.status, head.headers);
      } else if (st.kind === 'length') {
        const byteCount = Math.min(st.remaining, buf.length);
        pass(byteCount);
        this.#state =
          st.remaining === byteCount
            ? { kind: 'head' }
            : { kind: 'length', remaining: st.remaining - byteCount };
      } else if (st.kind === 'chunk-data') {
        const byteCount = Math.min(st.remaining, buf.length);
        pass(byteCount);
        this.#state =
          st.remaining === byteCount
            ? { kind: 'chunk-crlf' }
            : { kind: 'chunk-data', remaining: st.remaining - byteCount };
      } else if (st.kind === 'chunk-crlf') {
        if (buf.length < 2) break;
        this.#state = buf[0] === 0x0d && buf[1] === 0x0a ? { kind: 'chunk-size' } : { kind: 'opaque' };
        pass(2);
      } else {
        // chunk-size or trailers: one CRLF-terminated line.
        const eol = buf.indexOf('\r\n');
        if (eol < 0) {
          if (buf.length > MAX_CHUNK_LINE) this.#state = { kind: 'opaque' };
          else break;
          continue;
        }
        const line = buf.subarray(0, eol).toString('latin1');
        pass(eol + 2);
        if (st.kind === 'trailers') {
          if (line.length === 0) this.#state = { kind: 'head' };
        } else {
          const size = line.split(';')[0]!.trim();
          if (!/^[0-9a-fA-F]+$/.test(size)) this.#state = { kind: 'opaque' };
          else {
            const chunkSize = Number.parseInt(size, 16);
            this.#state =
              chunkSize === 0 ? { kind: 'trailers' } : { kind: 'chunk-data', remaining: chunkSize };
          }
        }
      }
    }
    this.#held = buf;
    return out.length === 1 ? out[0]! : Buffer.concat(out);
  }

  /** The connection's read side ended: whatever was held back (an incomplete head or line), for undici to judge. */
  end(): Buffer {
    const rest = this.#held;
    this.#held = EMPTY;
    this.#state = { kind: 'opaque' };
    return rest;
  }

  #framing(status: number, headers: FramingHeaders): State {
    return framingState(this.#methods.shift() ?? 'GET', status, headers);
  }

  /**
   * The common case, settled without the general loop: `chunk` (nothing held, a head expected) is exactly one
   * final response, its head and the whole Content-Length body (or none). Then it passes as it is, the next thing
   * expected is a head again, and the request it answered is done; otherwise nothing changed.
   */
  #isOneFinalResponse(chunk: Buffer): boolean {
    const end = chunk.indexOf(HEAD_END);
    if (end < 12 || chunk[9] === 0x31) return false;
    // The head and the CR after it in one string (the status line may end right there): one conversion, not two.
    const text = chunk.toString('latin1', 0, end + 1);
    if (!STATUS_LINE.test(text)) return false;
    const next = framingState(this.#methods[0] ?? 'GET', Number(text.slice(9, 12)), framingHeaders(text));
    const bodyBytes = next.kind === 'head' ? 0 : next.kind === 'length' ? next.remaining : -1;
    if (end + 4 + bodyBytes !== chunk.length || bodyBytes < 0) return false;
    this.#methods.shift();
    return true;
  }
}

/** What follows a final response head to a request with `method` (RFC 9112 §6.3). */
function framingState(method: string, status: number, headers: FramingHeaders): State {
  if (method === 'HEAD' || status === 204 || status === 304) return { kind: 'head' };
  const te = headers['transfer-encoding'];
  if (te !== undefined) return /(^|,)\s*chunked\s*$/i.test(te) ? { kind: 'chunk-size' } : { kind: 'opaque' };
  const cl = headers['content-length'];
  if (cl === undefined) return { kind: 'opaque' };
  if (!/^\d+$/.test(cl.trim())) return { kind: 'opaque' };
  const length = Number(cl.trim());
  return length === 0 ? { kind: 'head' } : { kind: 'length', remaining: length };
}

/** The filter of each socket made by {@link continueTolerantConnector}. */
const filters = new WeakMap<object, InterimContinueFilter>();

subscribe('undici:client:sendHeaders', (message) => {
  const { request, socket } = message as { request?: { method?: string }; socket?: object };
  if (socket && request?.method) filters.get(socket)?.requestSent(request.method);
});

/** Puts an {@link InterimContinueFilter} between a connected socket and its readers. */
export function filterInterimContinue(socket: Socket): InterimContinueFilter {
  const filter = new InterimContinueFilter();
  filters.set(socket, filter);
  const push = socket.push.bind(socket);
  socket.push = (chunk: unknown, encoding?: BufferEncoding): boolean => {
    if (chunk === null) {
      const rest = filter.end();
      if (rest.length > 0) push(rest);
      return push(null);
    }
    const bytes = Buffer.isBuffer(chunk) ? chunk : Buffer.from(chunk as string, encoding);
    // An empty push is harmless: it adds nothing and keeps the stream reading.
    return push(filter.write(bytes));
  };
  return filter;
}

/** undici's connector with `options`, whose sockets tolerate unsolicited `100 Continue` (see the file comment). */
export function continueTolerantConnector(options: buildConnector.BuildOptions): buildConnector.connector {
  const connect = buildConnector(options);
  return (opts, callback) => {
    connect(opts, (...args) => {
      const [err, socket] = args;
      if (err === null) filterInterimContinue(socket);
      callback(...args);
    });
  };
}
