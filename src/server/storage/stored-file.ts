/**
 * A file holding the bytes of one part or object version. Files are never overwritten in place: a new version is
 * a new file, and the old one is retired (unlinked once no reader holds it), so a reader that started on the old
 * version finishes reading it whole, and metadata never describes a file other than the one it points to.
 */
import { unlink } from 'node:fs/promises';

export class StoredFile {
  readonly path: string;
  #readers = 0;
  #retired = false;

  constructor(path: string) {
    this.path = path;
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
    if (this.#retired && this.#readers === 0) void removeFile(this.path);
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
