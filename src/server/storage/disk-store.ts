/**
 * Where the server keeps bytes: `<dataDir>/tmp` (bodies being received), `<dataDir>/parts` (committed parts) and
 * `<dataDir>/objects` (objects). Metadata lives in memory (src/server/state), so these directories only matter for
 * the lifetime of one server; they are emptied at start.
 */
import { randomBytes } from 'node:crypto';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { StoredFile } from './stored-file.ts';

const SUBDIRS = ['tmp', 'parts', 'objects'] as const;

export class DiskStore {
  readonly dataDir: string;
  #sequence = 0;

  private constructor(dataDir: string) {
    this.dataDir = dataDir;
  }

  /** Prepares the layout under `dataDir` (which must exist), removing leftovers of an earlier server. */
  static async open(dataDir: string): Promise<DiskStore> {
    for (const sub of SUBDIRS) {
      await rm(join(dataDir, sub), { recursive: true, force: true });
      await mkdir(join(dataDir, sub), { recursive: true });
    }
    return new DiskStore(dataDir);
  }

  /** A fresh path under tmp/ for a body being received. */
  tempPath(): string {
    return join(this.dataDir, 'tmp', this.#uniqueName());
  }

  /**
   * Moves a fully received temp file to its final place (an atomic rename on one filesystem) and returns it as a
   * {@link StoredFile}. Each commit gets its own name, so two commits of one part number never share a file.
   */
  async commit(tempPath: string, kind: 'parts' | 'objects'): Promise<StoredFile> {
    const finalPath = join(this.dataDir, kind, this.#uniqueName());
    await rename(tempPath, finalPath);
    return new StoredFile(finalPath);
  }

  #uniqueName(): string {
    this.#sequence++;
    return `${Date.now().toString(36)}-${this.#sequence.toString(36)}-${randomBytes(6).toString('hex')}`;
  }
}
