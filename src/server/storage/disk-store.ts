/**
 * Where the server keeps bytes: `<dataDir>/tmp` (bodies being received, durable), `<dataDir>/parts` (parts) and
 * `<dataDir>/objects` (objects), or memory (small bodies, ephemeral).
 *
 * Ephemeral (no data directory given, the server made a temp one): metadata lives in memory only, the directories
 * are emptied at start, and nothing is flushed. A body of known size up to {@link MEMORY_BODY_LIMIT} is held in
 * memory while {@link MEMORY_BUDGET} allows (no file is created: creating one costs more than the rest of a small
 * Upload Part); any other body is written straight to its final, never reused name under `parts/` or `objects/`
 * (no temp file, no rename). Either way nothing points at the bytes before the caller swaps in the record naming
 * them, so an overwrite stays atomic, and a refused body is discarded (its file removed) before it is answered.
 *
 * Durable (a data directory given): every body is received into `tmp/`; at commit it is flushed to the disk,
 * renamed into place and its directory flushed before the caller writes the record naming it
 * (src/server/storage/journal.ts); only `tmp` is emptied at start, and recovery (recover.ts) removes data files no
 * record names. No body is held in memory past its request.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fsyncDir, fsyncFile } from './durable-write.ts';
import type { BodyTarget, PendingBody } from './receive.ts';
import { removeFile, StoredFile } from './stored-file.ts';

const SUBDIRS = ['tmp', 'parts', 'objects'] as const;

/** Largest body an ephemeral store holds in memory: the 1 MiB minimum part size, so suites' parts fit. */
export const MEMORY_BODY_LIMIT = 1024 * 1024;

/** Most bytes an ephemeral store holds in memory at once by default; past it, bodies go to files. */
export const MEMORY_BUDGET = 64 * 1024 * 1024;

/** Where stored bytes belong. */
export type StoreKind = 'parts' | 'objects';

export class DiskStore {
  readonly dataDir: string;
  /** Files are flushed before they are committed, and kept across restarts. */
  readonly durable: boolean;
  /** Names are this store's prefix and a counter: unique without random bytes per name. */
  readonly #namePrefix = `${Date.now().toString(36)}-${randomBytes(6).toString('hex')}-`;
  #sequence = 0;
  /** Bytes of the bodies held in memory. */
  #memoryHeld = 0;
  /** Most bytes held in memory at once (0 when durable: every body goes to a file). */
  readonly #memoryBudget: number;

  private constructor(dataDir: string, durable: boolean, memoryBudget: number) {
    this.dataDir = dataDir;
    this.durable = durable;
    this.#memoryBudget = durable ? 0 : memoryBudget;
  }

  /**
   * Prepares the layout under `dataDir` (which must exist). Removes the bodies an earlier server was receiving,
   * and (ephemeral) everything else it left. `memoryBudget` (ephemeral): most bytes of small bodies held in
   * memory at once, default {@link MEMORY_BUDGET}; 0 writes every body to a file.
   */
  static async open(
    dataDir: string,
    options: { durable?: boolean; memoryBudget?: number } = {},
  ): Promise<DiskStore> {
    const durable = options.durable ?? false;
    for (const sub of SUBDIRS) {
      if (sub === 'tmp' || !durable) await rm(join(dataDir, sub), { recursive: true, force: true });
      await mkdir(join(dataDir, sub), { recursive: true });
    }
    return new DiskStore(dataDir, durable, options.memoryBudget ?? MEMORY_BUDGET);
  }

  /** Bytes of the bodies held in memory now (ephemeral). */
  get memoryHeld(): number {
    return this.#memoryHeld;
  }

  /**
   * Where to receive a body that will be committed as `kind`; `size`: its length when known (a bound: it may
   * arrive shorter, never longer). Durable: a new file under tmp/. Ephemeral: memory for a small body while the
   * budget allows, else a new file at its final place.
   */
  target(kind: StoreKind, size: number | undefined): BodyTarget {
    if (
      this.#memoryBudget > 0 &&
      size !== undefined &&
      size <= MEMORY_BODY_LIMIT &&
      this.#memoryHeld + size <= this.#memoryBudget
    ) {
      return { kind: 'memory', limit: size };
    }
    return this.fileTarget(kind);
  }

  /** {@link target} for a body that is always written to a file (an object assembled by Complete). */
  fileTarget(kind: StoreKind): { kind: 'file'; path: string } {
    return {
      kind: 'file',
      path: this.durable ? join(this.dataDir, 'tmp', this.#uniqueName()) : this.#finalPath(kind),
    };
  }

  /**
   * Makes a fully received body a {@link StoredFile} of `kind` (`pending` came from {@link target} with the same
   * kind, or holds bytes in memory). Each commit gets its own file or buffer, so two commits of one part number
   * never share one. Durable: the file is flushed, renamed into place and the rename flushed when this resolves.
   */
  async commit(pending: PendingBody, kind: StoreKind): Promise<StoredFile> {
    let path: string;
    if (pending.kind === 'memory') {
      const { bytes } = pending;
      if (this.#memoryBudget > 0 && this.#memoryHeld + bytes.length <= this.#memoryBudget)
        return this.#holdInMemory(bytes);
      path = this.durable ? join(this.dataDir, 'tmp', this.#uniqueName()) : this.#finalPath(kind);
      await writeFile(path, bytes, { flag: 'wx' });
    } else {
      path = pending.path;
    }
    if (!this.durable) return new StoredFile(path);
    const finalPath = this.#finalPath(kind);
    await fsyncFile(path);
    await rename(path, finalPath);
    await fsyncDir(join(this.dataDir, kind));
    return new StoredFile(finalPath);
  }

  /** Drops a body that will not be committed (refused, or its upload gone): its file, if it has one, is removed. */
  async discard(body: PendingBody | BodyTarget): Promise<void> {
    if (body.kind === 'file') await removeFile(body.path);
  }

  /** The stored file a record names. */
  fileOf(name: string): StoredFile {
    return new StoredFile(join(this.dataDir, ...name.split('/')));
  }

  #holdInMemory(bytes: Buffer): StoredFile {
    this.#memoryHeld += bytes.length;
    return StoredFile.inMemory(bytes, () => {
      this.#memoryHeld -= bytes.length;
    });
  }

  #finalPath(kind: StoreKind): string {
    return join(this.dataDir, kind, this.#uniqueName());
  }

  #uniqueName(): string {
    this.#sequence++;
    return this.#namePrefix + this.#sequence.toString(36);
  }
}
