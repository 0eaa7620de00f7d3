/**
 * The bytes of one part or object version: a file on disk, or (ephemeral store, small bodies: disk-store.ts) a
 * buffer in memory. They are never overwritten in place: a new version is a new file or buffer, and the old one is
 * retired (unlinked or dropped once no reader holds it), so a reader that started on the old version finishes
 * reading it whole, and metadata never describes bytes other than the ones it points to.
 */
import { createReadStream } from 'node:fs';
import { unlink } from 'node:fs/promises';
import { Readable } from 'node:stream';

/** An inclusive byte range, as `fs.createReadStream` takes it. */
export interface ByteRange {
  start: number;
  end: number;
}

export class StoredFile {
  /** Where the bytes are on disk; undefined when they are held in memory. */
  readonly path: string | undefined;
  #bytes: Buffer | undefined;
  /** Called once when a memory-held body is dropped (the store's memory account). */
  readonly #onDrop: (() => void) | undefined;
  #readers = 0;
  #retired = false;

  /** The file at `path`. */
  constructor(path: string);
  /** (For {@link StoredFile.inMemory}.) */
  constructor(path: undefined, bytes: Buffer, onDrop: () => void);
  constructor(path: string | undefined, bytes?: Buffer, onDrop?: () => void) {
    this.path = path;
    this.#bytes = bytes;
    this.#onDrop = onDrop;
  }

  /** Bytes held in memory; `onDrop` is called once they are dropped (retired and unread). */
  static inMemory(bytes: Buffer, onDrop: () => void): StoredFile {
    return new StoredFile(undefined, bytes, onDrop);
  }

  /** The file's path, for the durable journal (whose store never holds bytes in memory). */
  pathOnDisk(): string {
    if (this.path === undefined)
      throw new Error('a body held in memory has no file (only an ephemeral store holds one)');
    return this.path;
  }

  /** A stream of the bytes (`range`: inclusive, within the size); hold {@link acquire} while it is read. */
  readStream(range?: ByteRange): Readable {
    if (this.path !== undefined) return createReadStream(this.path, range);
    const bytes = this.#bytes;
    if (bytes === undefined) throw new Error('the body was dropped: acquire() it before reading');
    const slice = range ? bytes.subarray(range.start, range.end + 1) : bytes;
    return Readable.from(slice.length > 0 ? [slice] : [], { objectMode: false });
  }

  /** Holds the file open for reading; call the returned function when done (idempotent). */
  acquire(): () => void {
    this.#readers++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.#readers--;
      this.#maybeUnlink();
    };
  }

  /** Marks the file as no longer current; it is unlinked as soon as no reader holds it. */
  retire(): void {
    this.#retired = true;
    this.#maybeUnlink();
  }

  get retired(): boolean {
    return this.#retired;
  }

  #maybeUnlink(): void {
    if (!this.#retired || this.#readers !== 0) return;
    if (this.path !== undefined) void removeFile(this.path);
    else if (this.#bytes !== undefined) {
      this.#bytes = undefined;
      this.#onDrop?.();
    }
  }
}

/** Unlinks a file, ignoring a file that is already gone. */
export async function removeFile(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
  }
}
