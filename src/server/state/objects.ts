/** Objects of a bucket: metadata in memory, bytes in a {@link StoredFile}. */
import type { StoredFile } from '../storage/stored-file.ts';

export interface ObjectRecord {
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
  /** `x-cos-server-side-encryption` when stored with it. */
  serverSideEncryption?: string;
  /** Sizes of the parts in order, for an object assembled by Complete (Get Object `?partNumber=N`). */
  partSizes?: readonly number[];
}

/** The objects of one bucket, by key. Replacing or deleting an object retires its file. */
export class ObjectIndex {
  readonly #objects = new Map<string, ObjectRecord>();

  get(key: string): ObjectRecord | undefined {
    return this.#objects.get(key);
  }

  /** Stores `record`, retiring the file of the object it replaces. */
  put(record: ObjectRecord): void {
    const previous = this.#objects.get(record.key);
    this.#objects.set(record.key, record);
    if (previous && previous.file !== record.file) previous.file.retire();
  }

  /** Removes the object; true when there was one. */
  delete(key: string): boolean {
    const previous = this.#objects.get(key);
    if (!previous) return false;
    this.#objects.delete(key);
    previous.file.retire();
    return true;
  }

  get size(): number {
    return this.#objects.size;
  }

  /** All records sorted by key in UTF-8 byte order. */
  sorted(): ObjectRecord[] {
    return [...this.#objects.values()].sort((a, b) => compareKeys(a.key, b.key));
  }
}

/** Key order of listings: UTF-8 byte order, as S3/COS list keys. */
export function compareKeys(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}
