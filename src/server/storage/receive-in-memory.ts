/**
 * Receiving a small request body into memory straight from the request (the memory target of receive.ts without
 * a sink or a pipe): the chunks are read off the request into one buffer of the body's own (the chunk itself when
 * the body came in one: node:http gives each piece of a body a new buffer of its exact size), and that buffer is
 * hashed in one pass (MD5, CRC-64 and, when asked, SHA-256: src/body/hashing.ts `digestOf`, the same digests
 * `receiveBody` gives). A body that came in the same socket read as its head is all buffered by the time the
 * handler runs and is taken at once; otherwise (a body written after its head, a client waiting for
 * `100 Continue`) it is taken as it arrives, through listeners shared by every request.
 *
 * Same contract as `receiveBody` (receive.ts) for a memory target: a body that ends early (the client went away)
 * resolves with `complete: false`; more bytes than `limit` reject with {@link MemoryLimitError} (the rest of the
 * body is drained), which only a caller's mistake can cause since `limit` is the Content-Length.
 */
import { hash } from 'node:crypto';
import type { Readable } from 'node:stream';
import { digestOf } from '../../body/hashing.ts';
import { MemoryLimitError, ownBuffer } from './hashing-memory-sink.ts';
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
  const chunks = new HeldChunks(limit, options.sha256 === true);
  chunks.takeBuffered(source);
  // Everything was buffered (the last read, past the end, lets the stream end as a piped one would).
  if (source.complete) return chunks.outcome(true);
  // An error is reported through 'close' without the message being complete.
  source.on('error', ignore);
  if (source.destroyed) return chunks.outcome(false);
  // The listeners are shared functions finding their body through WAITING: no closures per request.
  WAITING.set(source, chunks);
  source.on('readable', onReadable);
  source.on('close', onClose);
  return chunks.waiting();
}

/** The bodies being waited for, by their request. */
const WAITING = new WeakMap<Readable, HeldChunks>();

function ignore(): void {}

/** More of a body arrived, or its end: takes what is buffered; settles once the message is complete. */
function onReadable(this: IncomingBody): void {
  const chunks = WAITING.get(this);
  if (chunks === undefined) return;
  chunks.takeBuffered(this);
  if (this.complete) finish(this, chunks, true);
}

/** The request closed: complete only if its whole message had arrived. */
function onClose(this: IncomingBody): void {
  const chunks = WAITING.get(this);
  if (chunks === undefined) return;
  chunks.takeBuffered(this);
  finish(this, chunks, this.complete);
}

function finish(source: IncomingBody, chunks: HeldChunks, complete: boolean): void {
  WAITING.delete(source);
  source.off('readable', onReadable);
  source.off('close', onClose);
  chunks.settle(complete);
}

/** The chunks of one body, bounded by its limit. */
class HeldChunks {
  readonly #limit: number;
  readonly #sha256: boolean;
  readonly #chunks: Buffer[] = [];
  #size = 0;
  /** Set when more than the limit arrived; later chunks are read and dropped. */
  overflow: MemoryLimitError | undefined;
  #resolve: ((received: ReceivedBody) => void) | undefined;
  #reject: ((error: Error) => void) | undefined;

  constructor(limit: number, sha256: boolean) {
    this.#limit = limit;
    this.#sha256 = sha256;
  }

  /** Takes (or, past the limit, drops) the chunks the stream holds now. */
  takeBuffered(source: Readable): void {
    let chunk: Buffer | null = source.read();
    while (chunk !== null) {
      this.add(chunk);
      chunk = source.read();
    }
  }

  /** A promise {@link settle} settles. */
  waiting(): Promise<ReceivedBody> {
    return new Promise((resolve, reject) => {
      this.#resolve = resolve;
      this.#reject = reject;
    });
  }

  /** The outcome now: the body (complete or not), or the overflow. */
  outcome(complete: boolean): Promise<ReceivedBody> {
    return this.overflow ? Promise.reject(this.overflow) : Promise.resolve(this.received(complete));
  }

  /** Settles the promise of {@link waiting} with the outcome. */
  settle(complete: boolean): void {
    if (this.overflow) this.#reject?.(this.overflow);
    else this.#resolve?.(this.received(complete));
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

  /** The body in one buffer of its own ({@link ownBuffer}), with its digests. */
  received(complete: boolean): ReceivedBody {
    const bytes = ownBuffer(this.#chunks, this.#size);
    const received: ReceivedBody = { pending: { kind: 'memory', bytes }, digest: digestOf(bytes), complete };
    if (this.#sha256) received.sha256Hex = hash('sha256', bytes, 'hex');
    return received;
  }
}
