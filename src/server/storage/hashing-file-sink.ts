/**
 * A writable that stores bytes in a new file and hashes them (MD5 + CRC-64, optionally SHA-256), issuing each
 * disk write before hashing the same bytes, so the hashing on the main thread overlaps the write that libuv's
 * thread pool performs. Buffered chunks go to the file in one `writev`. This replaces a hashing Transform piped
 * into `fs.createWriteStream` (two stream stages per chunk, and the hash always finished before the write began).
 */
import { close, open, write, writev } from 'node:fs';
import { Writable } from 'node:stream';
import { type BodyDigest, BodyHasher } from '../../body/hashing.ts';

/** How much the sink buffers before it pushes back on its source: a few socket reads. */
const HIGH_WATER_MARK = 1024 * 1024;

/** Writes what it is given to `path` (created; it must not exist) and hashes it. */
export class HashingFileSink extends Writable {
  readonly #path: string;
  readonly #hasher: BodyHasher;
  #fd: number | undefined;

  constructor(path: string, options: { sha256?: boolean } = {}) {
    super({ highWaterMark: HIGH_WATER_MARK, decodeStrings: true });
    this.#path = path;
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

  override _construct(callback: (error?: Error | null) => void): void {
    open(this.#path, 'wx', (err, fd) => {
      if (!err) this.#fd = fd;
      callback(err);
    });
  }

  override _write(chunk: Buffer, _encoding: BufferEncoding, callback: (error?: Error | null) => void): void {
    this.#writeAll([chunk], callback);
  }

  override _writev(
    chunks: Array<{ chunk: Buffer; encoding: BufferEncoding }>,
    callback: (error?: Error | null) => void,
  ): void {
    this.#writeAll(
      chunks.map((c) => c.chunk),
      callback,
    );
  }

  override _destroy(error: Error | null, callback: (error?: Error | null) => void): void {
    const fd = this.#fd;
    this.#fd = undefined;
    if (fd === undefined) callback(error);
    else close(fd, (closeErr) => callback(error ?? closeErr));
  }

  /** Starts the write of `chunks`, hashes them while it runs, calls back once it has finished. */
  #writeAll(chunks: Buffer[], callback: (error?: Error | null) => void): void {
    const fd = this.#fd as number;
    let pending = chunks;
    const onWritten = (err: NodeJS.ErrnoException | null, written: number): void => {
      if (err) {
        callback(err);
        return;
      }
      pending = remainingAfter(pending, written);
      if (pending.length === 0) callback();
      else issue();
    };
    const issue = (): void => {
      if (pending.length === 1) write(fd, pending[0]!, 0, pending[0]!.length, null, onWritten);
      else writev(fd, pending, null, onWritten);
    };
    issue();
    for (const chunk of chunks) {
      this.#hasher.update(chunk);
    }
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
