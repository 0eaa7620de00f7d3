/**
 * A writable that keeps the bytes it is given in memory and hashes them (MD5 + CRC-64, optionally SHA-256): the
 * in-memory twin of hashing-file-sink.ts, for the small bodies an ephemeral store holds without a file
 * (disk-store.ts) that come through a stream (decoded, copied; an upload's body with nothing to decode is read
 * straight off its request instead: receive-in-memory.ts). It refuses to hold more than its limit, which its caller sets from a length the bytes cannot
 * exceed (Content-Length, a source's size), so the refusal only guards against a caller's mistake.
 */
import { Writable } from 'node:stream';
import { type BodyDigest, BodyHasher } from '../../body/hashing.ts';
import { CosConformanceError, HARNESS_ERROR_CODES } from '../../errors.ts';

/** More bytes arrived than the memory sink was sized for. */
export class MemoryLimitError extends CosConformanceError {
  constructor(limit: number) {
    super(HARNESS_ERROR_CODES.server.memoryLimit, `a body held in memory grew past its ${limit}-byte limit`);
  }
}

export class HashingMemorySink extends Writable {
  readonly #limit: number;
  readonly #hasher: BodyHasher;
  readonly #chunks: Buffer[] = [];
  #size = 0;

  constructor(limit: number, options: { sha256?: boolean } = {}) {
    super({ decodeStrings: true });
    this.#limit = limit;
    this.#hasher = new BodyHasher(options);
  }

  /** Size, MD5 and CRC-64 of the bytes written so far. */
  digest(): BodyDigest {
    return this.#hasher.digest();
  }

  /** Lower-case hex SHA-256 of the bytes, when asked for at construction. */
  sha256Hex(): string | undefined {
    return this.#hasher.sha256Hex();
  }

  /** The bytes written, in one buffer of their own ({@link ownBuffer}). */
  bytes(): Buffer {
    return ownBuffer(this.#chunks, this.#size);
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    if (this.#size + chunk.length > this.#limit) {
      callback(new MemoryLimitError(this.#limit));
      return;
    }
    this.#chunks.push(chunk);
    this.#size += chunk.length;
    this.#hasher.update(chunk);
    callback();
  }
}

/**
 * `chunks` (`size` bytes in all) in one buffer of their own: never a view into a socket read's buffer nor into
 * Node's shared pool, so that the memory a held body keeps alive is exactly its size. A single chunk that already
 * is a buffer of its own is returned as it is (node:http gives each piece of a body a new buffer of its size).
 */
export function ownBuffer(chunks: readonly Buffer[], size: number): Buffer {
  const only = chunks.length === 1 ? chunks[0] : undefined;
  if (only !== undefined && only.byteOffset === 0 && only.buffer.byteLength === only.length) return only;
  const out = Buffer.allocUnsafeSlow(size);
  let at = 0;
  for (const chunk of chunks) at += chunk.copy(out, at);
  return out;
}
