/**
 * Where an HTTP/1.1 message body ends (RFC 9112 §6.3), fed incrementally from the wire. The proxy uses it to keep
 * request boundaries on a keep-alive connection and to know how much of a response body it has forwarded.
 */
import { header, headerHasToken, type RequestHead, type ResponseHead } from './http-head.ts';
import { CosConformanceError, HARNESS_ERROR_CODES } from '../errors.ts';

/** What one `feed` call found: `used` leading bytes belong to this body; `payload` is their decoded content. */
export interface FeedResult {
  readonly used: number;
  readonly payload: readonly Buffer[];
  readonly done: boolean;
}

/** An incremental body delimiter. */
export interface BodyFramer {
  /** `length`: Content-Length; `chunked`; `close`: the body ends when the connection does; `none`: no body. */
  readonly kind: 'length' | 'chunked' | 'close' | 'none';
  /** Body length on the wire when known in advance (length and none), else undefined. */
  readonly wireLength: number | undefined;
  readonly done: boolean;
  feed(buf: Buffer): FeedResult;
}

/** Thrown when a head's framing headers cannot be honoured (bad Content-Length, unknown coding). */
export class FramingError extends CosConformanceError {
  constructor(message: string) {
    super(HARNESS_ERROR_CODES.faultProxy.badFraming, message);
  }
}

class NoBody implements BodyFramer {
  readonly kind = 'none';
  readonly wireLength = 0;
  readonly done = true;
  feed(): FeedResult {
    return { used: 0, payload: [], done: true };
  }
}

class LengthBody implements BodyFramer {
  readonly kind = 'length';
  #left: number;
  constructor(readonly wireLength: number) {
    this.#left = wireLength;
  }
  get done(): boolean {
    return this.#left === 0;
  }
  feed(buf: Buffer): FeedResult {
    const used = Math.min(this.#left, buf.length);
    this.#left -= used;
    return { used, payload: used > 0 ? [buf.subarray(0, used)] : [], done: this.#left === 0 };
  }
}

class CloseBody implements BodyFramer {
  readonly kind = 'close';
  readonly wireLength = undefined;
  readonly done = false;
  feed(buf: Buffer): FeedResult {
    return { used: buf.length, payload: buf.length > 0 ? [buf] : [], done: false };
  }
}

const MAX_LINE = 4096;

/** Chunked transfer coding (RFC 9112 §7.1): size line, data, CRLF, …, last chunk, trailers, empty line. */
class ChunkedBody implements BodyFramer {
  readonly kind = 'chunked';
  readonly wireLength = undefined;
  #state: 'size' | 'data' | 'data-crlf' | 'trailer' | 'done' = 'size';
  #line = '';
  #left = 0;
  get done(): boolean {
    return this.#state === 'done';
  }
  feed(buf: Buffer): FeedResult {
    const payload: Buffer[] = [];
    let index = 0;
    while (index < buf.length && this.#state !== 'done') {
      if (this.#state === 'data') {
        const n = Math.min(this.#left, buf.length - index);
        payload.push(buf.subarray(index, index + n));
        index += n;
        this.#left -= n;
        if (this.#left === 0) this.#state = 'data-crlf';
        continue;
      }
      const byte = buf[index++];
      if (byte !== 0x0a) {
        this.#line += String.fromCharCode(byte);
        if (this.#line.length > MAX_LINE) throw new FramingError('chunk line too long');
        continue;
      }
      const line = this.#line.replace(/\r$/, '');
      this.#line = '';
      this.#onLine(line);
    }
    return { used: index, payload, done: this.#state === 'done' };
  }
  #onLine(line: string): void {
    if (this.#state === 'data-crlf') {
      if (line !== '') throw new FramingError('chunk data not followed by CRLF');
      this.#state = 'size';
    } else if (this.#state === 'size') {
      const match = /^([0-9a-fA-F]+)(?:\s*;.*)?$/.exec(line);
      if (!match) throw new FramingError(`bad chunk size line ${JSON.stringify(line.slice(0, 40))}`);
      this.#left = Number.parseInt(match[1], 16);
      this.#state = this.#left === 0 ? 'trailer' : 'data';
    } else if (this.#state === 'trailer' && line === '') {
      this.#state = 'done';
    }
  }
}

function lengthFrom(head: RequestHead | ResponseHead): number | undefined {
  const value = header(head, 'content-length');
  if (value === undefined) return undefined;
  const parts = value.split(',').map((s) => s.trim());
  if (!parts.every((p) => /^\d{1,16}$/.test(p)) || new Set(parts).size !== 1) {
    throw new FramingError(`bad Content-Length ${JSON.stringify(value.slice(0, 40))}`);
  }
  return Number(parts[0]);
}

function isChunked(head: RequestHead | ResponseHead): boolean | undefined {
  const te = header(head, 'transfer-encoding');
  if (te === undefined) return undefined;
  const codings = te
    .toLowerCase()
    .split(',')
    .map((s) => s.trim());
  return codings[codings.length - 1] === 'chunked' || headerHasToken(head, 'transfer-encoding', 'chunked');
}

/** A body that ends when the connection closes (also the fallback for a response whose framing is broken). */
export function closeDelimited(): BodyFramer {
  return new CloseBody();
}

/** The body framer of a request (RFC 9112 §6.3 rules 4–6): chunked, Content-Length, or no body. */
export function requestFramer(head: RequestHead): BodyFramer {
  const chunked = isChunked(head);
  if (chunked === false) throw new FramingError('request Transfer-Encoding without chunked');
  if (chunked) return new ChunkedBody();
  const length = lengthFrom(head);
  return length === undefined || length === 0 ? new NoBody() : new LengthBody(length);
}

/** The body framer of a response to `method` (RFC 9112 §6.3 rules 1–3, 7). */
export function responseFramer(method: string, head: ResponseHead): BodyFramer {
  if (head.status === 101) return new CloseBody();
  if (method === 'HEAD' || head.status === 204 || head.status === 304 || head.status < 200)
    return new NoBody();
  const chunked = isChunked(head);
  if (chunked === true) return new ChunkedBody();
  if (chunked === false) return new CloseBody();
  const length = lengthFrom(head);
  if (length === undefined) return new CloseBody();
  return length === 0 ? new NoBody() : new LengthBody(length);
}
