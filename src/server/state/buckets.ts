/** The buckets of the server, each with its objects. Uploads are kept apart (state/uploads.ts). */
import { ObjectIndex } from './objects.ts';

export interface Bucket {
  name: string;
  created: Date;
  objects: ObjectIndex;
}

export class BucketRegistry {
  readonly #buckets = new Map<string, Bucket>();

  /** Creates a bucket; false when it exists already. */
  create(name: string): boolean {
    if (this.#buckets.has(name)) return false;
    this.#buckets.set(name, { name, created: new Date(), objects: new ObjectIndex() });
    return true;
  }

  get(name: string): Bucket | undefined {
    return this.#buckets.get(name);
  }

  /** Removes a bucket (the caller checked that it is empty). */
  delete(name: string): boolean {
    return this.#buckets.delete(name);
  }

  names(): string[] {
    return [...this.#buckets.keys()].sort();
  }
}
