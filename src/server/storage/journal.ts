/**
 * Durable metadata of a server started with a data directory: one small JSON file per bucket, per upload, per
 * part and per object under `<dataDir>/meta`, each replaced atomically (src/server/storage/durable-write.ts) and
 * flushed before the request that changed it is answered. A server killed at any moment and restarted on the same
 * directory finds every acknowledged bucket, upload, part and object (src/server/storage/recover.ts).
 *
 *   meta/buckets/<hex of name>.json
 *   meta/uploads/<uploadId>/upload.json      written by Initiate
 *   meta/uploads/<uploadId>/part-<N>.json    written by Upload Part, after the part's bytes are flushed
 *   meta/objects/<sha256 of bucket+key>.json written by Put Object and Complete, after the bytes are flushed
 *   meta/trash/                              an upload being removed (Abort, Complete): renamed here first
 *
 * Per-file records instead of one log: a part commit rewrites one small file whatever the number of parts, and
 * recovery is a directory scan with nothing to replay.
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, rename, rm } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { fsyncDir, writeFileAtomic, writeFilesAtomic } from './durable-write.ts';
import type { BucketMeta, ObjectMeta, PartMeta, UploadMeta } from './journal-records.ts';
import { removeFile } from './stored-file.ts';

/** Where metadata changes go; the ephemeral server (no data directory given) keeps none. */
export interface Journal {
  /** True when changes are written to disk (and the state must wait for them). */
  readonly durable: boolean;
  /** How records name a data file: its path relative to the data directory, `/`-separated. */
  nameOf(path: string): string;
  saveBucket(meta: BucketMeta): Promise<void>;
  deleteBucket(name: string): Promise<void>;
  saveUpload(meta: UploadMeta): Promise<void>;
  /** Resolves false when the upload is no longer on disk (removed meanwhile): nothing was written. */
  savePart(uploadId: string, meta: PartMeta): Promise<boolean>;
  /** {@link savePart} for several parts at once, in order (one directory flush for all); false as savePart. */
  saveParts(uploadId: string, metas: readonly PartMeta[]): Promise<boolean>;
  deletePart(uploadId: string, partNumber: number): Promise<void>;
  /** Removes an upload and its part records, all at once (one rename). */
  dropUpload(uploadId: string): Promise<void>;
  saveObject(meta: ObjectMeta): Promise<void>;
  deleteObject(bucket: string, key: string): Promise<void>;
}

/** The journal of the ephemeral server: nothing is written. */
export const NO_JOURNAL: Journal = {
  durable: false,
  nameOf: (path) => path,
  saveBucket: async () => {},
  deleteBucket: async () => {},
  saveUpload: async () => {},
  savePart: async () => true,
  saveParts: async () => true,
  deletePart: async () => {},
  dropUpload: async () => {},
  saveObject: async () => {},
  deleteObject: async () => {},
};

/** Sub-directories of `<dataDir>/meta`. */
export const META_DIRS = {
  buckets: 'buckets',
  uploads: 'uploads',
  objects: 'objects',
  trash: 'trash',
} as const;

/** Name of an upload's own record inside its directory. */
export const UPLOAD_FILE = 'upload.json';

/** File name of a part record. */
export function partFileName(partNumber: number): string {
  return `part-${partNumber}.json`;
}

/** File name of a bucket record: the name in hex, whatever characters a configured name holds. */
export function bucketFileName(name: string): string {
  return `${Buffer.from(name, 'utf8').toString('hex')}.json`;
}

/** File name of an object record: keys may be anything (`../`, NUL, 1 KiB), so the name is a hash. */
export function objectFileName(bucket: string, key: string): string {
  return `${createHash('sha256').update(bucket).update('\0').update(key).digest('hex')}.json`;
}

export class DurableJournal implements Journal {
  readonly durable = true;
  readonly #dataDir: string;
  readonly #meta: string;

  private constructor(dataDir: string) {
    this.#dataDir = dataDir;
    this.#meta = join(dataDir, 'meta');
  }

  nameOf(path: string): string {
    return relative(this.#dataDir, path).split(sep).join('/');
  }

  /** Creates the metadata layout under `dataDir` (existing records are kept). */
  static async open(dataDir: string): Promise<DurableJournal> {
    for (const sub of Object.values(META_DIRS)) await mkdir(join(dataDir, 'meta', sub), { recursive: true });
    return new DurableJournal(dataDir);
  }

  #dir(sub: keyof typeof META_DIRS): string {
    return join(this.#meta, META_DIRS[sub]);
  }

  async saveBucket(meta: BucketMeta): Promise<void> {
    await writeFileAtomic(join(this.#dir('buckets'), bucketFileName(meta.name)), JSON.stringify(meta));
  }

  async deleteBucket(name: string): Promise<void> {
    await removeFile(join(this.#dir('buckets'), bucketFileName(name)));
    await fsyncDir(this.#dir('buckets'));
  }

  async saveUpload(meta: UploadMeta): Promise<void> {
    // Built aside and renamed in, so a directory under uploads/ always holds its upload.json.
    const staging = join(this.#dir('trash'), `new-${meta.uploadId}`);
    await mkdir(staging);
    await writeFileAtomic(join(staging, UPLOAD_FILE), JSON.stringify(meta));
    await rename(staging, join(this.#dir('uploads'), meta.uploadId));
    await fsyncDir(this.#dir('uploads'));
    await fsyncDir(this.#dir('trash'));
  }

  async savePart(uploadId: string, meta: PartMeta): Promise<boolean> {
    return this.saveParts(uploadId, [meta]);
  }

  async saveParts(uploadId: string, metas: readonly PartMeta[]): Promise<boolean> {
    try {
      await writeFilesAtomic(
        join(this.#dir('uploads'), uploadId),
        metas.map((meta) => ({ name: partFileName(meta.partNumber), data: JSON.stringify(meta) })),
      );
      return true;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return false;
      throw err;
    }
  }

  async deletePart(uploadId: string, partNumber: number): Promise<void> {
    const dir = join(this.#dir('uploads'), uploadId);
    await removeFile(join(dir, partFileName(partNumber)));
    await fsyncDir(dir).catch(() => undefined);
  }

  async dropUpload(uploadId: string): Promise<void> {
    const gone = join(this.#dir('trash'), `${uploadId}-${randomBytes(4).toString('hex')}`);
    try {
      await rename(join(this.#dir('uploads'), uploadId), gone);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
      throw err;
    }
    await fsyncDir(this.#dir('uploads'));
    await rm(gone, { recursive: true, force: true });
  }

  async saveObject(meta: ObjectMeta): Promise<void> {
    await writeFileAtomic(
      join(this.#dir('objects'), objectFileName(meta.bucket, meta.key)),
      JSON.stringify(meta),
    );
  }

  async deleteObject(bucket: string, key: string): Promise<void> {
    await removeFile(join(this.#dir('objects'), objectFileName(bucket, key)));
    await fsyncDir(this.#dir('objects'));
  }
}
