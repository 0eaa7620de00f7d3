/**
 * Streams a request body to its target while hashing it (MD5 + CRC-64 in one pass, src/body/hashing.ts, and
 * SHA-256 when a SigV4 payload hash must be checked): a new file, each chunk hashed while its disk write runs
 * (hashing-file-sink.ts), or, for a small body of an ephemeral store, memory (hashing-memory-sink.ts; the store
 * chooses, disk-store.ts). A big body's MD5 is computed on the server's worker thread when one is given
 * (md5-worker.ts: from {@link MD5_WORKER_MIN_BYTES} declared bytes). A file target buffers nothing beyond the
 * stream's high-water marks, so memory stays flat whatever the part size (docs/architecture.md "Big parts stream").
 *
 * A body that ends early (the client closed the connection before Content-Length bytes) does not throw: the
 * result says `complete: false`, and the caller decides (the conformant server discards it, spec §4.3).
 */
import { once } from 'node:events';
import type { Readable } from 'node:stream';
import type { BodyDigest } from '../../body/hashing.ts';
import { HashingFileSink } from './hashing-file-sink.ts';
import { HashingMemorySink } from './hashing-memory-sink.ts';
import { MD5_WORKER_MIN_BYTES, type Md5Worker } from './md5-worker.ts';

/** Where a body goes while it is received: a new file (it must not exist), or memory up to `limit` bytes. */
export type BodyTarget =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'memory'; readonly limit: number };

/** Received bytes not yet stored: the file they were written to, or the buffer holding them. */
export type PendingBody =
  | { readonly kind: 'file'; readonly path: string }
  | { readonly kind: 'memory'; readonly bytes: Buffer };

export interface ReceivedBody {
  /** The bytes received (a file target's file exists even when receiving failed half-way). */
  pending: PendingBody;
  /** Size, MD5 and CRC-64 of the bytes received. */
  digest: BodyDigest;
  /** Lower-case hex SHA-256 of the bytes, when asked for. */
  sha256Hex?: string;
  /** False when the source ended before its end (client went away, socket error). */
  complete: boolean;
}

/** How to hash a received body. */
export interface ReceiveOptions {
  /** Also compute the SHA-256. */
  sha256?: boolean;
  /** The server's MD5 worker: used for a file target of at least {@link MD5_WORKER_MIN_BYTES} `expectedSize`. */
  md5Worker?: Md5Worker;
  /** The body's declared length, if known. */
  expectedSize?: number | undefined;
}

/**
 * Writes `source` to `target` (a path: a new file there). Rejects only on a local write error (or a memory target
 * given more than its limit, or the MD5 worker failing); a file target's file may then exist.
 */
export async function receiveBody(
  source: Readable,
  target: BodyTarget | string,
  options: ReceiveOptions = {},
): Promise<ReceivedBody> {
  const to: BodyTarget = typeof target === 'string' ? { kind: 'file', path: target } : target;
  const { sink, pending } = sinkFor(to, options);
  const sinkDone = once(sink, 'close');
  let ended = false;
  let writeError: Error | undefined;
  sink.on('error', (err) => {
    writeError = err;
    source.unpipe();
    source.resume();
  });
  source.once('end', () => {
    ended = true;
  });
  source.on('error', () => {
    // Reported through 'close' without 'end' below.
  });
  // Ended by hand when the source closes early (pipe() does not end it then).
  source.once('close', () => {
    if (!ended) sink.end();
  });
  source.pipe(sink);
  if (source.destroyed && !ended) sink.end();
  await sinkDone.catch(() => undefined);
  if (writeError) throw writeError;
  const sha256Hex = sink.sha256Hex();
  return {
    pending: pending(),
    digest: sink.digest(),
    ...(sha256Hex !== undefined ? { sha256Hex } : {}),
    complete: ended,
  };
}

/** The sink of `to`, and how to name what it received once it has closed. */
function sinkFor(
  to: BodyTarget,
  options: ReceiveOptions,
): { sink: HashingFileSink | HashingMemorySink; pending(): PendingBody } {
  const { sha256 } = options;
  if (to.kind === 'file') {
    const big = (options.expectedSize ?? 0) >= MD5_WORKER_MIN_BYTES;
    const md5Worker = big ? options.md5Worker : undefined;
    return {
      sink: new HashingFileSink(to.path, { sha256, md5Worker }),
      pending: () => ({ kind: 'file', path: to.path }),
    };
  }
  const sink = new HashingMemorySink(to.limit, { sha256 });
  return { sink, pending: () => ({ kind: 'memory', bytes: sink.bytes() }) };
}
