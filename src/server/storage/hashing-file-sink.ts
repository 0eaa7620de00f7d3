/**
 * A writable that stores bytes in a new file and hashes them (MD5 + CRC-64, optionally SHA-256), issuing each
 * disk write before hashing the same bytes, so the hashing on the main thread overlaps the write that libuv's
 * thread pool performs. Buffered chunks go to the file in one `writev`. This replaces a hashing Transform piped
 * into `fs.createWriteStream` (two stream stages per chunk, and the hash always finished before the write began).
 *
 * Given the server's MD5 worker (a big body: receive.ts decides), the MD5 is computed there instead
 * (offloaded-body-hasher.ts), chunks are gathered into 1 MiB disk writes, and a write is acknowledged once the
 * worker has caught up to within a bound, so a slow worker pushes back on the source; the sink finishes once
 * the staged bytes are written and the MD5 is known.
 */
import { close, open, write, writev } from 'node:fs';
import { Writable } from 'node:stream';
import { type BodyDigest, BodyHasher } from '../../body/hashing.ts';
import type { Md5Worker } from './md5-worker.ts';
import { OffloadedBodyHasher } from './offloaded-body-hasher.ts';

/** How much the sink buffers before it pushes back on its source: a few socket reads. */
const HIGH_WATER_MARK = 1024 * 1024;

/** With the MD5 worker: bytes gathered into one disk write. */
const WRITE_BATCH_BYTES = 1024 * 1024;

/** Writes what it is given to `path` (created; it must not exist) and hashes it. */
export class HashingFileSink extends Writable {
  readonly #path: string;
  readonly #hasher: BodyHasher | OffloadedBodyHasher;
  /** The hasher when the MD5 is computed on the worker. */
  readonly #offloaded: OffloadedBodyHasher | undefined;
  #fd: number | undefined;
  /** With the MD5 worker: chunks hashed and acknowledged, not yet written. */
  #staged: Buffer[] = [];
  #stagedBytes = 0;
  /** True while a write of this sink runs in the thread pool (there is at most one). */
  #writing = false;
  /** Set by a destroy during a write: closes the file once that write has returned. */
  #closeAfterWrite: (() => void) | undefined;

  /** `md5Worker`: compute the MD5 there (worth it for a big body only). */
  constructor(path: string, options: { sha256?: boolean; md5Worker?: Md5Worker | undefined } = {}) {
    super({ highWaterMark: HIGH_WATER_MARK, decodeStrings: true });
    this.#path = path;
    this.#offloaded = options.md5Worker ? new OffloadedBodyHasher(options.md5Worker, options) : undefined;
    this.#hasher = this.#offloaded ?? new BodyHasher(options);
  }

  /**
   * Size, MD5 and CRC-64 of the bytes written so far; with the MD5 worker, only once the sink has finished
   * (before, it throws).
   */
  digest(): BodyDigest {
    return this.#hasher.digest();
  }

  /** Lower-case hex SHA-256 of the bytes, when asked for at construction. */
  sha256Hex(): string | undefined {
    return this.#hasher.sha256Hex();
  }

  override _construct(callback: (error?: Error | null) => void): void {
    open(this.#path, 'wx', (err, fd) => {
      if (!err) this.#fd = fd;
      callback(err);
    });
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.#accept([chunk], callback);
  }

  override _writev(
    chunks: Array<{ chunk: Buffer; encoding: BufferEncoding }>,
    callback: (error?: Error | null) => void,
  ): void {
    this.#accept(
      chunks.map((c) => c.chunk),
      callback,
    );
  }

  override _final(callback: (error?: Error | null) => void): void {
    const offloaded = this.#offloaded;
    if (!offloaded) {
      callback();
      return;
    }
    const finish = (): void => {
      offloaded.finish().then(() => callback(), callback);
    };
    const staged = this.#takeStaged();
    if (staged.length === 0) finish();
    else this.#writeFile(staged, (err) => (err ? callback(err) : finish()));
  }

  /**
   * Closes the file, but never under a write that is still running: the descriptor's number could be reused by
   * another open before the queued write reaches it, and that write would land in someone else's file.
   */
  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    this.#offloaded?.abort();
    this.#staged = [];
    const fd = this.#fd;
    this.#fd = undefined;
    if (fd === undefined) {
      callback(error);
      return;
    }
    const closeFile = (): void => close(fd, (closeErr) => callback(error ?? closeErr));
    if (this.#writing) this.#closeAfterWrite = closeFile;
    else closeFile();
  }

  #accept(chunks: Buffer[], callback: (error?: Error | null) => void): void {
    if (this.#offloaded) this.#stage(this.#offloaded, chunks, callback);
    else this.#writeAll(chunks, callback);
  }

  /** Starts the write of `chunks`, hashes them while it runs, calls back once it has finished. */
  #writeAll(chunks: Buffer[], callback: (error?: Error | null) => void): void {
    this.#writeFile(chunks, callback);
    for (const chunk of chunks) {
      this.#hasher.update(chunk);
    }
  }

  /**
   * With the MD5 worker: hashes `chunks` and keeps them until {@link WRITE_BATCH_BYTES} are staged, then writes
   * them in one `writev`. Without the MD5 to compute, this thread keeps up with the socket, so writing each read
   * at once would cost a write per 64 KiB (measured: the thread pool's CPU per GiB nearly tripled). Calls back
   * once the write (if any) has finished and the worker has caught up.
   */
  #stage(offloaded: OffloadedBodyHasher, chunks: Buffer[], callback: (error?: Error | null) => void): void {
    for (const chunk of chunks) {
      offloaded.update(chunk);
      this.#staged.push(chunk);
      this.#stagedBytes += chunk.length;
    }
    if (this.#stagedBytes < WRITE_BATCH_BYTES) this.#whenCaughtUp(offloaded, callback);
    else
      this.#writeFile(this.#takeStaged(), (err) =>
        err ? callback(err) : this.#whenCaughtUp(offloaded, callback),
      );
  }

  #takeStaged(): Buffer[] {
    const staged = this.#staged;
    this.#staged = [];
    this.#stagedBytes = 0;
    return staged;
  }

  /**
   * Writes all of `chunks` (resuming after a short write), then calls `done`. Once the sink is destroyed, nothing
   * more is written and `done` is not called (the stream ignores it by then).
   */
  #writeFile(chunks: Buffer[], done: (error?: Error | null) => void): void {
    const fd = this.#fd;
    if (fd === undefined) return;
    let pending = chunks;
    const onWritten = (err: NodeJS.ErrnoException | null, written: number): void => {
      this.#writing = false;
      const closeFile = this.#closeAfterWrite;
      if (closeFile !== undefined) {
        this.#closeAfterWrite = undefined;
        closeFile();
        return;
      }
      if (err) {
        done(err);
        return;
      }
      pending = remainingAfter(pending, written);
      if (pending.length > 0) issue();
      else done();
    };
    const issue = (): void => {
      this.#writing = true;
      if (pending.length === 1) write(fd, pending[0]!, 0, pending[0]!.length, null, onWritten);
      else writev(fd, pending, null, onWritten);
    };
    issue();
  }

  /** Calls back now, or once the MD5 worker has caught up (with its error if it failed). */
  #whenCaughtUp(offloaded: OffloadedBodyHasher, callback: (error?: Error | null) => void): void {
    const wait = offloaded.ready();
    if (!wait) callback();
    else wait.then(() => callback(), callback);
  }
}

/** What is left of `chunks` after the first `written` bytes (a short write). Exported for its test. */
export function remainingAfter(chunks: Buffer[], written: number): Buffer[] {
  let skip = written;
  let i = 0;
  while (i < chunks.length && skip >= chunks[i]!.length) {
    skip -= chunks[i]!.length;
    i++;
  }
  const left = chunks.slice(i);
  if (left.length > 0 && skip > 0) left[0] = left[0]!.subarray(skip);
  return left;
}
