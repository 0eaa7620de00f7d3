/**
 * Objects of a bucket: metadata in memory, bytes in a {@link StoredFile}. With a durable {@link Journal} each
 * change is written to disk before it takes effect in memory (and before the request is answered), one key at a
 * time, so memory and disk agree on which version won.
 */
import { type Journal, NO_JOURNAL } from '../storage/journal.ts';
import type { ObjectMeta } from '../storage/journal-records.ts';
import type { StoredFile } from '../storage/stored-file.ts';
import { type EncryptionFields, encryptionFieldsOf } from './encryption.ts';
import { KeyedQueue } from './serial.ts';

export interface ObjectRecord extends EncryptionFields {
  key: string;
  file: StoredFile;
  size: number;
  /** The ETag header value, quotes included. */
  etag: string;
  /** CRC-64/XZ decimal (spec §5.3). */
  crc64: string;
  contentType: string;
  lastModified: Date;
  /** `x-cos-meta-*` headers as received (lower-case names). */
  userMetadata: Readonly<Record<string, string>>;
  /** Sizes of the parts in order, for an object assembled by Complete (Get Object `?partNumber=N`). */
  partSizes?: readonly number[];
}

/** The objects of one bucket, by key. Replacing or deleting an object retires its file. */
export class ObjectIndex {
  readonly #objects = new Map<string, ObjectRecord>();
  readonly #bucket: string;
  readonly #journal: Journal;
  readonly #keys = new KeyedQueue();

  constructor(bucket = '', journal: Journal = NO_JOURNAL) {
    this.#bucket = bucket;
    this.#journal = journal;
  }

  get(key: string): ObjectRecord | undefined {
    return this.#objects.get(key);
  }

  /**
   * Stores `record`, retiring the file of the object it replaces. `fromUpload`: the upload a Complete made it
   * from (recorded, so that recovery finishes a Complete interrupted after this point).
   */
  async put(record: ObjectRecord, fromUpload?: string): Promise<void> {
    if (!this.#journal.durable) {
      this.#swap(record);
      return;
    }
    await this.#keys.run(record.key, async () => {
      await this.#journal.saveObject(this.#meta(record, fromUpload));
      this.#swap(record);
    });
  }

  /** Removes the object; true when there was one. */
  async delete(key: string): Promise<boolean> {
    if (!this.#journal.durable) return this.#remove(key);
    return this.#keys.run(key, async () => {
      if (!this.#objects.has(key)) return false;
      await this.#journal.deleteObject(this.#bucket, key);
      return this.#remove(key);
    });
  }

  /** Puts back an object read from disk at start. */
  restore(record: ObjectRecord): void {
    this.#objects.set(record.key, record);
  }

  get size(): number {
    return this.#objects.size;
  }

  /** All records sorted by key in UTF-8 byte order. */
  sorted(): ObjectRecord[] {
    return [...this.#objects.values()].sort((a, b) => compareKeys(a.key, b.key));
  }

  #swap(record: ObjectRecord): void {
    const previous = this.#objects.get(record.key);
    this.#objects.set(record.key, record);
    if (previous && previous.file !== record.file) previous.file.retire();
  }

  #remove(key: string): boolean {
    const previous = this.#objects.get(key);
    if (!previous) return false;
    this.#objects.delete(key);
    previous.file.retire();
    return true;
  }

  #meta(record: ObjectRecord, fromUpload: string | undefined): ObjectMeta {
    return {
      bucket: this.#bucket,
      key: record.key,
      file: this.#journal.nameOf(record.file.pathOnDisk()),
      size: record.size,
      etag: record.etag,
      crc64: record.crc64,
      contentType: record.contentType,
      lastModified: record.lastModified.toISOString(),
      userMetadata: { ...record.userMetadata },
      ...encryptionFieldsOf(record),
      ...(fromUpload !== undefined ? { fromUpload } : {}),
    };
  }
}

/** Key order of listings: UTF-8 byte order, as S3/COS list keys. */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
