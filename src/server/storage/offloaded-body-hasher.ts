/**
 * The file sink's hasher for a big body: the same digests as `BodyHasher` (src/body/hashing.ts), but the MD5 is
 * computed on the server's MD5 worker (md5-worker.ts) while this thread computes the CRC-64 (and the SHA-256 when
 * asked for). Its digest is known only once {@link OffloadedBodyHasher.finish} has resolved.
 */
import { createHash, type Hash } from 'node:crypto';
import { Crc64 } from '../../body/crc64.ts';
import { type BodyDigest, bodyDigest } from '../../body/hashing.ts';
import { type Md5Stream, type Md5Worker, Md5WorkerError } from './md5-worker.ts';

export class OffloadedBodyHasher {
  readonly #md5: Md5Stream;
  readonly #crc = new Crc64();
  readonly #sha: Hash | undefined;
  #size = 0;
  #md5Hex: string | undefined;

  constructor(worker: Md5Worker, options: { sha256?: boolean } = {}) {
    this.#md5 = worker.open();
    this.#sha = options.sha256 ? createHash('sha256') : undefined;
  }

  /** Hashes `chunk`; it must not change until {@link ready} has no wait (the MD5 may still need to copy it). */
  update(chunk: Uint8Array): void {
    this.#md5.update(chunk);
    this.#crc.update(chunk);
    this.#sha?.update(chunk);
    this.#size += chunk.length;
  }

  /** Undefined when more may be hashed now, else a promise that settles once the worker has caught up. */
  ready(): Promise<void> | undefined {
    return this.#md5.ready();
  }

  /** Ends the body: resolves once its MD5 is known, rejects with {@link Md5WorkerError} if the worker failed. */
  async finish(): Promise<void> {
    this.#md5Hex = await this.#md5.finish();
  }

  /** Abandons the body (nothing is waited for any more). */
  abort(): void {
    this.#md5.abort();
  }

  /** Lower-case hex SHA-256 of everything fed, when asked for at construction; ends the SHA-256. */
  sha256Hex(): string | undefined {
    return this.#sha?.digest('hex');
  }

  /** Digests of the body; throws {@link Md5WorkerError} before {@link finish} has resolved. */
  digest(): BodyDigest {
    if (this.#md5Hex === undefined)
      throw new Md5WorkerError('the MD5 of a body is known once it has finished');
    return bodyDigest(this.#size, Buffer.from(this.#md5Hex, 'hex'), this.#crc);
  }
}
