/**
 * The buckets of the server, each with its objects. Uploads are kept apart (state/uploads.ts). With a durable
 * {@link Journal}, creating and deleting a bucket is on disk before it is answered.
 */
import { type Journal, NO_JOURNAL } from '../storage/journal.ts';
import { ObjectIndex } from './objects.ts';

export interface Bucket {
  name: string;
  created: Date;
  objects: ObjectIndex;
}

export class BucketRegistry {
  readonly #buckets = new Map<string, Bucket>();
  readonly #journal: Journal;

  constructor(journal: Journal = NO_JOURNAL) {
    this.#journal = journal;
  }

  /** Creates a bucket; false when it exists already. */
  async create(name: string): Promise<boolean> {
    if (this.#buckets.has(name)) return false;
    const bucket = this.restore(name, new Date());
    try {
      await this.#journal.saveBucket({ name, created: bucket.created.toISOString() });
    } catch (err) {
      this.#buckets.delete(name);
      throw err;
    }
    return true;
  }

  /** Puts back a bucket read from disk at start (or makes one in memory); returns it. */
  restore(name: string, created: Date): Bucket {
    const bucket = { name, created, objects: new ObjectIndex(name, this.#journal) };
    this.#buckets.set(name, bucket);
    return bucket;
  }

  get(name: string): Bucket | undefined {
    return this.#buckets.get(name);
  }

  /** Removes a bucket (the caller checked that it is empty). */
  async delete(name: string): Promise<boolean> {
    if (!this.#buckets.delete(name)) return false;
    await this.#journal.deleteBucket(name);
    return true;
  }

  names(): string[] {
    return [...this.#buckets.keys()].sort();
  }
}
