/**
 * Where the server keeps bytes: `<dataDir>/tmp` (bodies being received), `<dataDir>/parts` (committed parts) and
 * `<dataDir>/objects` (objects).
 *
 * Ephemeral (no data directory given, the server made a temp one): metadata lives in memory only, the directories
 * are emptied at start, and nothing is flushed. Durable (a data directory given): a committed file is flushed to
 * the disk, renamed into place and its directory flushed before the caller writes the record naming it
 * (src/server/storage/journal.ts); only `tmp` is emptied at start, and recovery (recover.ts) removes data files no
 * record names.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { fsyncDir, fsyncFile } from './durable-write.ts';
import { StoredFile } from './stored-file.ts';

const SUBDIRS = ['tmp', 'parts', 'objects'] as const;

export class DiskStore {
  readonly dataDir: string;
  /** Files are flushed before they are committed, and kept across restarts. */
  readonly durable: boolean;
  #sequence = 0;

  private constructor(dataDir: string, durable: boolean) {
    this.dataDir = dataDir;
    this.durable = durable;
  }

  /**
   * Prepares the layout under `dataDir` (which must exist). Removes the bodies an earlier server was receiving,
   * and (ephemeral) everything else it left.
   */
  static async open(dataDir: string, options: { durable?: boolean } = {}): Promise<DiskStore> {
    const durable = options.durable ?? false;
    for (const sub of SUBDIRS) {
      if (sub === 'tmp' || !durable) await rm(join(dataDir, sub), { recursive: true, force: true });
      await mkdir(join(dataDir, sub), { recursive: true });
    }
    return new DiskStore(dataDir, durable);
  }

  /** A fresh path under tmp/ for a body being received. */
  tempPath(): string {
    return join(this.dataDir, 'tmp', this.#uniqueName());
  }

  /**
   * Moves a fully received temp file to its final place (an atomic rename on one filesystem) and returns it as a
   * {@link StoredFile}. Each commit gets its own name, so two commits of one part number never share a file.
   * Durable: the bytes and the rename are on the disk when this resolves.
   */
  async commit(tempPath: string, kind: 'parts' | 'objects'): Promise<StoredFile> {
    const finalPath = join(this.dataDir, kind, this.#uniqueName());
    if (this.durable) await fsyncFile(tempPath);
    await rename(tempPath, finalPath);
    if (this.durable) await fsyncDir(join(this.dataDir, kind));
    return new StoredFile(finalPath);
  }

  /** The stored file a record names. */
  fileOf(name: string): StoredFile {
    return new StoredFile(join(this.dataDir, ...name.split('/')));
  }

  #uniqueName(): string {
    this.#sequence++;
    return `${Date.now().toString(36)}-${this.#sequence.toString(36)}-${randomBytes(6).toString('hex')}`;
  }
}
