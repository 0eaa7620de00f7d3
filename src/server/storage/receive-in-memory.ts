/**
 * Receiving a small request body into memory straight from the request (the memory target of receive.ts without
 * a sink): the chunks are read off the request into one buffer of the body's own (the chunk itself when the body
 * came in one: node:http gives each piece of a body a new buffer of its exact size), and that buffer is hashed in
 * one pass (MD5, CRC-64 and, when asked, SHA-256: src/body/hashing.ts `digestOf`, the same digests
 * `receiveBody` gives). A small Upload Part usually arrives with its head in one socket read, so by the time
 * the handler runs its bytes are all buffered in the request and are taken without waiting or any event; otherwise
 * (a client waiting for `100 Continue`, a body split across reads) the rest is read as it arrives.
 *
 * Same contract as `receiveBody` (receive.ts) for a memory target: a body that ends early (the client went away) resolves
 * with `complete: false`; more bytes than `limit` reject with {@link MemoryLimitError} (the rest of the body is
 * drained), which only a caller's mistake can cause since `limit` is the Content-Length.
 */
import { hash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { digestOf } from '../../body/hashing.ts';
import { MemoryLimitError } from './hashing-memory-sink.ts';
import type { ReceivedBody, ReceiveOptions } from './receive.ts';

/** A request body: a readable that knows whether its whole message arrived (node:http's `IncomingMessage`). */
export type IncomingBody = Readable & { readonly complete: boolean };

/**
 * Reads `source` whole into memory (at most `limit` bytes) and hashes it. Resolves without waiting when the
 * message is already complete; `source` must not be flowing (nothing else reads it).
 */
export function receiveInMemory(
  source: IncomingBody,
  limit: number,
  options: Pick<ReceiveOptions, 'sha256'> = {},
): Promise<ReceivedBody> {
  const chunks = new HeldChunks(limit);
  chunks.takeBuffered(source);
  if (chunks.overflow === undefined && source.complete) {
    // Everything was buffered: reading past the end lets the stream end ('end') as a piped one would.
    source.read();
    return Promise.resolve(chunks.received(true, options.sha256 === true));
  }
  return new Promise((resolve, reject) => {
    let ended = source.readableEnded;
    const settle = (): void => {
      source.off('data', onData);
      source.off('end', onEnd);
      source.off('close', settle);
      if (chunks.overflow) reject(chunks.overflow);
      else resolve(chunks.received(ended, options.sha256 === true));
    };
    const onData = (chunk: Buffer): void => {
      if (!chunks.add(chunk)) source.off('data', onData);
    };
    const onEnd = (): void => {
      ended = true;
      settle();
    };
    // An error is reported through 'close' without 'end'.
    source.on('error', ignore);
    if (ended || source.destroyed) {
      settle();
      return;
    }
    source.on('data', onData);
    source.once('end', onEnd);
    source.once('close', settle);
    if (chunks.overflow) source.resume();
  });
}

function ignore(): void {}

/** The chunks of one body, bounded by its limit. */
class HeldChunks {
  readonly #limit: number;
  readonly #chunks: Buffer[] = [];
  #size = 0;
  /** Set when more than the limit arrived; later chunks are dropped. */
  overflow: MemoryLimitError | undefined;

  constructor(limit: number) {
    this.#limit = limit;
  }

  /** Takes the chunks the stream holds now. */
  takeBuffered(source: Readable): void {
    let chunk: Buffer | null = source.read();
    while (chunk !== null && this.add(chunk)) chunk = source.read();
  }

  /** Keeps `chunk`; false once past the limit (the chunk is dropped). */
  add(chunk: Buffer): boolean {
    if (this.overflow) return false;
    if (this.#size + chunk.length > this.#limit) {
      this.overflow = new MemoryLimitError(this.#limit);
      return false;
    }
    this.#chunks.push(chunk);
    this.#size += chunk.length;
    return true;
  }

  /**
   * The body in one buffer of its own (never a view into a socket read's buffer nor into Node's shared pool, so
   * that the memory a held body keeps alive is exactly its size), with its digests.
   */
  received(complete: boolean, sha256: boolean): ReceivedBody {
    const bytes = this.#ownBuffer();
    return {
      pending: { kind: 'memory', bytes },
      digest: digestOf(bytes),
      ...(sha256 ? { sha256Hex: hash('sha256', bytes, 'hex') } : {}),
      complete,
    };
  }

  /**
   * A single chunk that already is a buffer of its own is kept as it is (node:http copies each piece of a body out
   * of the socket read into a new buffer of its exact size); otherwise the chunks are copied into a new buffer.
   */
  #ownBuffer(): Buffer {
    const only = this.#chunks.length === 1 ? this.#chunks[0] : undefined;
    if (only !== undefined && only.byteOffset === 0 && only.buffer.byteLength === only.length) return only;
    const bytes = Buffer.allocUnsafeSlow(this.#size);
    let at = 0;
    for (const chunk of this.#chunks) at += chunk.copy(bytes, at);
    return bytes;
  }
}
